import { defaultTenantSettings, type CaseRecord, type CaseStatus, type InvoiceInput } from '@relance/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvoiceEntity, type StoredEmail, type TenantEntity } from '../entities';
import { startTestDatabase, type TestDatabase } from '../testing';
import { CaseReports } from './case-reports';
import { Emails, type PreparedEmail } from './emails';
import { Invoices } from './invoices';
import { Payments } from './payments';
import { Tenants } from './tenants';
import { Timeline } from './timeline';

let testDb: TestDatabase;
let db: DataSource;
let tenant: TenantEntity;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'case-writes', poolSize: 4 });
  db = testDb.db;
  tenant = await new Tenants(db).ensure('case-writes', defaultTenantSettings('case-writes'));
});
afterAll(async () => {
  await testDb?.stop();
});

let serial = 0;
async function newInvoice(dueDate = '2026-02-01'): Promise<InvoiceEntity> {
  const externalId = `INV-${++serial}`;
  return db.transaction((m) =>
    new Invoices(db).insert(m, {
      tenantId: tenant.id,
      externalId,
      number: `F-${serial}`,
      workflowId: `dunning:case-writes:${externalId}`,
      clientId: 'C-1',
      currency: 'EUR',
      totalMinor: 10_000,
      paidMinor: 0,
      balanceMinor: 10_000,
      issueDate: '2026-01-01',
      dueDate,
      payload: { externalId } as InvoiceInput,
      payloadHash: 'h',
    }),
  );
}

const payload = (subject: string): StoredEmail => ({
  from: 'factures@x.example',
  to: ['ap@acme.example'],
  cc: ['boss@acme.example'],
  subject,
  html: `<p>${subject}</p>`,
  text: subject,
});

const prepared = (invoice: InvoiceEntity, id: string, subject: string): PreparedEmail => ({
  id,
  tenantId: tenant.id,
  invoiceId: invoice.id,
  step: 'reminder-1',
  template: 'friendly',
  payload: payload(subject),
  contentHash: `hash-${subject}`,
  idempotencyKey: `key-${id}`,
});

describe('Emails (the worker side)', () => {
  it('replaces a prepared message until the provider accepts it, then never', async () => {
    const invoice = await newInvoice();
    const emails = new Emails(db);
    const id = `${invoice.id}:reminder-1`;
    await emails.prepare(prepared(invoice, id, 'first'));
    await emails.prepare(prepared(invoice, id, 'second'));
    expect(await emails.byId(id)).toMatchObject({
      subject: 'second',
      status: 'prepared',
      recipients: ['ap@acme.example', 'boss@acme.example'],
    });
    const sentAt = new Date('2026-11-02T09:00:00Z');
    await emails.markSent(id, { providerId: `re-${serial}`, sentAt });
    await emails.markSent(id, { providerId: 'another', sentAt: new Date() });
    await emails.markFailed(id, 'too late');
    await emails.prepare(prepared(invoice, id, 'third'));
    expect(await emails.byId(id)).toMatchObject({
      subject: 'second',
      status: 'sent',
      providerId: `re-${serial}`,
      sentAt,
      failure: null,
    });
  });

  it('keeps a refusal with its reason, and lists only accepted messages, oldest first, up to asOf', async () => {
    const invoice = await newInvoice();
    const emails = new Emails(db);
    for (const [key, sentAt] of [
      ['b', '2026-11-05T09:00:00Z'],
      ['a', '2026-11-01T09:00:00Z'],
    ] as const) {
      await emails.prepare(prepared(invoice, `${invoice.id}:${key}`, key));
      await emails.markSent(`${invoice.id}:${key}`, {
        providerId: `re-${key}-${serial}`,
        sentAt: new Date(sentAt),
      });
    }
    await emails.prepare(prepared(invoice, `${invoice.id}:refused`, 'refused'));
    await emails.markFailed(`${invoice.id}:refused`, 'invalid recipient');
    expect(await emails.byId(`${invoice.id}:refused`)).toMatchObject({
      status: 'failed',
      failure: 'invalid recipient',
    });
    expect((await emails.acceptedFor(invoice.id)).map((e) => e.subject)).toEqual(['a', 'b']);
    const asOf = new Date('2026-11-03T00:00:00Z');
    expect((await emails.acceptedFor(invoice.id, { asOf })).map((e) => e.subject)).toEqual(['a']);
    const counts = await emails.countsByTemplateAndStatus();
    expect(counts).toContainEqual({
      template: 'friendly',
      status: 'failed',
      n: expect.any(Number) as number,
    });
  });
});

