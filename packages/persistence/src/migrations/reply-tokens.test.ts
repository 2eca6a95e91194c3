import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../data-source';
import { InvoiceEntity } from '../entities/invoice.entity';
import { Invoices } from '../repositories/invoices';
import { startTestDatabase, undoMigrationsThrough, type TestDatabase } from '../testing';

let testDb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'reply-tokens', poolSize: 2 });
  db = testDb.db;
});

afterAll(async () => {
  await testDb?.stop();
});

interface Row {
  id: string;
  reply_token: string;
  legacy_reply_until: Date | null;
}
const rows = async (): Promise<Row[]> =>
  (await db.query(
    `SELECT id, reply_token, legacy_reply_until FROM invoices ORDER BY created_at, id`,
  )) as Row[];

const insertInvoice = async (tenantId: string, externalId: string) =>
  db.query(
    `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
       balance_minor, issue_date, due_date, payload, payload_hash)
     VALUES ($1, $2, 'F-1', $3, 'C', 'EUR', 100, 100, '2026-01-01', '2026-02-01', '{}', 'h')`,
    [tenantId, externalId, `dunning:t:${externalId}`],
  );

describe('ReplyTokens1764840000000', () => {
  it('gives every existing case its own secret token and 90 days of grace for its old address; new cases get a token, no grace', async () => {
    await undoMigrationsThrough(db, 'ReplyTokens1764840000000');
    const [tenant] = (await db.query(`INSERT INTO tenants (slug) VALUES ('t') RETURNING id`)) as {
      id: string;
    }[];
    for (const id of ['INV-1', 'INV-2', 'INV-3']) await insertInvoice(tenant!.id, id);

    await migrate(testDb.url);
    const before = await rows();
    expect(before).toHaveLength(3);
    const tokens = new Set(before.map((r) => r.reply_token));
    expect(tokens.size).toBe(3);
    for (const r of before) {
      expect(r.reply_token).toMatch(/^[0-9a-f]{40}$/);
      expect(r.reply_token).not.toContain(r.id.replace(/-/g, ''));
      const graceDays = (r.legacy_reply_until!.getTime() - Date.now()) / 86_400_000;
      expect(graceDays).toBeGreaterThan(89.9);
      expect(graceDays).toBeLessThanOrEqual(90);
    }

    await insertInvoice(tenant!.id, 'INV-4');
    const added = (await rows()).at(-1)!;
    expect(added.reply_token).toMatch(/^[0-9a-f]{40}$/);
    expect(tokens.has(added.reply_token)).toBe(false);
    expect(added.legacy_reply_until).toBeNull();
    // The repository finds a case by its token; revoking (SET DEFAULT) makes the old one unknown.
    const invoices = new Invoices(db);
    expect((await invoices.byReplyToken(added.reply_token))?.id).toBe(added.id);
    await db
      .getRepository(InvoiceEntity)
      .query(`UPDATE invoices SET reply_token = DEFAULT WHERE id = $1`, [added.id]);
    expect(await invoices.byReplyToken(added.reply_token)).toBeNull();
    await expect(
      db.query(`UPDATE invoices SET reply_token = $1 WHERE id = $2`, [before[0]!.reply_token, added.id]),
    ).rejects.toThrow(/invoices_reply_token/);
  });
});
