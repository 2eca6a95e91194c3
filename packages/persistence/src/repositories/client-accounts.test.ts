import { defaultTenantSettings } from '@relance/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../testing';
import { ClientAccounts } from './client-accounts';
import { ClientPayments } from './client-payments';
import { Tenants } from './tenants';

// The client accounts' reads and the client payment splits against a real Postgres, rows written
// directly (the worker's and the API's writes are tested where they are made).

let testDb: TestDatabase;
let db: DataSource;
let accounts: ClientAccounts;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'client-accounts', poolSize: 2 });
  db = testDb.db;
  accounts = new ClientAccounts(db);
});
afterAll(async () => {
  await testDb?.stop();
});

let serial = 0;
const newTenant = async () => {
  const slug = `ca-${++serial}`;
  return (await new Tenants(db).ensure(slug, defaultTenantSettings(slug))).id;
};

interface CaseRow {
  client: string;
  name?: string;
  company?: string;
  currency?: string;
  dueDate: string;
  balance: number;
  status?: string;
  nextAction?: { step: string; action: string; at: string };
  createdAt: string;
}

async function newCase(tenantId: string, c: CaseRow): Promise<{ id: string; externalId: string }> {
  const externalId = `INV-${++serial}`;
  const payload = { client: { id: c.client, name: c.name ?? `Client ${c.client}`, company: c.company } };
  const [row] = (await db.query(
    `INSERT INTO invoices (tenant_id, external_id, number, workflow_id, client_id, currency, total_minor,
       balance_minor, issue_date, due_date, status, payload, payload_hash, next_action, created_at, workflow_started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, '2026-01-01', $8, $9, $10, 'h', $11, $12, now()) RETURNING id`,
    [
      tenantId,
      externalId,
      `F-${externalId}`,
      `dunning:${tenantId}:${externalId}`,
      c.client,
      c.currency ?? 'EUR',
      c.balance,
      c.dueDate,
      c.status ?? 'overdue',
      JSON.stringify(payload),
      c.nextAction ? JSON.stringify(c.nextAction) : null,
      c.createdAt,
    ],
  )) as { id: string }[];
  return { id: row!.id, externalId };
}

async function sentEmail(
  tenantId: string,
  invoiceId: string,
  e: { providerId: string | null; template: string; sentAt: string; to?: string; step?: string },
) {
  await db.query(
    `INSERT INTO emails (id, tenant_id, invoice_id, provider_id, step, template, recipients, subject, text, status, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 't', 'sent', $9)`,
    [
      `${invoiceId}:${e.providerId ?? 'unsent'}:${e.template}`,
      tenantId,
      invoiceId,
      e.providerId,
      e.step ?? 'reminder_1',
      e.template,
      [e.to ?? 'compta@acme.example'],
      `Subject ${e.providerId}`,
      e.sentAt,
    ],
  );
}

async function bounce(
  tenantId: string,
  invoiceId: string,
  key: string,
  data: Record<string, unknown>,
  at: string,
) {
  await db.query(
    `INSERT INTO timeline_events (id, tenant_id, invoice_id, at, type, step, data)
     VALUES ($1, $2, $3, $4, 'email_bounced', 'reminder_1', $5)`,
    [`${invoiceId}:${key}`, tenantId, invoiceId, at, JSON.stringify(data)],
  );
}

