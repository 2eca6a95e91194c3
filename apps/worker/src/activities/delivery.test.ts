import {
  defaultTenantSettings,
  type InvoiceInput,
  type PenaltyBreakdown,
  type TenantSettings,
} from '@relance/domain';
import {
  AttachmentContentEntity,
  EmailEntity,
  emailRowId,
  InvoiceDocumentEntity,
  InvoiceEntity,
  providerIdempotencyKey,
  TenantEntity,
  TimelineEventEntity,
} from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import type { CaseRef, CaseState, DunningActivities } from '@relance/workflows';
import { ApplicationFailure } from '@temporalio/activity';
import { createHash, randomUUID } from 'node:crypto';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentSendError, type Mailer, type OutgoingEmail } from '../mail/mailer';
import { InvoiceAttachments } from './attachments';
import { TenantPdfFetcher } from './tenant-pdf-fetcher';
import { CaseStore } from './case-store';
import { canonicalJson, contentHash } from './delivery';
import { createActivities } from './index';

// The activities against a real Postgres (embedded, migrated), with the provider played by a
// mailer that records what it is handed and fails on demand.

/** Records every send; the id depends on the key only, as Resend's idempotency makes it. */
class ScriptedMailer implements Mailer {
  sent: { email: OutgoingEmail; key: string }[] = [];
  failures: Error[] = [];

  async send(email: OutgoingEmail, key: string): Promise<{ id: string }> {
    this.sent.push({ email, key });
    const failure = this.failures.shift();
    if (failure) throw failure;
    return { id: `re_${createHash('sha256').update(key).digest('hex').slice(0, 16)}` };
  }
}

const penalties: PenaltyBreakdown = {
  jurisdiction: 'FR',
  clientType: 'business',
  dueDate: '2026-10-15',
  asOf: '2026-11-16',
  currency: 'EUR',
  principal: '1200.00',
  principalMinor: 120000,
  periods: [
    {
      from: '2026-10-16',
      to: '2026-11-16',
      days: 32,
      ratePercent: '12.15',
      basis: 'ecb_plus_10',
      referenceRatePercent: '2.15',
      referenceDate: '2026-07-01',
      interest: '12.78',
      interestMinor: 1278,
      provisional: false,
      missingFigure: null,
    },
  ],
  interest: '12.78',
  interestMinor: 1278,
  fixedFee: '40.00',
  fixedFeeMinor: 4000,
  total: '52.78',
  totalMinor: 5278,
  notes: [],
  provisional: false,
  missingFigures: [],
};

const amounts = { paidMinor: 0, balanceMinor: 120000 };

let testDb: TestDatabase;
let db: DataSource;
let mailer: ScriptedMailer;
let acts: DunningActivities;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'worker', poolSize: 4 });
  db = testDb.db;
});

afterAll(() => testDb?.stop());

beforeEach(() => {
  mailer = new ScriptedMailer();
  const store = new CaseStore(db);
  acts = createActivities({
    store,
    mailer,
    logger: pino({ level: 'silent' }),
    invoicePdf: new InvoiceAttachments(db, new TenantPdfFetcher({ allowHosts: [] }, 2)),
  });
});

async function newTenant(
  settings: Partial<TenantSettings> = {},
  senderDomains = ['dupont.example'],
): Promise<TenantEntity> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  return db.getRepository(TenantEntity).save({
    slug,
    senderDomains,
    settings: {
      ...defaultTenantSettings(slug),
      company: { name: 'Studio Dupont', address: '12 rue des Lilas, 75011 Paris' },
      sender: { fromName: 'Studio Dupont', fromEmail: 'factures@dupont.example' },
      notifyEmail: 'claire@dupont.example',
      legalContact: { name: 'Maître Durand', email: 'cabinet@durand-avocats.example' },
      ...settings,
    },
  });
}

