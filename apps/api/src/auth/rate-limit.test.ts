import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../config';
import { createApp } from '../main';
import { ApiKeysService } from '../tenants/api-keys.service';
import { TenantsService } from '../tenants/tenants.service';

/**
 * Two API replicas (two Nest apps, each with its own pool) over one real Postgres: the
 * per-tenant budget is one, whichever replica answers. Temporal is not needed by these routes.
 */
let testDb: TestDatabase;
const replicas: NestExpressApplication[] = [];
const urls: string[] = [];
let keyA: string;
let keyB: string;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'api-rate-limit' });
  const config = loadApiConfig({
    DATABASE_URL: testDb.url,
    RELANCE_SECRET_KEY: randomBytes(32).toString('hex'),
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    RELANCE_MIGRATE: 'false',
    LOG_LEVEL: 'silent',
    RELANCE_RATE_LIMIT_PER_MINUTE: '60',
    RELANCE_RATE_LIMIT_BURST: '3',
  });
  for (let i = 0; i < 2; i++) {
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    replicas.push(app);
    urls.push(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  }
  const tenants = replicas[0]!.get(TenantsService);
  const apiKeys = replicas[0]!.get(ApiKeysService);
  keyA = await apiKeys.addApiKey(await tenants.ensureTenant('limited-a'), 'test');
  keyB = await apiKeys.addApiKey(await tenants.ensureTenant('limited-b'), 'test');
});

afterAll(async () => {
  for (const app of replicas) await app.close();
  await testDb?.stop();
});

const get = (replica: number, key: string, path = '/v1/tenant') =>
  fetch(`${urls[replica]}${path}`, { headers: { authorization: `Bearer ${key}` } });

describe('per-tenant rate limit (RELANCE_RATE_LIMIT_PER_MINUTE=60, RELANCE_RATE_LIMIT_BURST=3)', () => {
  it('is shared by both replicas: 429 problem+json with Retry-After past the burst, then allowed again after it', async () => {
    const statuses = [(await get(0, keyA)).status, (await get(1, keyA)).status, (await get(0, keyA)).status];
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await get(1, keyA);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBe(1);
    expect(await refused.json()).toMatchObject({
      type: 'about:blank',
      title: 'Too many requests',
      status: 429,
      instance: '/v1/tenant',
    });
    expect((await get(0, keyA, '/v1/invoices')).status).toBe(429);

    // Another tenant has its own budget.
    expect((await get(0, keyB)).status).toBe(200);

    await new Promise((r) => setTimeout(r, retryAfter * 1000));
    expect((await get(0, keyA)).status).toBe(200);
  });

  it('does not count unauthenticated requests nor the webhooks against a tenant', async () => {
    const key = await replicas[0]!
      .get(ApiKeysService)
      .addApiKey(await replicas[0]!.get(TenantsService).ensureTenant('limited-c'), 'test');
    for (let i = 0; i < 5; i++) {
      expect((await get(i % 2, 'rk_wrongkey_0000000000000000')).status).toBe(401);
      const hook = await fetch(`${urls[i % 2]}/v1/webhooks/payments/limited-c`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(hook.status).not.toBe(429);
    }
    expect((await get(1, key)).status).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('documents 429 with Retry-After on every API-key route, and not on the webhooks', async () => {
    const doc = (await (await fetch(`${urls[0]}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const limited = path.startsWith('/v1/') && !/^\/v1\/(webhooks|admin)\//.test(path);
        expect(Boolean(op.responses['429']), `${method} ${path}`).toBe(limited);
        if (limited) expect(op.responses['429']!.headers).toHaveProperty('Retry-After');
      }
    }
  });
});
