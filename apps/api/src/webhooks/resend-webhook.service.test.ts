import { defaultTenantSettings, openingRecord, type InvoiceInput, type TimelineType } from '@relance/domain';
import {
  Emails,
  InvoiceEntity,
  Invoices,
  TenantEntity,
  Timeline,
  TimelineEventEntity,
  WebhookEvents,
} from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountSignals } from '../cases/account-signals';
import { CaseGateway } from '../cases/case-gateway';
import { Problem } from '../common/problem';
import type { ApiConfig } from '../config';
import type { Metrics } from '../metrics/metrics';
import type { TenantsService } from '../tenants/tenants.service';
import { ResendWebhookService } from './resend-webhook.service';

// The Resend webhook over a real Postgres (its repositories, the webhook claim) and a recorded
// Temporal client. Issue 20, "contact rules are the client's": a bounce or complaint reaches
// every open case of the client mailed at the address, a reply to a grouped email every case it
// listed; and one delivery of a Svix id hands it off at a time.

const SECRET = `whsec_${Buffer.from('relance-unit-resend-signing-key-32b').toString('base64')}`;
const DOMAIN = 'inbound.resend-unit.example';
const CLIENT_EMAIL = 'compta@acme.example';

let testDb: TestDatabase;
let tenant: TenantEntity;
let invoices: Invoices;
let emails: Emails;
let timeline: Timeline;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'resend-webhook', poolSize: 6 });
  invoices = new Invoices(testDb.db);
  emails = new Emails(testDb.db);
  timeline = new Timeline(testDb.db);
  const settings = defaultTenantSettings('resend-unit');
  tenant = await testDb.db.getRepository(TenantEntity).save({
    slug: 'resend-unit',
    settings: { ...settings, sender: { ...settings.sender, replyToDomain: DOMAIN } },
  });
});
afterAll(() => testDb?.stop());

/** Signals as Temporal received them; a workflow in `closed` is gone, one in `down` unreachable. */
function temporal() {
  const signals: { workflowId: string; name: string; arg: Record<string, unknown> }[] = [];
  const closed = new Set<string>();
  const down = new Set<string>();
  let delayMs = 0;
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        signal: async (def: { name: string }, arg: Record<string, unknown>) => {
          if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
          if (closed.has(workflowId)) throw new WorkflowNotFoundError('not found', workflowId, undefined);
          if (down.has(workflowId)) throw new Error('14 UNAVAILABLE: connection refused');
          signals.push({ workflowId, name: def.name, arg });
        },
      }),
    },
    connection: { withDeadline: (_ms: number, fn: () => Promise<unknown>) => fn() },
  } as unknown as Client;
  return { client, signals, closed, down, slow: (ms: number) => (delayMs = ms) };
}

function setup() {
  const t = temporal();
  const gateway = new CaseGateway(t.client);
  const tenants = {
    findById: (id: string) => testDb.db.getRepository(TenantEntity).findOneBy({ id }),
  } as unknown as TenantsService;
  const config = { resend: { webhookSecret: SECRET } } as ApiConfig;
  const service = new ResendWebhookService(
    testDb.db,
    gateway,
    config,
    new WebhookEvents(testDb.db),
    invoices,
    emails,
    tenants,
    timeline,
    { webhook: vi.fn() } as unknown as Metrics,
    new AccountSignals(gateway, invoices, timeline),
  );
  return { service, ...t };
}

let serial = 0;
const unique = (prefix: string) => `${prefix}_${Date.now()}_${++serial}`;

