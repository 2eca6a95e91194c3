import type { InvoiceInput, TimelineType } from '@relance/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvoiceEntity, TenantEntity } from '../entities';
import { startTestDatabase, type TestDatabase } from '../testing';
import { ClientAccounts } from './client-accounts';
import { Emails } from './emails';
import { Invoices } from './invoices';
import { Timeline } from './timeline';

// Issue 20, "contact rules are the client's": the reads that route a bounce to every case of the
// client mailed at the address, and a reply to every case its grouped message listed. Rows are
// written as the worker writes them (the grouped message's entries: apps/worker/src/activities/account.ts).

let testDb: TestDatabase;
let db: DataSource;
let invoices: Invoices;
let timeline: Timeline;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'account-routing', poolSize: 2 });
  db = testDb.db;
  invoices = new Invoices(db);
  timeline = new Timeline(db);
});
afterAll(async () => {
  await testDb?.stop();
});

let serial = 0;
const newTenant = async () => (await db.getRepository(TenantEntity).save({ slug: `routing-${++serial}` })).id;

async function newCase(
  tenantId: string,
  c: { client?: string; email?: string; dueDate?: string; status?: string; record?: string } = {},
): Promise<InvoiceEntity> {
  const externalId = `INV-${++serial}`;
  const invoice = await db.transaction((m) =>
    invoices.insert(m, {
      tenantId,
      externalId,
      number: `F-${serial}`,
      workflowId: `dunning:${tenantId}:${externalId}`,
      clientId: c.client ?? 'C',
      currency: 'EUR',
      totalMinor: 10_000,
      paidMinor: 0,
      balanceMinor: 10_000,
      issueDate: '2026-01-01',
      dueDate: c.dueDate ?? '2026-02-01',
      payload: {
        externalId,
        client: { id: c.client ?? 'C', name: 'Acme', email: c.email ?? 'compta@acme.example' },
      } as InvoiceInput,
      payloadHash: 'h',
    }),
  );
  const fields: Partial<InvoiceEntity> = { status: (c.status ?? 'overdue') as InvoiceEntity['status'] };
  if (c.record) fields.caseRecord = { status: c.record } as InvoiceEntity['caseRecord'];
  await db.getRepository(InvoiceEntity).update({ id: invoice.id }, fields);
  return { ...invoice, ...fields };
}

/** A message's entry on a case, as the worker records it. */
const sent = (
  invoice: InvoiceEntity,
  key: string,
  at: string,
  data: Record<string, unknown>,
  type: TimelineType = 'reminder_sent',
) => timeline.append(invoice, { key, type, at: new Date(at), step: 'reminder_1', data });

/** One email for several invoices: filed under `lead`, named by every other case it listed. */
async function grouped(
  lead: InvoiceEntity,
  others: InvoiceEntity[],
  emailId: string,
  at: string,
  type?: TimelineType,
) {
  const numbers = [lead, ...others].map((i) => i.number);
  await sent(lead, `${emailId}:lead`, at, { emailId, invoices: numbers, template: 'grouped_reminder' }, type);
  for (const o of others)
    await sent(
      o,
      `${emailId}:member`,
      at,
      { emailId, invoices: numbers, groupedWith: lead.workflowId },
      type,
    );
}

const ids = (rows: { externalId: string }[]) => rows.map((r) => r.externalId);