async function newCase(
  tenant: TenantEntity,
  externalId = `INV-${randomUUID().slice(0, 8)}`,
  client: Partial<InvoiceInput['client']> = {},
): Promise<{ ref: CaseRef; invoice: InvoiceEntity }> {
  const payload: InvoiceInput = {
    externalId,
    number: 'F-2026-0042',
    issueDate: '2026-09-15',
    dueDate: '2026-10-15',
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: {
      id: 'C-17',
      name: 'Jeanne Martin',
      company: 'ACME SARL',
      email: 'compta@acme.example',
      phone: '+33 4 72 00 00 00',
      locale: 'fr',
      timezone: 'Europe/Paris',
      type: 'business',
      country: 'FR',
      ...client,
    },
    pdfBase64: Buffer.from('%PDF-1.4 the invoice').toString('base64'),
  };
  const workflowId = `dunning:${tenant.slug}:${externalId}`;
  const invoice = await db.getRepository(InvoiceEntity).save({
    tenantId: tenant.id,
    externalId,
    number: payload.number,
    workflowId,
    clientId: 'C-17',
    currency: 'EUR',
    totalMinor: 120000,
    balanceMinor: 120000,
    issueDate: payload.issueDate,
    dueDate: payload.dueDate,
    payload,
    payloadHash: 'test',
  });
  return { ref: { tenant: tenant.slug, externalId, workflowId }, invoice };
}

const emailRow = (invoice: InvoiceEntity, key: string) =>
  db.getRepository(EmailEntity).findOneByOrFail({ id: emailRowId(invoice.id, key) });
const timelineOf = (invoice: InvoiceEntity) =>
  db
    .getRepository(TimelineEventEntity)
    .find({ where: { invoiceId: invoice.id }, order: { recordedAt: 'ASC' } });
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );

