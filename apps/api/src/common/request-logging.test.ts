import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger, JsonLogger, requestLogging } from './logger';
import { ProblemFilter } from './problem';

@Controller()
class ProbeController {
  @Get('ok')
  ok() {
    return { ok: true };
  }

  @Get('boom')
  boom() {
    throw Object.assign(new Error('the ledger is on fire'), { apiKey: 'rk_live_leak' });
  }
}

const lines: Record<string, unknown>[] = [];
let app: NestExpressApplication;
let base: string;

/** The wiring of `createApp` (main.ts) around a probe controller: no database needed. */
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createJsonLogger('info', sink);
  const logging = requestLogging(logger);
  @Module({
    imports: [logging.module],
    controllers: [ProbeController],
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
  })
  class ProbeModule {}
  app = await NestFactory.create<NestExpressApplication>(ProbeModule, { logger: new JsonLogger(logger) });
  app.use(logging.middleware);
  app.useLogger(app.get(Logger));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
});

/** pino writes asynchronously to the sink: the line for a response may follow it by a tick. */
async function lineWith(predicate: (line: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 50 && !lines.some(predicate); i++) await new Promise((r) => setTimeout(r, 10));
  return lines.filter(predicate);
}

describe('request ids', () => {
  it('keeps a valid incoming X-Request-Id, echoes it and logs the response with it', async () => {
    const res = await fetch(`${base}/ok?email=someone@example.test`, {
      headers: { 'X-Request-Id': 'req-0001.abc', Authorization: 'Bearer rk_live_secret' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-0001.abc');
    const [line] = await lineWith((l) => l.requestId === 'req-0001.abc');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      requestId: 'req-0001.abc',
      req: { id: 'req-0001.abc', method: 'GET', path: '/ok' },
      res: { statusCode: 200 },
    });
    // Neither the credentials nor the query string (personal data) reach the log.
    expect(JSON.stringify(lines)).not.toMatch(/rk_live_secret|someone@example/);
  });

  it('replaces an invalid or missing X-Request-Id with a new UUID', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const invalid = await fetch(`${base}/ok`, { headers: { 'X-Request-Id': 'a b<script>' } });
    const missing = await fetch(`${base}/ok`);
    const [a, b] = [invalid.headers.get('x-request-id'), missing.headers.get('x-request-id')];
    expect(a).toMatch(uuid);
    expect(b).toMatch(uuid);
    expect(a).not.toBe(b);
    expect(await lineWith((l) => l.requestId === a)).toHaveLength(1);
  });

  it('carries the id on the problem+json error log, with the secrets still redacted', async () => {
    const res = await fetch(`${base}/boom`, { headers: { 'X-Request-Id': 'req-boom-1' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('x-request-id')).toBe('req-boom-1');
    const logged = await lineWith((l) => l.requestId === 'req-boom-1' && l.context === 'Problem');
    expect(logged[0]).toMatchObject({
      level: 50,
      msg: 'request failed',
      path: '/boom',
      err: { message: 'the ledger is on fire', apiKey: '[redacted]' },
    });
    expect(await lineWith((l) => l.requestId === 'req-boom-1' && l.res !== undefined)).toEqual([
      expect.objectContaining({ level: 50, res: { statusCode: 500 } }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('rk_live_leak');
  });
});
