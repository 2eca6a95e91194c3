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

const payloadOf = async (id: string) =>
  (
    (await db.query(`SELECT payload, payload_hash FROM invoices WHERE id = $1`, [id])) as {
      payload: Record<string, unknown>;
      payload_hash: string;
    }[]
  )[0]!;
const documents = async () =>
  (await db.query(
    `SELECT invoice_id, source_url, content, sha256 FROM invoice_documents ORDER BY source_url NULLS FIRST`,
  )) as { invoice_id: string; source_url: string | null; content: Buffer; sha256: string }[];

describe('InvoicePdfOutOfPayload1764820000000', () => {
  it('moves inline PDFs of existing invoices to invoice_documents, keeps hashes and fetched PDFs, and back', async () => {
    await undoMigrationsThrough(db, 'InvoicePdfOutOfPayload1764820000000');
    const [tenant] = (await db.query(`INSERT INTO tenants (slug) VALUES ('t') RETURNING id`)) as {
      id: string;
    }[];
    const pdf = Buffer.from('%PDF-1.4 the invoice, as registered');
    const invoice = async (externalId: string, payload: Record<string, unknown>) => {
      const [row] = (await db.query(
        `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
           balance_minor, issue_date, due_date, payload, payload_hash)
         VALUES ($1, $2, 'F-1', $3, 'C', 'EUR', 100, 100, '2026-01-01', '2026-02-01', $4::jsonb, $5)
         RETURNING id`,
        [tenant!.id, externalId, `dunning:t:${externalId}`, JSON.stringify(payload), `hash-${externalId}`],
      )) as { id: string }[];
      return row!.id;
    };
    const client = { id: 'C', name: 'Jeanne', timezone: 'Europe/Paris' };
    const inline = await invoice('INV-1', { number: 'F-1', client, pdfBase64: pdf.toString('base64') });
    const none = await invoice('INV-2', { number: 'F-2', client });
    const fetched = await invoice('INV-3', { number: 'F-3', client, pdfUrl: 'https://x.example/i.pdf' });
    await db.query(
      `INSERT INTO invoice_documents (invoice_id, tenant_id, source_url, content, sha256)
       VALUES ($1, $2, 'https://x.example/i.pdf', '\\x2550', 'h3')`,
      [fetched, tenant!.id],
    );

    await migrate(testDb.url);
    expect(await payloadOf(inline)).toEqual({
      payload: { number: 'F-1', client },
      payload_hash: 'hash-INV-1',
    });
    expect((await payloadOf(none)).payload).toEqual({ number: 'F-2', client });
    const [moved, kept, ...more] = await documents();
    expect(more).toEqual([]);
    expect(moved).toMatchObject({ invoice_id: inline, source_url: null });
    expect(moved!.content.equals(pdf)).toBe(true);
    expect(moved!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(kept).toMatchObject({ invoice_id: fetched, source_url: 'https://x.example/i.pdf', sha256: 'h3' });

    await undoMigrationsThrough(db, 'InvoicePdfOutOfPayload1764820000000');
    expect((await payloadOf(inline)).payload).toEqual({
      number: 'F-1',
      client,
      pdfBase64: pdf.toString('base64'),
    });
    expect((await documents()).map((d) => d.invoice_id)).toEqual([fetched]);
    await migrate(testDb.url);
  });
});