describe('sendClientEmail (deliver)', () => {
  it('stores the message before sending and re-sends it byte for byte, same key, on a retry', async () => {
    const tenant = await newTenant();
    const { ref, invoice } = await newCase(tenant);
    const input = {
      ref,
      key: 'step:reminder_1',
      step: 'reminder_1',
      timelineType: 'reminder_sent' as const,
      amounts,
      email: { template: 'friendly' as const },
    };
    mailer.failures = [new Error('socket hang up')];
    await expect(acts.sendClientEmail(input)).rejects.toThrow('socket hang up');

    const prepared = await emailRow(invoice, input.key);
    const hash = contentHash('sendClientEmail', input);
    expect(prepared).toMatchObject({ status: 'prepared', providerId: null, sentAt: null, contentHash: hash });
    expect(prepared.payload?.attachments?.[0]?.filename).toBe('F-2026-0042.pdf');

    // A re-render would now differ (new sender name): the retry must not re-render.
    tenant.settings = { ...tenant.settings, sender: { fromName: 'Other', fromEmail: 'x@y.example' } };
    await db.getRepository(TenantEntity).save(tenant);
    const result = await acts.sendClientEmail(input);

    expect(mailer.sent).toHaveLength(2);
    const [first, second] = mailer.sent;
    expect(second!.key).toBe(first!.key);
    expect(first!.key).toBe(providerIdempotencyKey(emailRowId(invoice.id, input.key), hash));
    expect(JSON.stringify(second!.email)).toBe(JSON.stringify(first!.email));
    expect(second!.email.from).toBe('Studio Dupont <factures@dupont.example>');
    expect(second!.email.attachments?.[0]?.content.equals(Buffer.from('%PDF-1.4 the invoice'))).toBe(true);

    const row = await emailRow(invoice, input.key);
    expect(row).toMatchObject({ status: 'sent', providerId: result.emailId });
    expect(row.sentAt?.toISOString()).toBe(result.sentAt);
    const [entry] = await timelineOf(invoice);
    expect(entry).toMatchObject({
      id: `${invoice.id}:step:reminder_1`,
      type: 'reminder_sent',
      step: 'reminder_1',
    });
    expect(entry!.data).toMatchObject({ emailId: result.emailId, template: 'friendly' });
  });

  it('answers the recorded email and sends nothing once the provider accepted it', async () => {
    const { ref } = await newCase(await newTenant());
    const input = {
      ref,
      key: 'k',
      timelineType: 'reminder_sent' as const,
      amounts,
      email: { template: 'friendly' as const },
    };
    const first = await acts.sendClientEmail(input);
    await expect(acts.sendClientEmail(input)).resolves.toEqual(first);
    expect(mailer.sent).toHaveLength(1);
  });

  it('re-renders, with a new key, when the step is re-run with other amounts', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    const input = {
      ref,
      key: 'k',
      timelineType: 'reminder_sent' as const,
      amounts,
      email: { template: 'friendly' as const },
    };
    mailer.failures = [new Error('timeout')];
    await expect(acts.sendClientEmail(input)).rejects.toThrow('timeout');
    const changed = { ...input, amounts: { paidMinor: 50000, balanceMinor: 70000 } };
    await acts.sendClientEmail(changed);
    const [first, second] = mailer.sent;
    expect(second!.key).not.toBe(first!.key);
    expect(second!.email.text).toContain('700,00 €');
    expect((await emailRow(invoice, 'k')).contentHash).toBe(contentHash('sendClientEmail', changed));
  });

  it('marks the row failed and fails for good when the provider refuses the email', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    const input = {
      ref,
      key: 'k',
      timelineType: 'reminder_sent' as const,
      amounts,
      email: { template: 'firm' as const },
    };
    const refusal = 'Resend refused the email (invalid_from_address, HTTP 422): bad sender';
    mailer.failures = [new PermanentSendError(refusal, 'invalid_from_address', 422)];
    const err = await failureOf(acts.sendClientEmail(input));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'PermanentSendError', nonRetryable: true, message: refusal });
    expect(await emailRow(invoice, 'k')).toMatchObject({
      status: 'failed',
      failure: refusal,
      providerId: null,
    });
    expect(await timelineOf(invoice)).toEqual([]);

    // Once the cause is fixed and the step runs again, it goes out under a key of its own.
    await acts.sendClientEmail(input);
    expect(mailer.sent[1]!.key).not.toBe(mailer.sent[0]!.key);
    expect(await emailRow(invoice, 'k')).toMatchObject({ status: 'sent', failure: null });
  });

  it('keeps apart two cases whose workflow id + key would spell the same id', async () => {
    const tenant = await newTenant();
    // dunning:<t>:X + alert:paid and dunning:<t>:X:alert + paid were one row before.
    const a = await newCase(tenant, 'X');
    const b = await newCase(tenant, 'X:alert');
    await acts.alertCreditor({
      ref: a.ref,
      key: 'alert:paid',
      amounts,
      alert: { kind: 'paid', amountPaidMinor: 1 },
    });
    await acts.sendClientEmail({
      ref: b.ref,
      key: 'paid',
      timelineType: 'paid' as const,
      amounts,
      email: { template: 'payment_confirmation', amountPaidMinor: 120000, paidAt: '2026-11-20T09:00:00Z' },
    });
    expect(mailer.sent.map((s) => s.email.to[0])).toEqual(['claire@dupont.example', 'compta@acme.example']);
    expect(await timelineOf(a.invoice)).toHaveLength(1);
    expect(await timelineOf(b.invoice)).toHaveLength(1);
  });
});

