import type { InvoiceInput, TimelineType } from '@relance/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EmailEntity, InvoiceEntity, PaymentEntity, TenantEntity, TimelineEventEntity } from '../entities';
import { Emails, type DeliveryStatus } from './emails';
import { startTestDatabase, type TestDatabase } from '../testing';
import { Invoices } from './invoices';
import { Payments } from './payments';
import { Timeline } from './timeline';
import { WebhookEvents } from './webhook-events';

let testDb: TestDatabase;
let db: DataSource;
let tenant: TenantEntity;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'repositories', poolSize: 4 });
  db = testDb.db;
  tenant = await db.getRepository(TenantEntity).save({ slug: 'repositories' });
});

afterAll(async () => {
  await testDb?.stop();
});

let serial = 0;
async function newInvoice(fields: Partial<InvoiceEntity> = {}): Promise<InvoiceEntity> {
  const externalId = `INV:${++serial}`;
  const invoice = await db.transaction((m) =>
    new Invoices(db).insert(m, {
      tenantId: tenant.id,
      externalId,
      number: `F-${serial}`,
      workflowId: `dunning:repositories:${externalId}`,
      clientId: 'C-1',
      currency: 'EUR',
      totalMinor: 10_000,
      paidMinor: 0,
      balanceMinor: 10_000,
      issueDate: '2026-01-01',
      dueDate: '2026-02-01',
      payload: { externalId } as InvoiceInput,
      payloadHash: 'h',
    }),
  );
  if (Object.keys(fields).length) await db.getRepository(InvoiceEntity).update({ id: invoice.id }, fields);
  return { ...invoice, ...fields };
}

const rowsOf = (invoiceId: string) => db.getRepository(TimelineEventEntity).findBy({ invoiceId });

