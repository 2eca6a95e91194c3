import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../data-source';
import { startTestDatabase, undoMigrationsThrough, type TestDatabase } from '../testing';

let testDb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'client-accounts-migration', poolSize: 2 });
  db = testDb.db;
});
afterAll(async () => {
  await testDb?.stop();
});

describe('ClientAccounts1764870000000', () => {
  it('gives every existing tenant grouping "client", keeps a grouping already set, and creates client_payments', async () => {
    await undoMigrationsThrough(db, 'ClientAccounts1764870000000');
    await db.query(
      `INSERT INTO tenants (slug, settings) VALUES ('before', '{"locale": "fr"}'), ('chosen', '{"grouping": "invoice"}')`,
    );
    expect(await db.query(`SELECT to_regclass('client_payments') AS t`)).toEqual([{ t: null }]);

    await migrate(testDb.url);
    const rows = (await db.query(`SELECT slug, settings FROM tenants ORDER BY slug`)) as {
      slug: string;
      settings: Record<string, unknown>;
    }[];
    expect(rows).toEqual([
      { slug: 'before', settings: { locale: 'fr', grouping: 'client' } },
      { slug: 'chosen', settings: { grouping: 'invoice' } },
    ]);
    expect(await db.query(`SELECT to_regclass('client_payments')::text AS t`)).toEqual([
      { t: 'client_payments' },
    ]);
  });
});