describe('attachments stored once (issue 18)', () => {
  const send = (ref: CaseRef, key: string, template: 'friendly' | 'firm') =>
    acts.sendClientEmail({
      ref,
      key,
      step: key,
      timelineType: 'reminder_sent' as const,
      amounts,
      email: { template },
    });
  const pdf = Buffer.from('%PDF-1.4 the invoice');

  it('keeps one copy of the invoice PDF for two emails of a case; each send and stored copy still carries it', async () => {
    const tenant = await newTenant();
    const { ref, invoice } = await newCase(tenant);
    await send(ref, 'reminder_1', 'friendly');
    mailer.failures = [new Error('timeout')];
    await expect(send(ref, 'reminder_2', 'firm')).rejects.toThrow('timeout');
    await send(ref, 'reminder_2', 'firm'); // the retry re-sends the stored copy

    const stored = await db.getRepository(AttachmentContentEntity).findBy({ tenantId: tenant.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.content.equals(pdf)).toBe(true);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(stored[0]!.sha256).toBe(sha256);
    for (const key of ['reminder_1', 'reminder_2']) {
      const row = await emailRow(invoice, key);
      expect(row.payload?.attachments).toEqual([{ filename: 'F-2026-0042.pdf', sha256 }]);
    }
    expect(mailer.sent).toHaveLength(3);
    for (const { email } of mailer.sent) {
      expect(email.attachments?.map((a) => [a.filename, a.content.equals(pdf)])).toEqual([
        ['F-2026-0042.pdf', true],
      ]);
    }
  });

  it('attaches the PDF the API stored in invoice_documents at registration (not in the payload)', async () => {
    const tenant = await newTenant();
    const { ref, invoice } = await newCase(tenant);
    const { pdfBase64: _inline, ...payload } = invoice.payload;
    const own = Buffer.from('%PDF-1.4 stored at registration');
    await db.getRepository(InvoiceEntity).update({ id: invoice.id }, { payload: payload as InvoiceInput });
    await db.getRepository(InvoiceDocumentEntity).insert({
      invoiceId: invoice.id,
      tenantId: tenant.id,
      sourceUrl: null,
      content: own,
      sha256: createHash('sha256').update(own).digest('hex'),
    });
    await send(ref, 'reminder_1', 'friendly');
    expect(mailer.sent[0]!.email.attachments?.[0]?.content.equals(own)).toBe(true);
  });
});

describe('the sender, checked at every send (issue 18)', () => {
  const reminder = (ref: CaseRef) => ({
    ref,
    key: 'step:reminder_1',
    step: 'reminder_1',
    timelineType: 'reminder_sent' as const,
    amounts,
    email: { template: 'friendly' as const },
  });

  it('refuses for good, as a provider refusal, a send from a domain removed from the allow-list; nothing reaches the mailer', async () => {
    const tenant = await newTenant();
    const { ref, invoice } = await newCase(tenant);
    // Stored while allowed, then an operator removed the domain (`sender-domains set <slug> other.example`).
    mailer.failures = [new Error('timeout')];
    await expect(acts.sendClientEmail(reminder(ref))).rejects.toThrow('timeout');
    await db.getRepository(TenantEntity).update({ id: tenant.id }, { senderDomains: ['other.example'] });
    mailer.sent = [];

    const err = await failureOf(acts.sendClientEmail(reminder(ref)));
    // The type the workflow turns into email_failed + action_required and a creditor alert.
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'PermanentSendError', nonRetryable: true });
    expect((err as Error).message).toContain('factures@dupont.example is not allowed');
    expect((err as Error).message).toContain(`sender-domains set ${tenant.slug}`);
    expect(mailer.sent).toEqual([]);
    expect(await emailRow(invoice, 'step:reminder_1')).toMatchObject({
      status: 'failed',
      providerId: null,
      failure: expect.stringContaining('dupont.example is not among the sending domains'),
    });
    expect(await timelineOf(invoice)).toEqual([]);
    // The creditor alert goes through the same check (notifyEmail is the tenant's to set).
    const alert = await failureOf(
      acts.alertCreditor({
        ref,
        key: 'alert:action_required:reminder_1:1',
        amounts,
        alert: { kind: 'action_required', step: 'reminder_1', reason: (err as Error).message },
      }),
    );
    expect(alert).toMatchObject({ type: 'PermanentSendError', nonRetryable: true });
    expect(mailer.sent).toEqual([]);

    // Allowed again, the resumed step goes out.
    await db.getRepository(TenantEntity).update({ id: tenant.id }, { senderDomains: ['dupont.example'] });
    await acts.sendClientEmail(reminder(ref));
    expect(mailer.sent.map((m) => m.email.from)).toEqual(['Studio Dupont <factures@dupont.example>']);
  });

  it('refuses an address stored before the allow-list existed (no domain allowed), keeps the placeholder', async () => {
    const legacy = await newCase(await newTenant({}, []));
    const err = await failureOf(acts.sendClientEmail(reminder(legacy.ref)));
    expect(err).toMatchObject({ type: 'PermanentSendError', nonRetryable: true });
    expect(mailer.sent).toEqual([]);

    const slug = `t-${randomUUID().slice(0, 8)}`;
    const fresh = await db.getRepository(TenantEntity).save({ slug, settings: defaultTenantSettings(slug) });
    await acts.sendClientEmail(reminder((await newCase(fresh)).ref));
    expect(mailer.sent.map((m) => m.email.from)).toEqual([`${slug} <factures@${slug}.example>`]);
  });
});