describe('Timeline', () => {
  const timeline = () => new Timeline(db);

  it('stores an entry under <invoice uuid>:<key> once, whoever appends it again', async () => {
    const invoice = await newInvoice();
    const entry = { key: 'webhook:pay-1', type: 'payment_received' as const, data: { paymentId: 'pay-1' } };
    expect(await timeline().append(invoice, entry)).toBe(true);
    expect(await timeline().append(invoice, { ...entry, data: { paymentId: 'other' } })).toBe(false);
    const rows = await rowsOf(invoice.id);
    expect(rows).toEqual([
      expect.objectContaining({
        id: `${invoice.id}:webhook:pay-1`,
        tenantId: tenant.id,
        type: 'payment_received',
        step: null,
        data: { paymentId: 'pay-1' },
      }),
    ]);
  });

  it('writes within the transaction it is given: a rollback leaves no entry', async () => {
    const invoice = await newInvoice();
    await expect(
      db.transaction(async (m) => {
        await timeline().append(invoice, { key: 'registered', type: 'registered' }, m);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await rowsOf(invoice.id)).toEqual([]);
  });

  it('lists a case in event order, and as of a recording time', async () => {
    const invoice = await newInvoice();
    // Any text is stored as given (the types are the writers' concern).
    const type = (name: string) => name as TimelineType;
    await timeline().append(invoice, {
      key: 'b',
      type: type('second'),
      at: new Date('2026-03-02T00:00:00Z'),
    });
    const [{ recordedAt }] = (await rowsOf(invoice.id)) as [TimelineEventEntity];
    // Recorded later, though it happened earlier.
    await db.query(`SELECT pg_sleep(0.01)`);
    await timeline().append(invoice, { key: 'a', type: type('first'), at: new Date('2026-03-01T00:00:00Z') });
    expect((await timeline().list(invoice.id)).map((e) => e.type)).toEqual(['first', 'second']);
    // Postgres keeps microseconds, a Date milliseconds.
    const asOf = new Date(recordedAt.getTime() + 1);
    expect((await timeline().list(invoice.id, { asOf })).map((e) => e.type)).toEqual(['second']);
  });
});

describe('Invoices', () => {
  const invoices = () => new Invoices(db);

  it('finds an invoice by its tenant and external id, its id or its workflow id', async () => {
    const invoice = await newInvoice();
    expect((await invoices().byExternalId(tenant.id, invoice.externalId))?.id).toBe(invoice.id);
    expect(await invoices().byExternalId(tenant.id, 'nope')).toBeNull();
    expect((await invoices().byId(invoice.id))?.externalId).toBe(invoice.externalId);
    expect((await invoices().byWorkflowId(invoice.workflowId))?.id).toBe(invoice.id);
  });

  it('marks the case started and replaces the payload under a row lock', async () => {
    const invoice = await newInvoice();
    await invoices().markStarted(invoice.id);
    await db.transaction(async (m) => {
      const locked = await invoices().lockByExternalId(m, tenant.id, invoice.externalId);
      await invoices().replacePayload(m, locked!.id, { ...locked!.payload, number: 'changed' });
    });
    const stored = await invoices().byId(invoice.id);
    expect(stored?.workflowStartedAt).toBeInstanceOf(Date);
    expect(stored?.payload.number).toBe('changed');
  });

  it('pages a tenant newest first, filtered, each row with the position of the next page', async () => {
    const other = await db.getRepository(TenantEntity).save({ slug: 'paged' });
    const own = { ...tenant };
    tenant = other;
    const made = [
      await newInvoice(),
      await newInvoice({ status: 'overdue' }),
      await newInvoice(),
      await newInvoice({ status: 'overdue' }),
    ];
    tenant = own;
    const first = await invoices().page(other.id, { limit: 3 });
    expect(first.items.map((i) => i.invoice.id)).toEqual([made[3]!.id, made[2]!.id, made[1]!.id]);
    expect(first.more).toBe(true);
    expect(first.items[2]!.position.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const rest = await invoices().page(other.id, { limit: 3, after: first.items[2]!.position });
    expect(rest.items.map((i) => i.invoice.id)).toEqual([made[0]!.id]);
    expect(rest.more).toBe(false);
    const overdue = await invoices().page(other.id, { limit: 10, status: 'overdue' });
    expect(overdue.items.map((i) => i.invoice.id)).toEqual([made[3]!.id, made[1]!.id]);
  });
});

describe('Invoices.page reads list columns only (issue 18)', () => {
  const invoices = () => new Invoices(db);

  it('never selects the payload (a PDF of up to 1 MB) nor the whole case record, yet lists what a summary shows', async () => {
    const listed = await db.getRepository(TenantEntity).save({ slug: 'listed' });
    const client = {
      id: 'C-9',
      name: 'Jeanne Martin',
      email: 'compta@acme.example',
      timezone: 'Europe/Paris',
    };
    // As rows registered before the PDF moved to invoice_documents still were.
    const payload = {
      externalId: 'BIG',
      client,
      pdfBase64: 'A'.repeat(1_000_000),
    } as unknown as InvoiceInput;
    const invoice = await db.transaction((m) =>
      new Invoices(db).insert(m, {
        tenantId: listed.id,
        externalId: 'BIG',
        number: 'F-BIG',
        workflowId: 'dunning:listed:BIG',
        clientId: 'C-9',
        currency: 'EUR',
        totalMinor: 10_000,
        paidMinor: 0,
        balanceMinor: 10_000,
        issueDate: '2026-01-01',
        dueDate: '2026-02-01',
        payload,
        payloadHash: 'h',
      }),
    );
    const record = {
      status: 'paused' as const,
      stage: 'reminder_1',
      paid: '0.00',
      balance: '100.00',
      nextAction: null,
      plan: { instalments: [{ dueDate: '2026-03-01', amount: '100.00' }], paid: '0.00' },
      pausedReason: 'action_required',
      actionRequired: { step: 'reminder_1', reason: 'refused' },
    };
    await db
      .getRepository(InvoiceEntity)
      .update({ id: invoice.id }, { caseRecord: record, status: 'paused' });

    const queries = vi.spyOn(db.logger, 'logQuery');
    const { items } = await invoices().page(listed.id, { limit: 10 });
    const sql = queries.mock.calls.map(([query]) => query).join('\n');
    queries.mockRestore();
    expect(sql).toContain('FROM "invoices"');
    expect(sql).not.toContain('"i_payload"');
    expect(sql).not.toContain('"i_case_record"');
    expect(items).toHaveLength(1);
    const row = items[0]!.invoice;
    expect(row).toMatchObject({ id: invoice.id, externalId: 'BIG', status: 'paused', balanceMinor: 10_000 });
    expect(row.payload).toEqual({ client: { id: 'C-9', name: 'Jeanne Martin', timezone: 'Europe/Paris' } });
    expect(row.caseRecord).toEqual({
      pausedReason: 'action_required',
      actionRequired: { step: 'reminder_1', reason: 'refused' },
    });
    expect(JSON.stringify(items).length).toBeLessThan(2_000);
  });
});

describe('WebhookEvents', () => {
  it('keeps the first payload of an id and says whether it was handed off', async () => {
    const events = new WebhookEvents(db);
    expect(await events.receive('payment:t:e1', 'payment', tenant.id, { amount: '1.00' })).toEqual({
      handedOff: false,
      samePayload: true,
    });
    expect(await events.receive('payment:t:e1', 'payment', tenant.id, { amount: '2.00' })).toEqual({
      handedOff: false,
      samePayload: false,
    });
    await events.markHandedOff('payment:t:e1');
    expect(await events.receive('payment:t:e1', 'payment', tenant.id, { amount: '1.00' })).toEqual({
      handedOff: true,
      samePayload: true,
    });
  });
});

describe('Payments', () => {
  it('records a payment id once per invoice', async () => {
    const invoice = await newInvoice();
    const payments = new Payments(db);
    const payment = {
      paymentId: 'pay-1',
      amountMinor: 2_500,
      currency: 'EUR',
      paidAt: new Date('2026-03-01T00:00:00Z'),
      reference: null,
    };
    expect(await payments.exists(invoice.id, 'pay-1')).toBe(false);
    await payments.record(invoice, payment);
    await db.transaction((m) => payments.record(invoice, { ...payment, amountMinor: 1 }, m));
    expect(await payments.exists(invoice.id, 'pay-1')).toBe(true);
    expect(await db.getRepository(PaymentEntity).findBy({ invoiceId: invoice.id })).toEqual([
      expect.objectContaining({ paymentId: 'pay-1', amountMinor: 2_500 }),
    ]);
  });
});

describe('Emails', () => {
  async function sentEmail(providerId: string): Promise<EmailEntity> {
    const invoice = await newInvoice();
    return db.getRepository(EmailEntity).save({
      id: `email:${providerId}`,
      tenantId: tenant.id,
      invoiceId: invoice.id,
      providerId,
      step: 'reminder_1',
      template: 'friendly',
      recipients: ['compta@acme.example'],
      subject: 'Facture',
      text: 'Bonjour',
      status: 'sent',
      sentAt: new Date(),
    });
  }
  const statusOf = async (id: string) => (await db.getRepository(EmailEntity).findOneByOrFail({ id })).status;

  it('finds a message by the id the provider gave it', async () => {
    const email = await sentEmail('re_find');
    expect(await new Emails(db).byProviderId('re_find')).toMatchObject({ id: email.id, status: 'sent' });
    expect(await new Emails(db).byProviderId('re_unknown')).toBeNull();
  });

  it('moves a delivery status forward only: a late delivery never hides an open, nor an open a bounce', async () => {
    const emails = new Emails(db);
    const email = await sentEmail('re_forward');
    expect(await emails.advanceDeliveryStatus(email.id, 'opened')).toBe(true);
    expect(await emails.advanceDeliveryStatus(email.id, 'delivered')).toBe(false);
    expect(await statusOf(email.id)).toBe('opened');
    expect(await db.transaction((m) => emails.advanceDeliveryStatus(email.id, 'bounced', m))).toBe(true);
    expect(await emails.advanceDeliveryStatus(email.id, 'opened')).toBe(false);
    expect(await emails.advanceDeliveryStatus(email.id, 'complained')).toBe(false);
    expect(await statusOf(email.id)).toBe('bounced');
  });

  it('keeps the furthest status when events for one message are handled at once', async () => {
    const emails = new Emails(db);
    for (let round = 0; round < 5; round++) {
      const email = await sentEmail(`re_race_${round}`);
      // Each event in its own transaction, as two webhook deliveries are: whatever order they commit in.
      const order: DeliveryStatus[] = round % 2 ? ['delivered', 'opened'] : ['opened', 'delivered'];
      await Promise.all(
        order.map((status) => db.transaction((m) => emails.advanceDeliveryStatus(email.id, status, m))),
      );
      expect(await statusOf(email.id)).toBe('opened');
    }
  });
});
