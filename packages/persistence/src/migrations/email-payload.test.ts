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

afterAll(async () => {
  await testDb?.stop();
});

const ids = async (table: string): Promise<string[]> =>
  ((await db.query(`SELECT id FROM "${table}" ORDER BY id`)) as { id: string }[]).map((r) => r.id);

describe('EmailPayload1764500000000', () => {
  it('moves timeline and email ids from the workflow id to the invoice uuid, and back', async () => {
    await undoMigrationsThrough(db, 'EmailPayload1764500000000');
    const [tenant] = (await db.query(`INSERT INTO tenants (slug) VALUES ('t') RETURNING id`)) as {
      id: string;
    }[];
    const workflowId = 'dunning:t:INV:1';
    const [invoice] = (await db.query(
      `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
         balance_minor, issue_date, due_date, payload, payload_hash)
       VALUES ($1, 'INV:1', 'F-1', $2, 'C', 'EUR', 100, 100, '2026-01-01', '2026-02-01', '{}', 'h') RETURNING id`,
      [tenant!.id, workflowId],
    )) as { id: string }[];
    const invoiceId = invoice!.id;
    for (const id of [`${workflowId}:step:reminder_1`, `${workflowId}:resend:msg_1`, 'other-shape']) {
      await db.query(
        `INSERT INTO timeline_events (id, tenant_id, invoice_id, at, type) VALUES ($1, $2, $3, now(), 'x')`,
        [id, tenant!.id, invoiceId],
      );
    }
    await db.query(
      `INSERT INTO emails (id, tenant_id, invoice_id, provider_id, template, recipients, subject, text, sent_at)
       VALUES ($1, $2, $3, 're_1', 'friendly', '{a@b.example}', 's', 't', now())`,
      [`${workflowId}:step:reminder_1`, tenant!.id, invoiceId],
    );

    await migrate(testDb.url);
    expect(await ids('timeline_events')).toEqual(
      [`${invoiceId}:resend:msg_1`, `${invoiceId}:step:reminder_1`, 'other-shape'].sort(),
    );
    expect(await ids('emails')).toEqual([`${invoiceId}:step:reminder_1`]);
    // The audit trail is append-only again.
    await expect(db.query(`UPDATE timeline_events SET type = 'y'`)).rejects.toThrow(/append-only/);

    await db.query(
      `INSERT INTO emails (id, tenant_id, invoice_id, template, recipients, subject, text, status)
       VALUES ($1, $2, $3, 'firm', '{a@b.example}', 's', 't', 'prepared')`,
      [`${invoiceId}:step:reminder_2`, tenant!.id, invoiceId],
    );
    await undoMigrationsThrough(db, 'EmailPayload1764500000000');
    expect(await ids('timeline_events')).toEqual(
      [`${workflowId}:resend:msg_1`, `${workflowId}:step:reminder_1`, 'other-shape'].sort(),
    );
    expect(await ids('emails')).toEqual([`${workflowId}:step:reminder_1`]);
    await migrate(testDb.url);
  });
});