describe('sendFormalNotice', () => {
  const notice = (ref: CaseRef) => ({
    ref,
    key: 'step:formal_notice',
    step: 'formal_notice',
    amounts,
    penalties,
    sentOn: '2026-11-16',
    deadline: '2026-11-24',
  });

  it('emails the client the letter and records the date it bears', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    await acts.sendFormalNotice(notice(ref));
    const [sent] = mailer.sent;
    expect(sent!.email.to).toEqual(['compta@acme.example']);
    expect(sent!.email.attachments?.map((a) => a.filename)).toEqual([
      'mise-en-demeure-F-2026-0042.pdf',
      'F-2026-0042.pdf',
    ]);
    const [entry] = await timelineOf(invoice);
    expect(entry).toMatchObject({ type: 'formal_notice_sent', step: 'formal_notice' });
    expect(entry!.data).toMatchObject({ sentOn: '2026-11-16', deadline: '2026-11-24' });
  });

  it('with deliverTo creditor, hands the letter to the creditor to post and sends nothing to the client', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    await acts.sendFormalNotice({ ...notice(ref), deliverTo: 'creditor' });
    expect(mailer.sent).toHaveLength(1);
    const { email } = mailer.sent[0]!;
    expect(email.to).toEqual(['claire@dupont.example']);
    expect(email.cc).toBeUndefined();
    expect(email.subject).toBe(
      'À faire : envoyer la mise en demeure par lettre recommandée : facture F-2026-0042 (ACME SARL)',
    );
    expect(email.text).toContain('Elle réclame 1 252,78 € au plus tard le 24 novembre 2026');
    const letter = email.attachments?.find((a) => a.filename === 'mise-en-demeure-F-2026-0042.pdf');
    expect(letter?.content.subarray(0, 5).toString()).toBe('%PDF-');
    const [entry] = await timelineOf(invoice);
    expect(entry).toMatchObject({ type: 'letter_task_created', step: 'formal_notice' });
    expect(entry!.data).toMatchObject({
      sentOn: '2026-11-16',
      deadline: '2026-11-24',
      to: ['claire@dupont.example'],
    });
  });
});

