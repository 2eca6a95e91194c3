import type { InvoiceEntity, Invoices, Payments, TenantEntity, WebhookEvents } from '@relance/persistence';
import { paymentSignal } from '@relance/workflows';
import type { Client } from '@temporalio/client';
import { describe, expect, it, vi } from 'vitest';
import { Problem } from '../common/problem';
import { CaseGateway } from '../cases/case-gateway';
import type { ClosedCasePayments } from '../cases/closed-case-payments';
import type { ClientPaymentSplitter } from '../clients/client-payments.service';
import type { Metrics } from '../metrics/metrics';
import type { TenantsService } from '../tenants/tenants.service';
import type { WebhookSecretsService } from '../tenants/webhook-secrets.service';
import { signPayment } from './payment-signature';
import { PaymentWebhookService } from './payment-webhook.service';

const secret = 'whsec_unit';
const tenant = { id: 't-1', slug: 'default', webhookSecrets: ['s1:enc:v1:…'] } as TenantEntity;
const liveInvoice = {
  id: '6f1c2b1e-0000-4000-8000-000000000001',
  tenantId: tenant.id,
  externalId: 'INV-1',
  workflowId: 'dunning:default:INV-1',
  currency: 'EUR',
  status: 'overdue',
  workflowStartedAt: new Date('2026-11-01T00:00:00Z'),
} as InvoiceEntity;

const event = (id = 'evt_1', amount = '10.00') => ({
  id,
  type: 'payment.succeeded',
  data: { invoiceId: 'INV-1', amount, currency: 'EUR', paidAt: '2026-12-01T10:00:00Z' },
});

/** A signed delivery of `body`, as the billing system sends it. */
function delivery(body: object, slug = tenant.slug) {
  const rawBody = Buffer.from(JSON.stringify(body));
  const t = Math.floor(Date.now() / 1000);
  return { tenantSlug: slug, rawBody, signature: `t=${t},v1=${signPayment(secret, rawBody, t)}` };
}

/** The service over in-memory repositories: the webhook log keeps the first payload of an id. */
function setup(invoice: InvoiceEntity = liveInvoice, knownPayments: string[] = []) {
  const logged = new Map<string, { json: string; handedOff: boolean; token?: string }>();
  const held = async (id: string, payload: object) => {
    const stored = logged.get(id);
    if (!stored) return undefined;
    const holding = !!stored.token && !stored.handedOff;
    return {
      handedOff: stored.handedOff,
      samePayload: stored.json === JSON.stringify(payload),
      held: holding,
      leaseLeftMs: holding ? 30_000 : 0,
    };
  };
  const log = {
    claim: async (id: string, _source: string, _tenantId: string | null, payload: object) => {
      const json = JSON.stringify(payload);
      const stored = logged.get(id);
      if (!stored || (!stored.handedOff && !stored.token && stored.json === json)) {
        const token = `claim-${logged.size}`;
        logged.set(id, { json, handedOff: false, token });
        return { claimed: true, token };
      }
      return { claimed: false, ...(await held(id, payload))! };
    },
    held,
    release: async (id: string, token: string) => {
      if (logged.get(id)?.token === token && !logged.get(id)?.handedOff) logged.delete(id);
    },
    markHandedOff: async (id: string) => {
      const entry = logged.get(id)!;
      if (entry.handedOff) return false;
      entry.handedOff = true;
      return true;
    },
  } as unknown as WebhookEvents;
  const invoices = {
    target: async (tenantId: string, externalId: string) =>
      tenantId === invoice.tenantId && externalId === invoice.externalId ? invoice : null,
    byId: async (id: string) => (id === invoice.id ? invoice : null),
  } as unknown as Invoices;
  const payments = {
    exists: async (invoiceId: string, paymentId: string) =>
      invoiceId === invoice.id && knownPayments.includes(paymentId),
  } as unknown as Payments;
  const signal = vi.fn(async () => undefined);
  const temporal = {
    workflow: { getHandle: () => ({ signal }) },
    connection: {
      withDeadline: (_ms: number, fn: () => Promise<unknown>) => fn(),
      withAbortSignal: (_signal: AbortSignal, fn: () => Promise<unknown>) => fn(),
    },
  } as unknown as Client;
  const metrics = { webhook: vi.fn() };
  const closedPayments = { record: vi.fn(async () => undefined) };
  const tenants = {
    findBySlug: async (slug: string) => (slug === tenant.slug ? tenant : null),
    webhookSecrets: () => [{ id: 's1', secret }],
  };
  const service = new PaymentWebhookService(
    new CaseGateway(temporal),
    log,
    invoices,
    payments,
    metrics as unknown as Metrics,
    closedPayments as unknown as ClosedCasePayments,
    tenants as unknown as TenantsService,
    tenants as unknown as WebhookSecretsService,
    // Payments naming a client: not used by these events (client-payment-webhook.test.ts).
    {} as ClientPaymentSplitter,
  );
  return { service, logged, signal, metrics, closedPayments };
}

