import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { freePort } from '@relance/devstack';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../config';
import { createApp } from '../main';

/** The real API over a real Postgres, with Temporal at an address where nothing listens. */
let testDb: TestDatabase | undefined;
let app: NestExpressApplication;
let url: string;
let temporalPort: number;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'api-health' });
  temporalPort = await freePort();
  app = await createApp(
    loadApiConfig({
      DATABASE_URL: testDb.url,
      RELANCE_SECRET_KEY: randomBytes(32).toString('hex'),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      LOG_LEVEL: 'silent',
    }),
  );
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await testDb?.stop();
});

describe('GET /health/ready without credentials (issue 18)', () => {
  const unready = async () => {
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(503);
    return { text: await res.text(), port: new URL(testDb?.url ?? 'postgres://x:1').port };
  };

  it('says which dependency is down, without the error text (addresses, ports, driver messages)', async () => {
    const { text } = await unready();
    expect(JSON.parse(text)).toMatchObject({
      status: 503,
      detail: 'a dependency is down',
      checks: { postgres: 'up', temporal: 'down' },
    });
    expect(text).not.toContain(String(temporalPort));
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|no answer in|Error/);
  });

  it('keeps the database error out of the answer too', async () => {
    const { port } = await unready();
    await testDb!.stop();
    testDb = undefined;
    const res = await fetch(`${url}/health/ready`);
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(JSON.parse(text).checks).toEqual({ postgres: 'down', temporal: 'down' });
    expect(text).not.toContain(port);
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminat|connect|Error/i);
  });
});