describe('handOffToLawyer', () => {
  const handOff = (ref: CaseRef, at = '2026-11-25T09:00:00.000Z') => ({
    ref,
    key: 'step:legal_handoff',
    step: 'legal_handoff',
    amounts,
    penalties,
    at,
  });
  const dossierJson = (email: OutgoingEmail) =>
    JSON.parse(email.attachments!.find((a) => a.filename.endsWith('.json'))!.content.toString('utf8')) as {
      generatedAt: string;
      formalNotice: { sentOn: string; deadline: string } | null;
      timeline: { type: string }[];
      messages: { emailId: string }[];
    };

  it('fails for good, saying what to set, when the tenant has no legal contact', async () => {
    const { ref } = await newCase(await newTenant({ legalContact: undefined }));
    const err = await failureOf(acts.handOffToLawyer(handOff(ref)));
    expect(err).toMatchObject({ type: 'ActionRequired', nonRetryable: true });
    expect((err as Error).message).toContain('PATCH /v1/tenant');
    expect((err as Error).message).toContain(`POST /v1/invoices/${ref.externalId}/resume`);
    expect(mailer.sent).toEqual([]);
  });

  it('dates the dossier by `at`, keeps it as first prepared on a retry, and lists only sent emails', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    // 23:30 UTC is already the 17th in Paris: the recorded `sentOn` is what the letter says.
    await acts.recordTimeline({
      ref,
      key: 'formal',
      type: 'formal_notice_sent',
      at: '2026-11-16T23:30:00Z',
      data: { sentOn: '2026-11-17', deadline: '2026-11-25' },
    });
    await acts.sendClientEmail({
      ref,
      key: 'r1',
      timelineType: 'reminder_sent' as const,
      amounts,
      email: { template: 'friendly' },
    });
    mailer.failures = [new PermanentSendError('refused')];
    await failureOf(
      acts.sendClientEmail({
        ref,
        key: 'r2',
        timelineType: 'reminder_sent' as const,
        amounts,
        email: { template: 'firm' },
      }),
    );

    mailer.failures = [new Error('timeout')];
    await expect(acts.handOffToLawyer(handOff(ref))).rejects.toThrow('timeout');
    await acts.recordTimeline({ ref, key: 'late', type: 'paused', at: new Date().toISOString() });
    await acts.handOffToLawyer(handOff(ref));

    const [, , first, second] = mailer.sent;
    expect(second!.key).toBe(first!.key);
    expect(JSON.stringify(second!.email)).toBe(JSON.stringify(first!.email));
    const dossier = dossierJson(second!.email);
    expect(dossier.generatedAt).toBe('2026-11-25T09:00:00.000Z');
    expect(dossier.formalNotice).toEqual({ sentOn: '2026-11-17', deadline: '2026-11-25' });
    expect(dossier.timeline.map((t) => t.type)).toEqual(['formal_notice_sent', 'reminder_sent']);
    expect(dossier.messages).toHaveLength(1);
    expect(second!.email.cc).toEqual(['claire@dupont.example']);
    expect(second!.email.text).toContain('Notre mise en demeure du 17 novembre 2026');
    expect((await emailRow(invoice, 'step:legal_handoff')).status).toBe('sent');
  });

  it('re-rendered for new amounts, still leaves out what was recorded after the first preparation', async () => {
    const { ref } = await newCase(await newTenant());
    await acts.recordTimeline({ ref, key: 'early', type: 'reminder_sent', at: '2026-10-16T08:00:00Z' });
    mailer.failures = [new Error('timeout')];
    await expect(acts.handOffToLawyer(handOff(ref))).rejects.toThrow('timeout');
    await acts.recordTimeline({ ref, key: 'late', type: 'paused', at: new Date().toISOString() });
    await acts.handOffToLawyer({ ...handOff(ref), amounts: { paidMinor: 20000, balanceMinor: 100000 } });
    const [first, second] = mailer.sent;
    expect(second!.key).not.toBe(first!.key);
    expect(dossierJson(second!.email).timeline.map((t) => t.type)).toEqual(['reminder_sent']);
  });

  it('dates a formal notice recorded without `sentOn` in the client’s time zone, not in UTC', async () => {
    const { ref } = await newCase(await newTenant());
    await acts.recordTimeline({
      ref,
      key: 'formal',
      type: 'formal_notice_sent',
      at: '2026-11-16T23:30:00Z',
      data: { deadline: '2026-11-25' },
    });
    await acts.handOffToLawyer(handOff(ref));
    expect(dossierJson(mailer.sent[0]!.email).formalNotice?.sentOn).toBe('2026-11-17');
  });
});

