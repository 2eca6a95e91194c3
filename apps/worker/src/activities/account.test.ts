import { defaultTenantSettings, type InvoiceInput, type TenantSettings } from '@relance/domain';
import { InvoiceEntity, PaymentEntity, TenantEntity, TimelineEventEntity } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import type { AccountActivities, DunningActivities, StepRequest } from '@relance/workflows';
import { createHash, randomUUID } from 'node:crypto';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer, OutgoingEmail } from '../mail/mailer';
import { InvoiceAttachments } from './attachments';
import { CaseStore } from './case-store';
import { createActivities } from './index';
import { TenantPdfFetcher } from './tenant-pdf-fetcher';

// The client account's activities against a real Postgres (embedded, migrated), the provider
// played by a mailer that records what it is handed (ids as Resend's idempotency makes them).

class RecordingMailer implements Mailer {
  sent: { email: OutgoingEmail; key: string }[] = [];
  async send(email: OutgoingEmail, key: string): Promise<{ id: string }> {
    this.sent.push({ email, key });
    return { id: `re_${createHash('sha256').update(key).digest('hex').slice(0, 16)}` };
  }
}

let testDb: TestDatabase;
let db: DataSource;
let mailer: RecordingMailer;
let acts: DunningActivities & AccountActivities;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'worker-account', poolSize: 4 });
  db = testDb.db;
});
afterAll(() => testDb?.stop());
beforeEach(() => {
  mailer = new RecordingMailer();
  acts = createActivities({
    store: new CaseStore(db),
    mailer,
    logger: pino({ level: 'silent' }),
    invoicePdf: new InvoiceAttachments(db, new TenantPdfFetcher({ allowHosts: [] }, 2)),
  });
});

async function newTenant(settings: Partial<TenantSettings> = {}): Promise<TenantEntity> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  return db.getRepository(TenantEntity).save({
    slug,
    senderDomains: ['dupont.example'],
    settings: {
      ...defaultTenantSettings(slug),
      company: { name: 'Studio Dupont', address: '12 rue des Lilas, 75011 Paris' },
      sender: { fromName: 'Studio Dupont', fromEmail: 'factures@dupont.example' },
      notifyEmail: 'claire@dupont.example',
      ...settings,
    },
  });
}

/** An overdue invoice of client C-17 (`paidMinor` already received), as registration stores it. */
async function newCase(tenant: TenantEntity, number: string, dueDate: string, paidMinor = 0) {
  const externalId = `INV-${randomUUID().slice(0, 8)}`;
  const payload: InvoiceInput = {
    externalId,
    number,
    issueDate: '2026-09-01',
    dueDate,
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: {
      id: 'C-17',
      name: 'Jeanne Martin',
      company: 'ACME SARL',
      email: 'compta@acme.example',
      locale: 'fr',
      timezone: 'Europe/Paris',
      type: 'business',
      country: 'FR',
    },
  };
  const workflowId = `dunning:${tenant.slug}:${externalId}`;
  const invoice = await db.getRepository(InvoiceEntity).save({
    tenantId: tenant.id,
    externalId,
    number,
    workflowId,
    clientId: 'C-17',
    currency: 'EUR',
    status: 'overdue' as const,
    totalMinor: 120000,
    paidMinor,
    balanceMinor: 120000 - paidMinor,
    issueDate: payload.issueDate,
    dueDate,
    payload,
    payloadHash: 'test',
  });
  const ref = { tenant: tenant.slug, externalId, workflowId };
  const request: StepRequest = {
    ref,
    key: 'step:reminder_1',
    step: 'reminder_1',
    action: 'reminder',
    tone: 'friendly',
    overdue: true,
    amounts: { paidMinor, balanceMinor: 120000 - paidMinor },
    currency: 'EUR',
    timezone: 'Europe/Paris',
    address: 'compta@acme.example',
    groupWithin: 'P3D',
    gatherFor: 'PT1M',
  };
  return { ref, invoice, request };
}

const grouped = (tenant: TenantEntity, members: StepRequest[]) =>
  acts.sendGroupedStep({
    tenant: tenant.slug,
    clientId: 'C-17',
    key: 'account:1',
    members,
    at: new Date().toISOString(),
  });
const statements = (sent: { email: OutgoingEmail }) =>
  (sent.email.attachments ?? []).filter((a) => /^releve-de-compte-\d{4}-\d{2}-\d{2}\.pdf$/.test(a.filename));

