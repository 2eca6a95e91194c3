import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves with the exit code when the process ends on its own. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts a child process whose output is prefixed with its name (or written to `logFile`).
 * Children stay in our process group, so a Ctrl-C reaches them at once even if we are killed
 * before we can stop them; `stop()` signals the child itself.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { logFile?: string; quiet?: boolean } = {},
): Managed {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const sink = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    if (sink) sink.write(chunk);
    else if (!options.quiet) {
      for (const line of chunk.toString().split('\n')) if (line) stream.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  void exited.then(() => sink?.end());
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  return {
    name,
    child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
