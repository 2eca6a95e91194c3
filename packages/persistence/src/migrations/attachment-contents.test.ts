import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../data-source';
import { startTestDatabase, undoMigrationsThrough, type TestDatabase } from '../testing';

let testDb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'migration', poolSize: 2 });
  db = testDb.db;
});

afterAll(() => testDb?.stop());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const payloadOf = async (id: string) =>
  ((await db.query(`SELECT payload FROM emails WHERE id = $1`, [id])) as { payload: unknown }[])[0]!.payload;

describe('AttachmentContents1764820000001', () => {
  it('stores each attachment of existing emails once per tenant and hash, the emails naming it, and back', async () => {
    await undoMigrationsThrough(db, 'AttachmentContents1764820000001');
    const tenants = (await db.query(`INSERT INTO tenants (slug) VALUES ('a'), ('b') RETURNING id`)) as {
      id: string;
    }[];
    const invoiceOf = async (tenantId: string, n: number) =>
      (
        (await db.query(
          `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
             balance_minor, issue_date, due_date, payload, payload_hash)
           VALUES ($1, $2, 'F', $3, 'C', 'EUR', 100, 100, '2026-01-01', '2026-02-01', '{}', 'h') RETURNING id`,
          [tenantId, `INV-${n}`, `dunning:${n}`],
        )) as { id: string }[]
      )[0]!.id;
    const invoice = await invoiceOf(tenants[0]!.id, 1);
    const elsewhere = await invoiceOf(tenants[1]!.id, 2);
    const pdf = Buffer.from('%PDF-1.4 the invoice');
    const notice = Buffer.from('%PDF-1.4 the formal notice');
    const att = (filename: string, b: Buffer) => ({ filename, contentBase64: b.toString('base64') });
    const email = async (id: string, tenantId: string, invoiceId: string, payload: unknown) =>
      db.query(
        `INSERT INTO emails (id, tenant_id, invoice_id, template, recipients, subject, text, status, payload)
         VALUES ($1, $2, $3, 'friendly', '{a@b.example}', 's', 't', 'sent', $4::jsonb)`,
        [id, tenantId, invoiceId, payload === null ? null : JSON.stringify(payload)],
      );
    const base = { from: 'x@a.example', to: ['a@b.example'], subject: 's', html: 'h', text: 't' };
    await email('r1', tenants[0]!.id, invoice, { ...base, attachments: [att('F.pdf', pdf)] });
    await email('r2', tenants[0]!.id, invoice, { ...base, attachments: [att('F.pdf', pdf)] });
    await email('fn', tenants[0]!.id, invoice, {
      ...base,
      attachments: [att('mise-en-demeure.pdf', notice), att('F.pdf', pdf)],
    });
    await email('alert', tenants[0]!.id, invoice, base);
    await email('legacy', tenants[0]!.id, invoice, null);
    await email('other', tenants[1]!.id, elsewhere, { ...base, attachments: [att('F.pdf', pdf)] });

    await migrate(testDb.url);
    const stored = (await db.query(
      `SELECT tenant_id, sha256, content, size FROM attachment_contents ORDER BY tenant_id, sha256`,
    )) as { tenant_id: string; sha256: string; content: Buffer; size: number }[];
    const byTenant = (t: string) => stored.filter((r) => r.tenant_id === t);
    expect(
      byTenant(tenants[0]!.id)
        .map((r) => r.sha256)
        .sort(),
    ).toEqual([sha(pdf), sha(notice)].sort());
    expect(byTenant(tenants[1]!.id).map((r) => r.sha256)).toEqual([sha(pdf)]);
    expect(stored.find((r) => r.sha256 === sha(notice))!.content.equals(notice)).toBe(true);
    expect(stored.find((r) => r.sha256 === sha(pdf))!.size).toBe(pdf.length);
    expect(await payloadOf('r1')).toEqual({
      ...base,
      attachments: [{ filename: 'F.pdf', sha256: sha(pdf) }],
    });
    expect(await payloadOf('fn')).toEqual({
      ...base,
      attachments: [
        { filename: 'mise-en-demeure.pdf', sha256: sha(notice) },
        { filename: 'F.pdf', sha256: sha(pdf) },
      ],
    });
    expect(await payloadOf('alert')).toEqual(base);
    expect(await payloadOf('legacy')).toBeNull();

    await undoMigrationsThrough(db, 'AttachmentContents1764820000001');
    expect(await payloadOf('fn')).toEqual({
      ...base,
      attachments: [att('mise-en-demeure.pdf', notice), att('F.pdf', pdf)],
    });
    expect(await payloadOf('other')).toEqual({ ...base, attachments: [att('F.pdf', pdf)] });
    await migrate(testDb.url);
  });
});
