import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../data-source';
import { TenantEntity } from '../entities';
import { startTestDatabase, type TestDatabase } from '../testing';
import { RateLimits } from './rate-limits';

let testDb: TestDatabase;
let other: DataSource;
// Two API replicas: each its own connection pool over the one database.
let replicaA: RateLimits;
let replicaB: RateLimits;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'rate-limits', poolSize: 4 });
  other = await createDataSource({ url: testDb.url, poolSize: 4 }).initialize();
  replicaA = new RateLimits(testDb.db);
  replicaB = new RateLimits(other);
}, 120_000);

afterAll(async () => {
  await other?.destroy();
  await testDb?.stop();
});

let serial = 0;
const newTenant = async () =>
  (await testDb.db.getRepository(TenantEntity).save({ slug: `rate-${++serial}` })).id;
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

describe('RateLimits.take', () => {
  const limit = { perMinute: 60, burst: 3 };

  for (const [label, start] of [
    ['a fixed past date', new Date('2026-03-31T23:59:59.500Z')],
    ["today's date", new Date()],
  ] as const) {
    it(`shares one budget between two replicas, refuses past the burst, and refills one per interval (${label})`, async () => {
      const tenant = await newTenant();
      const answers = [
        await replicaA.take(tenant, limit, start),
        await replicaB.take(tenant, limit, start),
        await replicaA.take(tenant, limit, start),
      ];
      expect(answers.map((a) => a.allowed)).toEqual([true, true, true]);
      // The 4th, on the other replica, finds the budget spent: 1 s until the next one (60/min).
      expect(await replicaB.take(tenant, limit, start)).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect((await replicaA.take(tenant, limit, later(start, 999))).allowed).toBe(false);
      // Refusals do not push the window: after the interval, one more, and only one.
      expect((await replicaA.take(tenant, limit, later(start, 1_000))).allowed).toBe(true);
      expect((await replicaB.take(tenant, limit, later(start, 1_000))).allowed).toBe(false);
      // A full window later the whole burst is back.
      const reset = later(start, 60_000);
      const burst = [];
      for (let i = 0; i < 4; i++)
        burst.push((await (i % 2 ? replicaA : replicaB).take(tenant, limit, reset)).allowed);
      expect(burst).toEqual([true, true, true, false]);
    });
  }

  it('counts each tenant apart', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const at = new Date('2026-01-15T10:00:00Z');
    const one = { perMinute: 1, burst: 1 };
    expect((await replicaA.take(a, one, at)).allowed).toBe(true);
    expect(await replicaA.take(a, one, at)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect((await replicaB.take(b, one, at)).allowed).toBe(true);
  });

  it('allows exactly the burst under concurrent requests from both replicas (one atomic statement)', async () => {
    const tenant = await newTenant();
    const at = new Date();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? replicaA : replicaB).take(tenant, { perMinute: 1, burst: 10 }, at),
      ),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(10);
  });

  it('uses the database clock when no time is given', async () => {
    const tenant = await newTenant();
    const limit2 = { perMinute: 2, burst: 1 };
    expect((await replicaA.take(tenant, limit2)).allowed).toBe(true);
    const refused = await replicaB.take(tenant, limit2);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30);
  });
});
