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

describe('CaseRecord1764700000000', () => {
  it('fills the record of cases in flight from the projection and the audit trail', async () => {
    await undoMigrationsThrough(db, 'CaseRecord1764700000000');
    const [tenant] = (await db.query(`INSERT INTO tenants (slug) VALUES ('t') RETURNING id`)) as {
      id: string;
    }[];
    const invoice = async (externalId: string, status: string, extra: unknown) => {
      const [row] = (await db.query(
        `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
           paid_minor, balance_minor, issue_date, due_date, status, stage, next_action, case_extra, payload,
           payload_hash, workflow_started_at)
         VALUES ($1, $2, 'F-1', $3, 'C', 'EUR', 120000, 20000, 100000, '2026-01-01', '2026-02-01', $4,
           'formal_notice', $5::jsonb, $6::jsonb, '{"client":{"timezone":"Europe/Paris"}}', 'h', now())
         RETURNING id`,
        [
          tenant!.id,
          externalId,
          `dunning:t:${externalId}`,
          status,
          JSON.stringify({ step: 'instalment_1', action: 'instalment_check', at: '2026-03-02T08:00:00Z' }),
          JSON.stringify(extra),
        ],
      )) as { id: string }[];
      return row!.id;
    };
    const entry = (invoiceId: string, key: string, type: string, at: string, data: unknown) =>
      db.query(
        `INSERT INTO timeline_events (id, tenant_id, invoice_id, at, type, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
        [`${invoiceId}:${key}`, tenant!.id, invoiceId, at, type, JSON.stringify(data)],
      );
    const plan = await invoice('PLAN', 'payment_plan', { overpaidMinor: 0 });
    await entry(plan, 'notice', 'formal_notice_sent', '2026-02-10T23:30:00Z', { deadline: '2026-02-19' });
    await entry(plan, 'early', 'payment_received', '2026-02-12T10:00:00Z', { amount: '50.00' });
    const instalments = [{ dueDate: '2026-03-01', amount: '500.00' }];
    await entry(plan, 'plan', 'plan_agreed', '2026-02-15T10:00:00Z', { instalments });
    await entry(plan, 'paid', 'payment_received', '2026-02-20T10:00:00Z', { amount: '150.00' });
    await entry(plan, 'refused', 'payment_received', '2026-02-21T10:00:00Z', {
      amount: '9.00',
      accepted: false,
    });
    const paused = await invoice('PAUSED', 'paused', {
      pausedReason: 'action_required',
      actionRequired: { step: 'legal_handoff', reason: 'no legal contact' },
    });
    await entry(paused, 'promise', 'promise_recorded', '2026-02-15T10:00:00Z', { date: '2026-02-20' });

    await migrate(testDb.url);
    const records = Object.fromEntries(
      (
        (await db.query(`SELECT external_id, case_record FROM invoices ORDER BY external_id`)) as {
          external_id: string;
          case_record: unknown;
        }[]
      ).map((r) => [r.external_id, r.case_record]),
    );
    expect(records.PLAN).toEqual({
      status: 'payment_plan',
      stage: 'formal_notice',
      paid: '200.00',
      balance: '1000.00',
      nextAction: { step: 'instalment_1', action: 'instalment_check', at: '2026-03-02T08:00:00Z' },
      plan: { instalments, paid: '150.00' },
      // The letter's date in the client's time zone (recorded before `sentOn` existed).
      formalNotice: { sentOn: '2026-02-11', deadline: '2026-02-19' },
    });
    // A promise shows only while the case is promised.
    expect(records.PAUSED).toMatchObject({
      status: 'paused',
      pausedReason: 'action_required',
      actionRequired: { step: 'legal_handoff', reason: 'no legal contact' },
    });
    expect(records.PAUSED).not.toHaveProperty('promise');
  });
});
