import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../data-source';
import { startTestDatabase, undoMigrationsThrough, type TestDatabase } from '../testing';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'migration-api-security', poolSize: 2 });
});
afterAll(async () => {
  await testDb?.stop();
});

describe('ApiSecurity1764830000000', () => {
  it('marks the tenants that have (or, for the bootstrap tenant, had) a webhook secret, and undoes cleanly', async () => {
    const db = testDb.db;
    await undoMigrationsThrough(db, 'ApiSecurity1764830000000');
    await db.query(`INSERT INTO tenants (slug, webhook_secrets) VALUES
      ('default', '{}'), ('with-secret', '{"abcdefgh:enc:v1:x"}'), ('never', '{}')`);
    await migrate(testDb.url);
    const rows = (await db.query(
      `SELECT slug, webhook_secret_set_at IS NOT NULL AS marked FROM tenants ORDER BY slug`,
    )) as { slug: string; marked: boolean }[];
    expect(rows).toEqual([
      { slug: 'default', marked: true },
      { slug: 'never', marked: false },
      { slug: 'with-secret', marked: true },
    ]);
    expect(await db.query(`SELECT count(*)::int AS n FROM api_rate_limits`)).toEqual([{ n: 0 }]);
  });
});
