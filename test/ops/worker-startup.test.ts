import { freePort, WORKER_MAIN } from '@relance/devstack';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DB_PASSWORD = 'pw-that-must-not-leak';

/** Runs the built worker to completion; the test timeout bounds it (no retry loop can hide). */
function runWorker(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('the worker process fails loudly at start', () => {
  it('exits 1 and names every bad or missing variable', async () => {
    const { code, output } = await runWorker({
      TEMPORAL_ADDRESS: 'temporal',
      WORKER_METRICS_PORT: 'ninety',
      LOG_LEVEL: 'chatty',
    });
    expect(code).toBe(1);
    expect(output).toContain('Invalid worker configuration');
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'WORKER_METRICS_PORT', 'LOG_LEVEL'])
      expect(output).toContain(`${name}: `);
  });

  it('exits 1 with a clear message when nothing listens at TEMPORAL_ADDRESS', async () => {
    const port = await freePort();
    const { code, output } = await runWorker({
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      DATABASE_URL: `postgres://relance:${DB_PASSWORD}@127.0.0.1:5432/relance`,
    });
    expect(code).toBe(1);
    expect(output).toContain(`cannot connect to Temporal at 127.0.0.1:${port}`);
    expect(output).not.toContain(DB_PASSWORD);
    // Structured: the failure is one JSON line at level fatal.
    const fatal = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .find((l) => l.level === 'fatal');
    expect(fatal?.msg).toContain('Temporal');
  });

  describe('against a frontend that accepts TCP but never answers', () => {
    let server: Server;
    let port: number;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      port = await freePort();
      server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('gives up after TEMPORAL_CONNECT_TIMEOUT_MS instead of retrying forever', async () => {
      const { code, output } = await runWorker({
        TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
        TEMPORAL_CONNECT_TIMEOUT_MS: '1500',
        DATABASE_URL: `postgres://relance:${DB_PASSWORD}@127.0.0.1:5432/relance`,
      });
      expect(code).toBe(1);
      expect(output).toContain(`no answer from Temporal at 127.0.0.1:${port} within 1500 ms`);
      expect(output).not.toContain(DB_PASSWORD);
    });
  });
});