const record = (status: CaseStatus, paid: string): CaseRecord => ({
  status,
  stage: 'reminders',
  paid,
  balance: '0.00',
  nextAction: null,
  pausedReason: 'client replied',
});

describe('Invoices (the case record)', () => {
  it('writes a record and its columns unless a newer version is there', async () => {
    const invoice = await newInvoice();
    const invoices = new Invoices(db);
    // The list columns are derived from the record (columnsOf).
    await invoices.writeRecord(invoice.workflowId, {
      version: 3,
      record: record('overdue', '1.00'),
      currency: 'EUR',
    });
    await invoices.writeRecord(invoice.workflowId, {
      version: 2,
      record: record('paid', '100.00'),
      currency: 'EUR',
    });
    const stored = (await invoices.byId(invoice.id))!;
    expect(stored).toMatchObject({ status: 'overdue', paidMinor: 100, projectionVersion: 3 });
    expect(stored.caseRecord).toMatchObject({ paid: '1.00', pausedReason: 'client replied' });
  });

  it('merges an older-shape write into the record, dropping the flags it does not carry', async () => {
    const invoice = await newInvoice();
    const invoices = new Invoices(db);
    const withPromise = { ...record('overdue', '0.00'), promise: { date: '2026-12-20' } };
    await invoices.writeRecord(invoice.workflowId, { version: 1, record: withPromise, currency: 'EUR' });
    const fields = {
      status: 'paused' as CaseStatus,
      stage: 'reminders',
      paid: '5.00',
      balance: '95.00',
      nextAction: null,
    };
    await invoices.syncColumns(invoice.workflowId, { version: 2, fields, currency: 'EUR' });
    await invoices.syncColumns(invoice.workflowId, {
      version: 2,
      fields: { ...fields, status: 'disputed', paid: '0.00', balance: '0.00' },
      currency: 'EUR',
    });
    const stored = (await invoices.byId(invoice.id))!;
    expect(stored).toMatchObject({ status: 'paused', paidMinor: 500, projectionVersion: 2 });
    expect(stored.caseRecord).toEqual({
      status: 'paused',
      stage: 'reminders',
      paid: '5.00',
      balance: '95.00',
      nextAction: null,
      promise: { date: '2026-12-20' },
    });
    expect(await invoices.countsByStatus()).toContainEqual({
      status: 'paused',
      n: expect.any(Number) as number,
    });
  });
});

describe('CaseReports', () => {
  it('buckets open balances by days past due and finds the steps and payments of a period', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const invoice = await newInvoice(today);
    const reports = new CaseReports(db);
    const aging = await reports.aging(tenant.id, today);
    expect(aging.find((r) => r.bucket === 'not_due')).toMatchObject({ currency: 'EUR' });
    const at = new Date();
    await new Timeline(db).append(invoice, { key: 'step:r1', type: 'reminder_sent', step: 'r1', at });
    await new Payments(db).record(invoice, {
      paymentId: 'p1',
      amountMinor: 10_000,
      currency: 'EUR',
      paidAt: at,
      reference: null,
    });
    await db.getRepository(InvoiceEntity).update({ id: invoice.id }, { status: 'paid' });
    const period = { from: today, to: today, timeZone: 'UTC' };
    const steps = await reports.stepsReached(tenant.id, ['reminder_sent'], period);
    expect(steps).toEqual([{ invoiceId: invoice.id, step: 'r1', at }]);
    const paid = await reports.paidCases(tenant.id, ['reminder_sent'], period);
    expect(paid).toEqual([
      {
        id: invoice.id,
        currency: 'EUR',
        daysToPayment: 0,
        payments: [{ paidAt: expect.any(String) as string, minor: 10_000 }],
      },
    ]);
    expect(
      await reports.stepsReached(tenant.id, ['reminder_sent'], {
        ...period,
        from: '2020-01-01',
        to: '2020-01-31',
      }),
    ).toEqual([]);
    expect(await new Payments(db).totalsByCurrency()).toContainEqual({
      currency: 'EUR',
      n: 1,
      minor: '10000',
    });
  });
});