describe('sendGroupedStep: the statement of account (tenant setting statementOfAccount)', () => {
  it('attaches the PDF statement to the grouped reminder when the tenant enables it', async () => {
    const tenant = await newTenant({ statementOfAccount: true });
    const a = await newCase(tenant, 'F-2026-0042', '2026-10-01', 50000);
    const b = await newCase(tenant, 'F-2026-0043', '2026-10-15');
    await db.getRepository(PaymentEntity).save({
      tenantId: tenant.id,
      invoiceId: a.invoice.id,
      paymentId: 'pay_1',
      amountMinor: 50000,
      currency: 'EUR',
      paidAt: new Date('2026-11-02T10:00:00Z'),
      reference: 'VIR ACME 0042',
    });
    await grouped(tenant, [a.request, b.request]);
    expect(mailer.sent).toHaveLength(1);
    const [statement] = statements(mailer.sent[0]!);
    expect(Buffer.from(statement!.content).subarray(0, 5).toString()).toBe('%PDF-');
    expect(mailer.sent[0]!.email.text).toContain('F-2026-0042');
    expect(mailer.sent[0]!.email.text).toContain('F-2026-0043');
  });

  it('sends no statement when the tenant leaves it off (the default)', async () => {
    const tenant = await newTenant();
    const a = await newCase(tenant, 'F-2026-0044', '2026-10-01');
    const b = await newCase(tenant, 'F-2026-0045', '2026-10-15');
    await grouped(tenant, [a.request, b.request]);
    expect(mailer.sent).toHaveLength(1);
    expect(statements(mailer.sent[0]!)).toEqual([]);
  });
});

describe('alertCreditor: a reply to a grouped message', () => {
  it('alerts the creditor once however many listed cases report the reply, each case naming that alert', async () => {
    const tenant = await newTenant();
    const cases = [
      await newCase(tenant, 'F-2026-0046', '2026-10-01'),
      await newCase(tenant, 'F-2026-0047', '2026-10-15'),
      await newCase(tenant, 'F-2026-0048', '2026-10-20'),
    ];
    await grouped(
      tenant,
      cases.map((c) => c.request),
    );
    expect(mailer.sent).toHaveLength(1);
    const alert = {
      kind: 'reply' as const,
      from: 'compta@acme.example',
      receivedAt: '2026-11-20T09:00:00Z',
      text: 'Nous payons vendredi.',
    };
    const amounts = { paidMinor: 0, balanceMinor: 120000 };
    // Two cases report it at once, the third later; a reply with another id alerts again.
    await Promise.all(
      cases
        .slice(0, 2)
        .map((c) => acts.alertCreditor({ ref: c.ref, key: 'alert:reply:in_1', amounts, alert })),
    );
    await acts.alertCreditor({ ref: cases[2]!.ref, key: 'alert:reply:in_1', amounts, alert });
    const alerts = mailer.sent.slice(1);
    expect(new Set(alerts.map((s) => s.key)).size).toBe(1);
    const emailId = `re_${createHash('sha256').update(alerts[0]!.key).digest('hex').slice(0, 16)}`;
    expect(alerts[0]!.email.to).toEqual(['claire@dupont.example']);
    for (const n of ['F-2026-0046', 'F-2026-0047', 'F-2026-0048']) expect(alerts[0]!.email.text).toContain(n);
    for (const c of cases) {
      const entries = await db
        .getRepository(TimelineEventEntity)
        .findBy({ invoiceId: c.invoice.id, type: 'creditor_alerted' });
      expect(entries.map((e) => e.data.emailId)).toEqual([emailId]);
    }

    await acts.alertCreditor({ ref: cases[1]!.ref, key: 'alert:reply:in_2', amounts, alert });
    expect(new Set(mailer.sent.slice(1).map((s) => s.key)).size).toBe(2);
  });

  it('a case alone on its latest message alerts alone, as before', async () => {
    const tenant = await newTenant();
    const a = await newCase(tenant, 'F-2026-0049', '2026-10-01');
    const b = await newCase(tenant, 'F-2026-0050', '2026-10-15');
    const alert = {
      kind: 'reply' as const,
      from: 'x@acme.example',
      receivedAt: '2026-11-20T09:00:00Z',
      text: 'Hi',
    };
    const amounts = { paidMinor: 0, balanceMinor: 120000 };
    await acts.alertCreditor({ ref: a.ref, key: 'alert:reply:in_3', amounts, alert });
    await acts.alertCreditor({ ref: b.ref, key: 'alert:reply:in_3', amounts, alert });
    expect(mailer.sent).toHaveLength(2);
  });
});