describe('alertCreditor', () => {
  it('gives the client’s phone in a call task, and says when there is none', async () => {
    const tenant = await newTenant();
    const withPhone = await newCase(tenant);
    const withoutPhone = await newCase(tenant, undefined, { phone: undefined });
    const alert = { kind: 'call_task' as const, step: 'final_notice', reason: 'scheduled' as const };
    await acts.alertCreditor({ ref: withPhone.ref, key: 'alert:call', amounts, alert });
    await acts.alertCreditor({ ref: withoutPhone.ref, key: 'alert:call', amounts, alert });
    expect(mailer.sent[0]!.email.text).toContain('un appel à ACME SARL au +33 4 72 00 00 00');
    expect(mailer.sent[1]!.email.text).toContain('Aucun numéro de téléphone n’est enregistré');
  });

  it('names the resume route of the case in an action-required alert', async () => {
    const { ref } = await newCase(await newTenant());
    await acts.alertCreditor({
      ref,
      key: 'alert:action_required:formal_notice:1',
      amounts,
      alert: { kind: 'action_required', step: 'formal_notice', reason: 'the sender domain is not verified' },
    });
    expect(mailer.sent[0]!.email.text).toContain(`POST /v1/invoices/${ref.externalId}/resume`);
  });
});

/** The workflow's view of a case `ref`, as it sends it to be written. */
function stateOf(ref: CaseRef, fields: Partial<CaseState> = {}): CaseState {
  return {
    externalId: ref.externalId,
    number: 'F-2026-0042',
    workflowId: ref.workflowId,
    status: 'overdue',
    stage: 'reminder_1',
    currency: 'EUR',
    total: '1200.00',
    paid: '0.00',
    balance: '1200.00',
    dueDate: '2026-10-15',
    nextAction: { step: 'reminder_2', action: 'reminder', at: '2026-10-23T07:00:00.000Z' },
    ...fields,
  };
}