describe('Invoices.openOfClientMailedAt', () => {
  it("finds the client's other open cases whose client email is the address, in any case, as event targets", async () => {
    const t = await newTenant();
    const bounced = await newCase(t, { dueDate: '2026-03-01' });
    const later = await newCase(t, { dueDate: '2026-04-01', email: 'Compta@ACME.example' });
    const earlier = await newCase(t, { dueDate: '2026-01-15', email: ' compta@acme.example' });
    await newCase(t, { email: 'other@acme.example' }); // another address of the client
    await newCase(t, { status: 'paid' }); // closed
    await newCase(t, { status: 'unrecovered' });
    await newCase(t, { client: 'D' }); // another client at the same address
    const otherTenant = await newTenant();
    await newCase(otherTenant);

    const found = await invoices.openOfClientMailedAt(t, 'C', 'COMPTA@acme.example', bounced.id);
    expect(ids(found)).toEqual([earlier.externalId, later.externalId]);
    expect(found[0]).toEqual({
      id: earlier.id,
      tenantId: t,
      externalId: earlier.externalId,
      workflowId: earlier.workflowId,
      currency: 'EUR',
      status: 'overdue',
      workflowStartedAt: null,
    });
    expect(await invoices.openOfClientMailedAt(t, 'C', 'nobody@acme.example', bounced.id)).toEqual([]);
  });

  it("reads the status from the case record when it is newer than the columns' opening one", async () => {
    const t = await newTenant();
    const bounced = await newCase(t);
    const other = await newCase(t, { status: 'pending', record: 'paused' });
    const found = await invoices.openOfClientMailedAt(t, 'C', 'compta@acme.example', bounced.id);
    expect(found.map((f) => [f.externalId, f.status])).toEqual([[other.externalId, 'paused']]);
  });
});

describe('Timeline.listedWithLatestMessage', () => {
  it('names the other cases the latest grouped client message listed, from the lead or from a member', async () => {
    const t = await newTenant();
    const lead = await newCase(t, { dueDate: '2026-03-01' });
    const a = await newCase(t, { dueDate: '2026-01-01' });
    const b = await newCase(t, { dueDate: '2026-02-01' });
    const notListed = await newCase(t);
    await grouped(lead, [b, a], 'em-grouped', '2026-11-02T09:00:00Z');
    // Events of the message (not steps) carry its id too: they list nothing.
    await timeline.append(notListed, {
      key: 'delivered',
      type: 'email_delivered',
      data: { emailId: 'em-grouped' },
    });

    expect(ids(await timeline.listedWithLatestMessage(lead))).toEqual([a.externalId, b.externalId]);
    expect(ids(await timeline.listedWithLatestMessage(lead, { filedHere: true }))).toEqual([
      a.externalId,
      b.externalId,
    ]);
    expect(ids(await timeline.listedWithLatestMessage(a))).toEqual([b.externalId, lead.externalId]);
    expect((await timeline.listedWithLatestMessage(a))[1]).toMatchObject({
      id: lead.id,
      tenantId: t,
      workflowId: lead.workflowId,
      status: 'overdue',
    });
  });

  it('lists nothing when the latest client message was about the case alone, or there was none', async () => {
    const t = await newTenant();
    const lead = await newCase(t);
    const other = await newCase(t);
    await grouped(lead, [other], 'em-old', '2026-11-02T09:00:00Z');
    await sent(lead, 'solo', '2026-11-09T09:00:00Z', { emailId: 'em-solo', template: 'firm' });
    expect(await timeline.listedWithLatestMessage(lead)).toEqual([]);
    expect(await timeline.listedWithLatestMessage(await newCase(t))).toEqual([]);
    // A later message to the creditor or an event does not count as the client's message.
    await timeline.append(other, {
      key: 'alert',
      type: 'creditor_alerted',
      at: new Date('2026-11-20T09:00:00Z'),
      data: { emailId: 'em-alert' },
    });
    expect(ids(await timeline.listedWithLatestMessage(other))).toEqual([lead.externalId]);
  });

  it('takes a formal notice for several invoices like a reminder, but not a hand-off to the lawyer', async () => {
    const t = await newTenant();
    const lead = await newCase(t);
    const other = await newCase(t);
    await grouped(lead, [other], 'em-notice', '2026-11-02T09:00:00Z', 'formal_notice_sent');
    expect(ids(await timeline.listedWithLatestMessage(lead))).toEqual([other.externalId]);
    await grouped(lead, [other], 'em-lawyer', '2026-11-20T09:00:00Z', 'legal_handoff_sent');
    expect(ids(await timeline.listedWithLatestMessage(lead))).toEqual([other.externalId]);
    expect(ids(await timeline.listedWithLatestMessage(other))).toEqual([lead.externalId]);
  });

  it('filedHere: only a message filed under the case counts, the latest of those', async () => {
    const t = await newTenant();
    const a = await newCase(t, { dueDate: '2026-01-01' });
    const b = await newCase(t, { dueDate: '2026-02-01' });
    const c = await newCase(t, { dueDate: '2026-03-01' });
    await grouped(a, [b], 'em-1', '2026-11-02T09:00:00Z'); // filed under a (its reply token)
    await grouped(c, [a], 'em-2', '2026-11-09T09:00:00Z'); // filed under c: a is a member
    expect(ids(await timeline.listedWithLatestMessage(a))).toEqual([c.externalId]);
    expect(ids(await timeline.listedWithLatestMessage(a, { filedHere: true }))).toEqual([b.externalId]);
    expect(await timeline.listedWithLatestMessage(b, { filedHere: true })).toEqual([]);
  });

  it("never names another tenant's or another client's case, even one naming the same email id", async () => {
    const t = await newTenant();
    const lead = await newCase(t);
    const member = await newCase(t);
    await grouped(lead, [member], 'em-x', '2026-11-02T09:00:00Z');
    const stranger = await newCase(t, { client: 'D' });
    await sent(stranger, 'forged', '2026-11-02T09:00:00Z', { emailId: 'em-x' });
    const elsewhere = await newCase(await newTenant());
    await sent(elsewhere, 'forged', '2026-11-02T09:00:00Z', { emailId: 'em-x' });
    expect(ids(await timeline.listedWithLatestMessage(lead))).toEqual([member.externalId]);
  });

  it('includes listed cases that are closed now, with their status (the caller skips them)', async () => {
    const t = await newTenant();
    const lead = await newCase(t);
    const paid = await newCase(t, { status: 'paid', record: 'paid' });
    await grouped(lead, [paid], 'em-p', '2026-11-02T09:00:00Z');
    expect((await timeline.listedWithLatestMessage(lead)).map((r) => r.status)).toEqual(['paid']);
  });
});