/** A Resend event signed as Svix signs it. */
function delivery(event: object, svixId = unique('msg')) {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const key = Buffer.from(SECRET.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${svixId}.${timestamp}.${body}`).digest('base64');
  return {
    svixId,
    svixTimestamp: String(timestamp),
    svixSignature: `v1,${signature}`,
    rawBody: Buffer.from(body),
  };
}

async function newCase(c: { client?: string; email?: string; status?: string } = {}): Promise<InvoiceEntity> {
  const externalId = unique('INV');
  const invoice = await testDb.db.transaction((m) =>
    invoices.insert(m, {
      tenantId: tenant.id,
      externalId,
      number: `F-${serial}`,
      workflowId: `dunning:resend-unit:${externalId}`,
      clientId: c.client ?? 'C',
      currency: 'EUR',
      totalMinor: 10_000,
      paidMinor: 0,
      balanceMinor: 10_000,
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      payload: {
        externalId,
        currency: 'EUR',
        total: '100.00',
        amountDue: '100.00',
        client: { id: c.client ?? 'C', name: 'Acme', email: c.email ?? CLIENT_EMAIL },
      } as InvoiceInput,
      payloadHash: 'h',
    }),
  );
  const status = (c.status ?? 'overdue') as InvoiceEntity['status'];
  const caseRecord = { ...openingRecord(invoice.payload), status };
  await testDb.db.getRepository(InvoiceEntity).update({ id: invoice.id }, { status, caseRecord });
  return (await invoices.byId(invoice.id))!;
}

/** A message the provider accepted, filed under `lead`, listing `others` too when given. */
async function sentMessage(
  lead: InvoiceEntity,
  others: InvoiceEntity[] = [],
  { type = 'reminder_sent' as TimelineType, at = new Date() } = {},
): Promise<string> {
  const providerId = unique('em');
  const id = `${lead.id}:${providerId}`;
  await emails.prepare({
    id,
    tenantId: tenant.id,
    invoiceId: lead.id,
    step: 'reminder_1',
    template: others.length ? 'grouped_reminder' : 'friendly',
    payload: { from: 'f@x.example', to: [CLIENT_EMAIL], subject: 's', html: 'h', text: 't' },
    contentHash: 'c',
    idempotencyKey: id,
  });
  await emails.markSent(id, { providerId, sentAt: at });
  const numbers = [lead, ...others].map((i) => i.number);
  await timeline.append(lead, {
    key: providerId,
    type,
    at,
    step: 'reminder_1',
    data: { emailId: providerId, invoices: numbers },
  });
  for (const o of others)
    await timeline.append(o, {
      key: providerId,
      type,
      at,
      step: 'reminder_1',
      data: { emailId: providerId, invoices: numbers, groupedWith: lead.workflowId },
    });
  return providerId;
}

const bounced = (emailId: string, extra: Record<string, unknown> = {}, type = 'email.bounced') => ({
  type,
  created_at: '2026-11-20T10:00:00Z',
  data: {
    email_id: emailId,
    to: [CLIENT_EMAIL],
    bounce: { message: 'mailbox does not exist', type: 'Permanent' },
    ...extra,
  },
});

const received = (to: InvoiceEntity, from = CLIENT_EMAIL) => ({
  type: 'email.received',
  created_at: '2026-11-20T10:00:00Z',
  data: {
    email_id: unique('in'),
    from: `Jeanne <${from}>`,
    received_for: [`reply+${to.replyToken}@${DOMAIN}`],
    subject: 'Re: vos factures',
    created_at: '2026-11-20T09:59:00Z',
  },
});

const byCase = <T extends { workflowId: string }>(signals: T[]) =>
  [...signals].sort((a, b) => a.workflowId.localeCompare(b.workflowId));

const logged = async (svixId: string) =>
  (await testDb.db.query(`SELECT handed_off_at FROM webhook_events WHERE id = $1`, [`resend:${svixId}`])) as {
    handed_off_at: Date | null;
  }[];

describe('ResendWebhookService: a bounce or complaint is the client account’s', () => {
  it('signals the same bounce to every other open case of the client mailed at the address, once', async () => {
    const { service, signals } = setup();
    const client = unique('client');
    const lead = await newCase({ client });
    const listed = await newCase({ client });
    const sameAddress = await newCase({ client, email: 'COMPTA@Acme.example' });
    await newCase({ client, email: 'autre@acme.example' }); // the client's other address: still mailable
    await newCase({ client: unique('other') }); // another client at that address
    await newCase({ client, status: 'paid' }); // closed
    const emailId = await sentMessage(lead, [listed]);
    const d = delivery(bounced(emailId));

    expect(await service.receive(d)).toEqual({ id: d.svixId, outcome: 'handed_off' });
    const bounce = {
      id: d.svixId,
      emailId,
      recipient: CLIENT_EMAIL,
      reason: 'mailbox does not exist',
    };
    expect(signals[0]).toEqual({
      workflowId: lead.workflowId,
      name: 'emailBounced',
      arg: { ...bounce, step: 'reminder_1' },
    });
    // The other cases record it at their own step: the bounced email's step was the lead's.
    expect(byCase(signals.slice(1))).toEqual(
      byCase([
        { workflowId: listed.workflowId, name: 'emailBounced', arg: bounce },
        { workflowId: sameAddress.workflowId, name: 'emailBounced', arg: bounce },
      ]),
    );
    expect((await emails.byProviderId(emailId))!.status).toBe('bounced');
    expect(await logged(d.svixId)).toEqual([{ handed_off_at: expect.any(Date) }]);

    expect(await service.receive(d)).toEqual({ id: d.svixId, outcome: 'duplicate' });
    expect(signals).toHaveLength(3);
  });

  it('hands a complaint on the same way, marked as one', async () => {
    const { service, signals } = setup();
    const client = unique('client');
    const lead = await newCase({ client });
    const other = await newCase({ client });
    const emailId = await sentMessage(lead);
    const d = delivery(bounced(emailId, { bounce: undefined }, 'email.complained'));
    expect((await service.receive(d)).outcome).toBe('handed_off');
    expect(byCase(signals).map((s) => [s.workflowId, s.arg.complaint])).toEqual(
      byCase([lead, other]).map((c) => [c.workflowId, true]),
    );
    expect((await emails.byProviderId(emailId))!.status).toBe('complained');
  });

  it("records the bounce on the email's closed case and still hands it to the client's open ones", async () => {
    const { service, signals, closed } = setup();
    const client = unique('client');
    const lead = await newCase({ client });
    const other = await newCase({ client });
    closed.add(lead.workflowId);
    const emailId = await sentMessage(lead);
    const d = delivery(bounced(emailId));
    expect((await service.receive(d)).outcome).toBe('handed_off');
    expect(signals.map((s) => s.workflowId)).toEqual([other.workflowId]);
    const entries = await testDb.db
      .getRepository(TimelineEventEntity)
      .findBy({ invoiceId: lead.id, type: 'email_bounced' });
    expect(entries.map((e) => e.data)).toEqual([
      { emailId, recipient: CLIENT_EMAIL, reason: 'mailbox does not exist', failed: true },
    ]);
  });

  it("answers case_closed as before when no case of the client's heard it", async () => {
    const { service, signals, closed } = setup();
    const lead = await newCase({ client: unique('alone') });
    closed.add(lead.workflowId);
    const d = delivery(bounced(await sentMessage(lead)));
    expect((await service.receive(d)).outcome).toBe('case_closed');
    expect(signals).toEqual([]);
  });

  it('answers 503 when another case of the client is unreachable, leaving no trace: the redelivery hands it to all', async () => {
    const { service, signals, down } = setup();
    const lead = await newCase({ client: 'U' });
    const other = await newCase({ client: 'U' });
    down.add(other.workflowId);
    const d = delivery(bounced(await sentMessage(lead)));
    const err = (await service.receive(d).catch((e: unknown) => e)) as Problem;
    expect(err).toBeInstanceOf(Problem);
    expect(err.getStatus()).toBe(503);
    expect(await logged(d.svixId)).toEqual([]);
    down.clear();
    expect((await service.receive(d)).outcome).toBe('handed_off');
    // The lead heard it twice under one id: its workflow counts it once.
    expect(signals.map((s) => s.workflowId)).toEqual([lead.workflowId, lead.workflowId, other.workflowId]);
  });
});

describe('ResendWebhookService: a reply to a grouped email', () => {
  it('delivers the reply to every case the grouped message listed, with the same reply id, once', async () => {
    const { service, signals } = setup();
    const lead = await newCase({ client: 'R' });
    const a = await newCase({ client: 'R' });
    const b = await newCase({ client: 'R' });
    const paid = await newCase({ client: 'R', status: 'paid' });
    await newCase({ client: 'R' }); // not in the message
    await sentMessage(lead, [a, b, paid]);
    const event = received(lead);
    const d = delivery(event);

    expect(await service.receive(d)).toEqual({ id: d.svixId, outcome: 'handed_off' });
    const reply = {
      id: event.data.email_id,
      from: `Jeanne <${CLIENT_EMAIL}>`,
      receivedAt: '2026-11-20T09:59:00Z',
      text: '(RESEND_API_KEY unset: body not fetched) Re: vos factures',
      verified: true,
    };
    expect(signals[0]).toEqual({ workflowId: lead.workflowId, name: 'clientReplied', arg: reply });
    // SPEC 3.2b: the case the reply was addressed to reminds the creditor of it; the others do not.
    const theirs = { ...reply, remindsCreditor: false };
    expect(byCase(signals.slice(1))).toEqual(
      byCase([a, b].map((c) => ({ workflowId: c.workflowId, name: 'clientReplied', arg: theirs }))),
    );
    expect(await service.receive(d)).toEqual({ id: d.svixId, outcome: 'duplicate' });
    expect(signals).toHaveLength(3);
  });

  it("passes an unverified sender on as it is, with the tenant's choice", async () => {
    const { service, signals } = setup();
    const lead = await newCase({ client: 'V' });
    const other = await newCase({ client: 'V' });
    await sentMessage(lead, [other]);
    await service.receive(delivery(received(lead, 'stranger@elsewhere.example')));
    expect(signals.map((s) => [s.workflowId, s.arg.verified, s.arg.pauseIfUnverified])).toEqual([
      [lead.workflowId, false, false],
      [other.workflowId, false, false],
    ]);
  });

  it('reaches only its case when the message its address was on was about that case alone', async () => {
    const { service, signals } = setup();
    const lead = await newCase({ client: 'S' });
    const member = await newCase({ client: 'S' });
    await sentMessage(lead, [member], { at: new Date('2026-11-01T09:00:00Z') });
    await sentMessage(lead, [], { at: new Date('2026-11-10T09:00:00Z') });
    await service.receive(delivery(received(lead)));
    expect(signals.map((s) => s.workflowId)).toEqual([lead.workflowId]);

    // A member's own address was on no grouped message: its reply pauses its case only.
    signals.length = 0;
    await service.receive(delivery(received(member)));
    expect(signals.map((s) => s.workflowId)).toEqual([member.workflowId]);
  });

  it('records the reply on a closed lead and still delivers it to the open cases listed', async () => {
    const { service, signals } = setup();
    const lead = await newCase({ client: 'P', status: 'paid' });
    const other = await newCase({ client: 'P' });
    await sentMessage(lead, [other]);
    const d = delivery(received(lead));
    expect((await service.receive(d)).outcome).toBe('handed_off');
    expect(signals.map((s) => s.workflowId)).toEqual([other.workflowId]);
    const entries = await testDb.db
      .getRepository(TimelineEventEntity)
      .findBy({ invoiceId: lead.id, type: 'reply_received' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({ caseClosed: true });
  });
});

describe('ResendWebhookService: one hand-off per Svix id', () => {
  it('hands simultaneous deliveries of one event off once: one handed_off, the others duplicate', async () => {
    const { service, signals, slow } = setup();
    const lead = await newCase({ client: unique('storm') });
    const d = delivery(bounced(await sentMessage(lead)));
    slow(100);
    const answers = await Promise.all(Array.from({ length: 6 }, () => service.receive(d)));
    expect(answers.map((a) => a.outcome).sort()).toEqual([
      ...Array<string>(5).fill('duplicate'),
      'handed_off',
    ]);
    expect(signals).toHaveLength(1);
  });

  it('records a delivery event once however many deliveries arrive at once', async () => {
    const { service } = setup();
    const lead = await newCase({ client: unique('delivered') });
    const emailId = await sentMessage(lead);
    const d = delivery({
      type: 'email.delivered',
      created_at: '2026-11-20T10:00:00Z',
      data: { email_id: emailId },
    });
    const answers = await Promise.all(Array.from({ length: 4 }, () => service.receive(d)));
    expect(answers.map((a) => a.outcome).sort()).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'handed_off',
    ]);
    expect((await emails.byProviderId(emailId))!.status).toBe('delivered');
    const rows = await testDb.db
      .getRepository(TimelineEventEntity)
      .findBy({ invoiceId: lead.id, type: 'email_delivered' });
    expect(rows).toHaveLength(1);
  });

  it('refuses a Svix id already used with another payload (409)', async () => {
    const { service } = setup();
    const lead = await newCase({ client: unique('conflict') });
    const emailId = await sentMessage(lead);
    const svixId = unique('msg');
    expect((await service.receive(delivery(bounced(emailId), svixId))).outcome).toBe('handed_off');
    const err = (await service
      .receive(delivery(bounced(emailId, { bounce: { message: 'other' } }), svixId))
      .catch((e: unknown) => e)) as Problem;
    expect(err.getStatus()).toBe(409);
  });
});
