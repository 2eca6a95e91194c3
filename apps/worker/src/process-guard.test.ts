import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The built modules (`./relance build`): the guard is tried in a process of its own. */
const DIST = join(__dirname, '..', 'dist');

/**
 * A worker-like process: the guard installed as main.ts does, then the shapes that used to end the
 * worker: a timer callback touching a binding before its initialisation (issue 18's `req.destroy()`),
 * an event callback that throws, and a promise rejected with nobody listening.
 */
const SCRIPT = `
const { installProcessGuard } = require(${JSON.stringify(join(DIST, 'process-guard.js'))});
const { processMetrics } = require(${JSON.stringify(join(DIST, 'process-metrics.js'))});
const { createLogger } = require(${JSON.stringify(join(DIST, 'logging.js'))});
const { EventEmitter } = require('node:events');
const own = processMetrics();
installProcessGuard(createLogger('info'), own.uncaught);
setTimeout(() => {
  const finish = () => req.destroy();
  finish();
  let req;
}, 5);
const emitter = new EventEmitter();
emitter.on('data', () => { throw new TypeError('a stream handler failed'); });
setTimeout(() => emitter.emit('data'), 10);
setTimeout(() => void Promise.reject(new Error('rejected with nobody listening')), 15);
setTimeout(async () => {
  process.stdout.write(await own.registry.metrics());
  process.stdout.write('STILL RUNNING\\n');
}, 200);
`;

function run(): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe('installProcessGuard', () => {
  it('keeps the process running after errors thrown from a timer, an event callback and a lost rejection', async () => {
    const { code, output } = await run();
    expect(output).toContain('STILL RUNNING');
    expect(code, output).toBe(0);
    expect(output).toMatch(/relance_worker_uncaught_errors_total\{[^}]*origin="uncaughtException"[^}]*\} 2/);
    expect(output).toMatch(/relance_worker_uncaught_errors_total\{[^}]*origin="unhandledRejection"[^}]*\} 1/);
    const logged = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; msg: string; err?: { stack?: string } });
    expect(logged.map((l) => l.level)).toEqual(['error', 'error', 'error']);
    expect(logged[0]!.msg).toMatch(/ReferenceError: Cannot access 'req' before initialization/);
    expect(logged[0]!.err?.stack).toMatch(/at Timeout/);
    expect(logged[1]!.msg).toMatch(/TypeError: a stream handler failed/);
    expect(logged[2]!.msg).toMatch(/rejected with nobody listening/);
  });
});