describe('ClientAccounts after a bounce handed to every case of the client', () => {
  /** The email row of a message filed under `lead`, as the worker stores it once sent. */
  async function stored(lead: InvoiceEntity, providerId: string, at: string) {
    const emails = new Emails(db);
    const id = `${lead.id}:${providerId}`;
    await emails.prepare({
      id,
      tenantId: lead.tenantId,
      invoiceId: lead.id,
      step: 'reminder_1',
      template: 'friendly',
      payload: { from: 'f@x.example', to: ['compta@acme.example'], subject: 's', html: 'h', text: 't' },
      contentHash: 'c',
      idempotencyKey: id,
    });
    await emails.markSent(id, { providerId, sentAt: new Date(at) });
  }
  /** The entry each case's workflow records on the bounce signal (handlers/contacts.ts). */
  const bounced = (invoice: InvoiceEntity, emailId: string, at: string) =>
    timeline.append(invoice, {
      key: `bounce:${emailId}`,
      type: 'email_bounced',
      at: new Date(at),
      step: 'reminder_1',
      data: { emailId, recipient: 'compta@acme.example', failed: true },
    });

  it("lists as bounced only the cases whose own message bounced, and adds no case to the message's history", async () => {
    const t = await newTenant();
    const lead = await newCase(t);
    const member = await newCase(t);
    const elsewhere = await newCase(t);
    await stored(lead, `em-${t}`, '2026-11-02T09:00:00Z');
    await grouped(lead, [member], `em-${t}`, '2026-11-02T09:00:00Z');
    for (const c of [lead, member, elsewhere]) await bounced(c, `em-${t}`, '2026-11-03T09:00:00Z');

    const accounts = new ClientAccounts(db);
    expect(await accounts.bouncedAddresses(t, 'C')).toEqual([
      {
        address: 'compta@acme.example',
        lastAt: new Date('2026-11-03T09:00:00Z'),
        complaint: false,
        cases: [lead.externalId, member.externalId].sort(),
      },
    ]);
    const [message] = await accounts.contactHistory(t, 'C', 10);
    expect(message!.cases.map((c) => c.externalId)).toEqual([lead.externalId, member.externalId].sort());
  });
});