describe('the case record', () => {
  it('syncCase writes the whole view and the list columns; an older write arriving late is ignored', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    const record = stateOf(ref, {
      status: 'payment_plan',
      paid: '300.00',
      balance: '900.00',
      plan: { instalments: [{ dueDate: '2026-11-01', amount: '600.00' }], paid: '300.00' },
      formalNotice: { sentOn: '2026-11-16', deadline: '2026-11-24' },
      overpaid: '0.01',
    });
    const columns = {
      status: 'payment_plan' as const,
      stage: 'reminder_1',
      paidMinor: 30000,
      balanceMinor: 90000,
      nextAction: null,
    };
    await acts.syncCase({ ref, version: 2, ...columns, record });
    await acts.syncCase({ ref, version: 1, ...columns, status: 'overdue', record: stateOf(ref) });
    const row = await db.getRepository(InvoiceEntity).findOneByOrFail({ id: invoice.id });
    expect(row.caseRecord).toEqual({
      status: 'payment_plan',
      stage: 'reminder_1',
      paid: '300.00',
      balance: '900.00',
      nextAction: record.nextAction,
      plan: record.plan,
      formalNotice: record.formalNotice,
      overpaid: '0.01',
    });
    expect(row).toMatchObject({
      status: 'payment_plan',
      paidMinor: 30000,
      balanceMinor: 90000,
      projectionVersion: 2,
    });
    expect(row.nextAction).toEqual(record.nextAction);
  });

  it('syncCase scheduled before the case record: the columns and those fields of the record', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    const formalNotice = { sentOn: '2026-11-16', deadline: '2026-11-24' };
    await acts.syncCase({
      ref,
      version: 1,
      status: 'paused',
      stage: 'formal_notice',
      paidMinor: 0,
      balanceMinor: 120000,
      nextAction: null,
      pausedReason: 'client_reply',
      record: stateOf(ref, { stage: 'formal_notice', formalNotice, overpaid: '1.00' }),
    });
    await acts.syncCase({
      ref,
      version: 2,
      status: 'paused',
      stage: 'formal_notice',
      paidMinor: 0,
      balanceMinor: 120000,
      nextAction: null,
      pausedReason: 'action_required',
      actionRequired: { step: 'legal_handoff', reason: 'refused' },
    });
    const row = await db.getRepository(InvoiceEntity).findOneByOrFail({ id: invoice.id });
    expect(row).toMatchObject({ status: 'paused', projectionVersion: 2 });
    expect(row.caseRecord).toEqual({
      status: 'paused',
      stage: 'formal_notice',
      paid: '0.00',
      balance: '1200.00',
      nextAction: null,
      formalNotice,
      pausedReason: 'action_required',
      actionRequired: { step: 'legal_handoff', reason: 'refused' },
    });
  });

  it('recordPayment stores the payment and the record it changed together', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    const paid = stateOf(ref, { status: 'paid', paid: '1200.00', balance: '0.00', nextAction: null });
    const payment = {
      ref,
      paymentId: 'p1',
      amountMinor: 120000,
      currency: 'EUR',
      paidAt: '2026-10-20T10:00:00Z',
    };
    await acts.recordPayment({ ...payment, balanceAfterMinor: 0, write: { version: 3, record: paid } });
    await acts.recordPayment({ ...payment, balanceAfterMinor: 0, write: { version: 3, record: paid } }); // a retry
    const row = await db.getRepository(InvoiceEntity).findOneByOrFail({ id: invoice.id });
    expect(row).toMatchObject({ status: 'paid', balanceMinor: 0, paidMinor: 120000, projectionVersion: 3 });
    expect(row.caseRecord).toMatchObject({ status: 'paid', paid: '1200.00', nextAction: null });
    expect((await timelineOf(invoice)).map((t) => t.type)).toEqual(['payment_received']);
  });

  it('performStep sends its parts in order, records a refused alert and goes on, then writes the record', async () => {
    const { ref, invoice } = await newCase(await newTenant());
    const parts = [
      {
        sendClientEmail: {
          ref,
          key: 'step:final_notice',
          step: 'final_notice',
          timelineType: 'reminder_sent' as const,
          amounts,
          email: { template: 'urgent' as const },
        },
      },
      {
        recordTimeline: {
          ref,
          key: 'step:final_notice:call',
          type: 'call_task_created' as const,
          at: '2026-10-30T08:00:00Z',
          step: 'final_notice',
          data: { reason: 'scheduled' },
        },
      },
      {
        alertCreditor: {
          ref,
          key: 'alert:step:final_notice:call',
          step: 'final_notice',
          amounts,
          alert: { kind: 'call_task' as const, step: 'final_notice', reason: 'scheduled' as const },
        },
      },
    ];
    const write = { version: 4, record: stateOf(ref, { stage: 'final_notice' }) };
    // A transient failure of the alert fails the step (Temporal retries it): no record yet.
    mailer.failures = [undefined as never, new Error('timeout')];
    await expect(acts.performStep({ ref, parts, write })).rejects.toThrow('timeout');
    expect((await db.getRepository(InvoiceEntity).findOneByOrFail({ id: invoice.id })).caseRecord).toBeNull();
    // The retry does not send the email again; the alert, now refused for good, is recorded.
    mailer.failures = [new PermanentSendError('invalid notifyEmail')];
    await acts.performStep({ ref, parts, write });
    expect(mailer.sent.map((m) => m.email.to)).toEqual([
      ['compta@acme.example'],
      ['claire@dupont.example'],
      ['claire@dupont.example'],
    ]);
    expect((await timelineOf(invoice)).map((t) => [t.type, t.data.kind ?? null])).toEqual([
      ['reminder_sent', null],
      ['call_task_created', null],
      ['email_failed', 'call_task'],
    ]);
    const row = await db.getRepository(InvoiceEntity).findOneByOrFail({ id: invoice.id });
    expect(row.caseRecord).toMatchObject({ stage: 'final_notice' });
  });
});

describe('contentHash', () => {
  it('depends on the activity and the input values, not on the order of keys', () => {
    const a = { ref: { tenant: 't', externalId: 'X' }, amounts: { paidMinor: 0, balanceMinor: 1 } };
    const b = { amounts: { balanceMinor: 1, paidMinor: 0 }, ref: { externalId: 'X', tenant: 't' } };
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(contentHash('alertCreditor', b)).toBe(contentHash('alertCreditor', a));
    expect(contentHash('sendClientEmail', a)).not.toBe(contentHash('alertCreditor', a));
    expect(contentHash('alertCreditor', { ...a, amounts: { paidMinor: 0, balanceMinor: 2 } })).not.toBe(
      contentHash('alertCreditor', a),
    );
  });
});
