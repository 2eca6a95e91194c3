/**
 * What `./relance start` prints while it works: a line before each long step, then a line every
 * few seconds while it lasts (elapsed seconds, or bytes for a download), then how it ended.
 * Plain lines only, never rewritten in place: several steps run at once and the apps echo their
 * logs in between, and a non-TTY log stays readable.
 */
export interface Progress {
  /** Runs `work` as one named step; `report` feeds the periodic line (e.g. "12.1 of 40.3 MB"). */
  step<T>(label: string, work: (report: (detail: Detail) => void) => Promise<T>): Promise<T>;
  /** A one-off line. */
  note(text: string): void;
}

export interface Detail {
  text: string;
  /** 0..1 when known: lines are then also printed at every 10 %. */
  fraction?: number;
}

/** The step a failure happened in, with the folder or file concerned and what to do about it. */
export class StepError extends Error {
  constructor(
    readonly step: string,
    readonly reason: unknown,
    readonly hint?: string,
    readonly path?: string,
  ) {
    super(`${step}: ${describeError(reason)}`);
  }
}

/** The message of anything thrown or rejected: errors, their causes, strings, and nothing at all. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0)
    return err.errors.map((e) => describeError(e)).join('; ');
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const own = err.message || (code ? `${err.name} ${code}` : err.name);
    return err.cause === undefined ? own : `${own} (cause: ${describeError(err.cause)})`;
  }
  if (typeof err === 'string') return err || 'an empty error message';
  if (err === undefined || err === null) return `an error without a message (${String(err)})`;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/** The lines `./relance start` prints when it cannot start: step, cause, path, what to do. */
export function formatFailure(err: unknown, title = 'Relance failed to start.'): string {
  const lines = [title];
  // Pieces that started side by side may both fail: each is named.
  const failures = err instanceof AggregateError && err.errors.length > 0 ? err.errors : [err];
  for (const failure of failures) {
    if (failure instanceof StepError) {
      lines.push(`  Step:  ${failure.step}`, `  Cause: ${describeError(failure.reason)}`);
      if (failure.path) lines.push(`  Path:  ${failure.path}`);
      if (failure.hint) lines.push(`  Fix:   ${failure.hint}`);
    } else lines.push(`  Cause: ${describeError(failure)}`);
  }
  return lines.map((l) => l.replace(/\n/g, '\n         ')).join('\n');
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** In kB and MB of 1000, as pip and npm count. */
export function bytes(n: number): string {
  return n < 1e6 ? `${(n / 1e3).toFixed(0)} kB` : `${(n / 1e6).toFixed(1)} MB`;
}

/**
 * Lines prefixed with `prefix` on `out`; while a step lasts, one line every `everyMs` (5 s by
 * default) and, when the step reports a fraction, one at every 10 % in between.
 */
export function lineProgress(
  out: { write(text: string): unknown } = process.stdout,
  opts: { prefix?: string; everyMs?: number; now?: () => number } = {},
): Progress {
  const prefix = opts.prefix ?? '[start] ';
  const everyMs = opts.everyMs ?? 5000;
  const now = opts.now ?? Date.now;
  const say = (text: string) => out.write(`${prefix}${text}\n`);
  return {
    note: say,
    async step(label, work) {
      const begun = now();
      say(`${label} …`);
      let detail: Detail | undefined;
      let lastLine = begun;
      let lastDecile = 0;
      const line = () => {
        lastLine = now();
        say(`  ${label}: ${detail ? `${detail.text}, ` : ''}${seconds(lastLine - begun)}`);
      };
      const timer = setInterval(
        () => {
          if (now() - lastLine >= everyMs) line();
        },
        Math.min(everyMs, 1000),
      );
      timer.unref();
      try {
        const result = await work((d) => {
          detail = d;
          const decile = d.fraction === undefined ? 0 : Math.floor(d.fraction * 10);
          if (decile > lastDecile && decile < 10) {
            lastDecile = decile;
            line();
          }
        });
        say(`${label}: done in ${seconds(now() - begun)}`);
        return result;
      } catch (err) {
        say(`${label}: failed after ${seconds(now() - begun)}`);
        throw err;
      } finally {
        clearInterval(timer);
      }
    },
  };
}

/** No output at all (tests, `startStack`). */
export const silentProgress: Progress = {
  note: () => undefined,
  step: (_label, work) => work(() => undefined),
};