describe('PaymentWebhookService', () => {
  it('hands a payment to its case, marks it handed off, and answers a repeated delivery as a duplicate', async () => {
    const { service, logged, signal } = setup();
    expect(await service.receive(delivery(event()))).toEqual({
      status: 202,
      ack: { id: 'evt_1', outcome: 'handed_off' },
    });
    expect(signal).toHaveBeenCalledWith(
      paymentSignal,
      expect.objectContaining({ id: 'evt_1', amount: '10.00' }),
    );
    expect(logged.get('payment:default:evt_1')?.handedOff).toBe(true);
    expect(await service.receive(delivery(event()))).toEqual({
      status: 200,
      ack: { id: 'evt_1', outcome: 'duplicate' },
    });
    expect(signal).toHaveBeenCalledTimes(1);
  });

  it('answers 503 with Retry-After when the signal fails, and leaves the event to the next delivery', async () => {
    const { service, logged, signal } = setup();
    signal.mockRejectedValueOnce(new Error('deadline exceeded'));
    const err = await service.receive(delivery(event('evt_down'))).catch((e: unknown) => e);
    expect((err as Problem).getStatus()).toBe(503);
    expect(logged.has('payment:default:evt_down')).toBe(false);
    expect(await service.receive(delivery(event('evt_down')))).toEqual({
      status: 202,
      ack: { id: 'evt_down', outcome: 'handed_off' },
    });
    expect(signal).toHaveBeenCalledTimes(2);
  });

  it('refuses an event id reused with another payload (409), handing nothing more', async () => {
    const { service, signal } = setup();
    await service.receive(delivery(event('evt_2', '10.00')));
    const err = await service.receive(delivery(event('evt_2', '20.00'))).catch((e: unknown) => e);
    expect((err as Problem).getStatus()).toBe(409);
    expect(signal).toHaveBeenCalledTimes(1);
  });

  it('records a payment for a closed case with the status it closed with, once per payment id', async () => {
    // The status it closed with is read from the case record (the column is derived from it).
    const record = {
      status: 'paid',
      stage: 'none',
      paid: '10.00',
      balance: '0.00',
      nextAction: null,
    } as const;
    const closed = { ...liveInvoice, status: 'paid', caseRecord: record } as InvoiceEntity;
    const { service, signal, closedPayments } = setup(closed, ['evt_known']);
    expect((await service.receive(delivery(event('evt_late')))).ack.outcome).toBe('case_closed');
    expect(closedPayments.record).toHaveBeenCalledWith(
      tenant,
      closed,
      'paid',
      expect.objectContaining({ id: 'evt_late', amount: '10.00' }),
      'webhook',
    );
    // Applied by the case before it closed: nothing to record.
    expect((await service.receive(delivery(event('evt_known')))).ack.outcome).toBe('duplicate');
    expect(closedPayments.record).toHaveBeenCalledTimes(1);
    expect(signal).not.toHaveBeenCalled();
  });

  it('answers an unknown tenant exactly like a bad signature (401)', async () => {
    const { service, metrics } = setup();
    for (const d of [delivery(event(), 'nobody'), { ...delivery(event()), signature: 't=1,v1=00' }]) {
      const err = await service.receive(d).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Problem);
      expect((err as Problem).getStatus()).toBe(401);
    }
    expect(metrics.webhook).toHaveBeenCalledWith('payment', 'rejected');
  });
});