describe('ClientAccounts', () => {
  it('pages client ids in id order, every client or only those with an open case', async () => {
    const t = await newTenant();
    for (const client of ['C-3', 'C-1', 'C-2', 'C-1'])
      await newCase(t, { client, dueDate: '2026-10-01', balance: 100, createdAt: '2026-10-01T00:00:00Z' });
    await newCase(t, {
      client: 'C-0',
      dueDate: '2026-10-01',
      balance: 0,
      status: 'paid',
      createdAt: '2026-10-01T00:00:00Z',
    });
    const first = await accounts.clientIds(t, { limit: 2 });
    expect(first).toEqual({ ids: ['C-0', 'C-1'], more: true });
    expect(await accounts.clientIds(t, { limit: 2, after: 'C-1' })).toEqual({
      ids: ['C-2', 'C-3'],
      more: false,
    });
    expect(await accounts.clientIds(t, { limit: 10, openOnly: true })).toEqual({
      ids: ['C-1', 'C-2', 'C-3'],
      more: false,
    });
    expect(await accounts.clientIds(await newTenant(), { limit: 10 })).toEqual({ ids: [], more: false });
  });

  it('sums the open cases per currency, takes the name of the latest invoice, and the last email to the client', async () => {
    const t = await newTenant();
    const old = await newCase(t, {
      client: 'C',
      name: 'Old Name',
      dueDate: '2026-09-01',
      balance: 50_000,
      createdAt: '2026-09-01T00:00:00Z',
    });
    await newCase(t, {
      client: 'C',
      name: 'New Name',
      company: 'ACME',
      dueDate: '2026-10-01',
      balance: 20_000,
      createdAt: '2026-10-01T00:00:00Z',
    });
    await newCase(t, {
      client: 'C',
      currency: 'USD',
      dueDate: '2026-08-15',
      balance: 1_000,
      createdAt: '2026-08-01T00:00:00Z',
    });
    await newCase(t, {
      client: 'C',
      dueDate: '2026-01-01',
      balance: 0,
      status: 'paid',
      createdAt: '2026-01-01T00:00:00Z',
    });
    await sentEmail(t, old.id, {
      providerId: `re_${t}_1`,
      template: 'friendly',
      sentAt: '2026-10-02T08:00:00Z',
    });
    // Not contacts of the client: the creditor's alert, a message never accepted by the provider.
    await sentEmail(t, old.id, {
      providerId: `re_${t}_2`,
      template: 'creditor_alert',
      sentAt: '2026-10-05T08:00:00Z',
    });
    await sentEmail(t, old.id, { providerId: null, template: 'firm', sentAt: '2026-10-06T08:00:00Z' });
    const quiet = await newCase(t, {
      client: 'Q',
      dueDate: '2026-10-01',
      balance: 0,
      status: 'cancelled',
      createdAt: '2026-10-01T00:00:00Z',
    });

    const [c, q] = await accounts.summaries(t, ['C', 'Q', 'unknown']);
    expect(c).toEqual({
      clientId: 'C',
      name: 'New Name',
      company: 'ACME',
      openCases: 3,
      balances: [
        { currency: 'EUR', cases: 2, minor: '70000' },
        { currency: 'USD', cases: 1, minor: '1000' },
      ],
      oldestDueDate: '2026-08-15',
      lastContactAt: new Date('2026-10-02T08:00:00Z'),
    });
    expect(q).toMatchObject({
      clientId: 'Q',
      openCases: 0,
      balances: [],
      oldestDueDate: null,
      lastContactAt: null,
    });
    expect(quiet.externalId).toBeDefined();
  });

  it("reads the open cases' planned actions, the open cases oldest due first, and the last closed case", async () => {
    const t = await newTenant();
    const next = { step: 'reminder_2', action: 'reminder', at: '2026-11-24T09:00:00+01:00' };
    const b = await newCase(t, {
      client: 'C',
      dueDate: '2026-10-01',
      balance: 100,
      nextAction: next,
      createdAt: '2026-10-01T00:00:00Z',
    });
    const a = await newCase(t, {
      client: 'C',
      dueDate: '2026-09-01',
      balance: 100,
      createdAt: '2026-10-02T00:00:00Z',
    });
    const closed = await newCase(t, {
      client: 'C',
      currency: 'USD',
      dueDate: '2026-01-01',
      balance: 0,
      status: 'paid',
      nextAction: next,
      createdAt: '2026-01-01T00:00:00Z',
    });
    expect(await accounts.plannedActions(t, ['C'])).toEqual([
      { clientId: 'C', externalId: b.externalId, nextAction: next },
    ]);
    expect((await accounts.openCases(t, 'C')).map((i) => i.externalId)).toEqual([a.externalId, b.externalId]);
    expect((await accounts.lastClosedCase(t, 'C'))?.externalId).toBe(closed.externalId);
    expect((await accounts.lastClosedCase(t, 'C', 'USD'))?.externalId).toBe(closed.externalId);
    expect(await accounts.lastClosedCase(t, 'C', 'EUR')).toBeNull();
    expect(await accounts.exists(t, 'C')).toBe(true);
    expect(await accounts.exists(t, 'nobody')).toBe(false);
  });

  it("puts each client's open cases in the aging report's buckets", async () => {
    const t = await newTenant();
    await newCase(t, { client: 'A', dueDate: '2026-12-10', balance: 100, createdAt: '2026-10-01T00:00:00Z' });
    await newCase(t, { client: 'A', dueDate: '2026-11-30', balance: 200, createdAt: '2026-10-01T00:00:00Z' });
    await newCase(t, { client: 'A', dueDate: '2026-08-01', balance: 400, createdAt: '2026-10-01T00:00:00Z' });
    await newCase(t, { client: 'B', dueDate: '2026-10-01', balance: 800, createdAt: '2026-10-01T00:00:00Z' });
    await newCase(t, {
      client: 'A',
      dueDate: '2026-08-01',
      balance: 0,
      status: 'paid',
      createdAt: '2026-10-01T00:00:00Z',
    });
    const rows = await accounts.aging(t, '2026-12-01', ['A']);
    expect(rows.sort((x, y) => x.bucket.localeCompare(y.bucket))).toEqual([
      { clientId: 'A', currency: 'EUR', bucket: '1_30', cases: 1, minor: '200' },
      { clientId: 'A', currency: 'EUR', bucket: '90_plus', cases: 1, minor: '400' },
      { clientId: 'A', currency: 'EUR', bucket: 'not_due', cases: 1, minor: '100' },
    ]);
  });

  it("lists the client's addresses that bounced or complained, not those of the creditor's alerts", async () => {
    const t = await newTenant();
    const a = await newCase(t, {
      client: 'C',
      dueDate: '2026-10-01',
      balance: 100,
      createdAt: '2026-10-01T00:00:00Z',
    });
    const b = await newCase(t, {
      client: 'C',
      dueDate: '2026-10-01',
      balance: 100,
      createdAt: '2026-10-01T00:00:00Z',
    });
    const other = await newCase(t, {
      client: 'D',
      dueDate: '2026-10-01',
      balance: 100,
      createdAt: '2026-10-01T00:00:00Z',
    });
    await sentEmail(t, a.id, {
      providerId: 're_alert',
      template: 'creditor_alert',
      sentAt: '2026-10-02T08:00:00Z',
    });
    await bounce(
      t,
      a.id,
      'b1',
      { emailId: 're_x', recipient: 'Compta@Acme.example' },
      '2026-10-02T09:00:00Z',
    );
    await bounce(
      t,
      b.id,
      'b2',
      { emailId: 're_y', recipient: 'compta@acme.example', complaint: true },
      '2026-10-03T09:00:00Z',
    );
    await bounce(t, a.id, 'b3', { emailId: 're_z', recipient: 'old@acme.example' }, '2026-10-01T09:00:00Z');
    await bounce(
      t,
      a.id,
      'b4',
      { emailId: 're_alert', recipient: 'alertes@creditor.example' },
      '2026-10-04T09:00:00Z',
    );
    await bounce(
      t,
      other.id,
      'b5',
      { emailId: 're_w', recipient: 'someone@else.example' },
      '2026-10-04T09:00:00Z',
    );
    expect(await accounts.bouncedAddresses(t, 'C')).toEqual([
      {
        address: 'compta@acme.example',
        lastAt: new Date('2026-10-03T09:00:00Z'),
        complaint: true,
        cases: [a.externalId, b.externalId].sort(),
      },
      {
        address: 'old@acme.example',
        lastAt: new Date('2026-10-01T09:00:00Z'),
        complaint: false,
        cases: [a.externalId],
      },
    ]);
  });

  it('answers the contact history newest first, one line per message with every case it covered, bounded', async () => {
    const t = await newTenant();
    const a = await newCase(t, {
      client: 'C',
      dueDate: '2026-10-01',
      balance: 100,
      createdAt: '2026-10-01T00:00:00Z',
    });
    const b = await newCase(t, {
      client: 'C',
      dueDate: '2026-10-01',
      balance: 100,
      createdAt: '2026-10-01T00:00:00Z',
    });
    const id = (n: number) => `re_${t}_${n}`;
    await sentEmail(t, a.id, { providerId: id(1), template: 'friendly', sentAt: '2026-10-02T08:00:00Z' });
    // One message about both invoices: stored on case a, named by case b's timeline.
    await sentEmail(t, a.id, {
      providerId: id(2),
      template: 'firm',
      sentAt: '2026-10-09T08:00:00Z',
      step: 'reminder_2',
    });
    await db.query(
      `INSERT INTO timeline_events (id, tenant_id, invoice_id, at, type, step, data)
       VALUES ($1, $2, $3, '2026-10-09T08:00:00Z', 'reminder_sent', 'reminder_2', $4)`,
      [`${b.id}:sent`, t, b.id, JSON.stringify({ emailId: id(2) })],
    );
    await sentEmail(t, b.id, {
      providerId: id(3),
      template: 'creditor_alert',
      sentAt: '2026-10-10T08:00:00Z',
    });
    const history = await accounts.contactHistory(t, 'C', 10);
    expect(history.map((h) => h.emailId)).toEqual([id(2), id(1)]);
    expect(history[0]).toEqual({
      emailId: id(2),
      template: 'firm',
      subject: `Subject ${id(2)}`,
      recipients: ['compta@acme.example'],
      status: 'sent',
      sentAt: new Date('2026-10-09T08:00:00Z'),
      cases: [a.externalId, b.externalId].sort().map((externalId) => ({ externalId, step: 'reminder_2' })),
    });
    expect(history[1]!.cases).toEqual([{ externalId: a.externalId, step: 'reminder_1' }]);
    expect((await accounts.contactHistory(t, 'C', 1)).map((h) => h.emailId)).toEqual([id(2)]);
  });
});

describe('ClientPayments', () => {
  it('keeps the split first stored for a payment id, whatever is stored after', async () => {
    const t = await newTenant();
    const splits = new ClientPayments(db);
    const first = {
      tenantId: t,
      paymentId: 'pay-1',
      clientId: 'C',
      currency: 'EUR',
      amountMinor: 1_000,
      paidAt: new Date('2026-11-22T10:00:00Z'),
      reference: 'VIR F-1',
      parts: [{ invoiceId: 'i-1', externalId: 'INV-1', amountMinor: 1_000, surplusMinor: 0 }],
    };
    expect(await splits.keepFirst(first)).toEqual(first);
    const again = await splits.keepFirst({ ...first, parts: [{ ...first.parts[0]!, externalId: 'INV-2' }] });
    expect(again).toEqual(first);
    expect(await splits.byId(t, 'pay-1')).toEqual(first);
    expect(await splits.byId(t, 'pay-2')).toBeNull();
    expect(await splits.byId(await newTenant(), 'pay-1')).toBeNull();
  });
});
