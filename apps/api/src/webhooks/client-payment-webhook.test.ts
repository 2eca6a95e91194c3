import type {
  CaseTarget,
  ClientPayment,
  Invoices,
  Payments,
  TenantEntity,
  WebhookEvents,
} from '@relance/persistence';
import type { Client } from '@temporalio/client';
import { describe, expect, it, vi } from 'vitest';
import { CaseGateway } from '../cases/case-gateway';
import type { ClosedCasePayments } from '../cases/closed-case-payments';
import type { ClientPaymentPlan, ClientPaymentSplitter } from '../clients/client-payments.service';
import { Problem } from '../common/problem';
import type { Metrics } from '../metrics/metrics';
import type { TenantsService } from '../tenants/tenants.service';
import type { WebhookSecretsService } from '../tenants/webhook-secrets.service';
import { signPayment } from './payment-signature';
import { PaymentWebhookService } from './payment-webhook.service';

// The payment webhook for a payment naming a client (issue 20): the split (its rules and storage
// are tested in client-payments.service.test.ts) handed to every case it names.

const secret = 'whsec_unit';
const tenant = { id: 't-1', slug: 'default', webhookSecrets: ['s1:enc:v1:…'] } as TenantEntity;
// Also the row `byId` answers: the status a closed case closed with is read from its record.
const caseOf = (externalId: string, status = 'overdue'): CaseTarget =>
  ({
    id: `uuid-${externalId}`,
    tenantId: tenant.id,
    externalId,
    workflowId: `dunning:default:${externalId}`,
    currency: 'EUR',
    status: status as CaseTarget['status'],
    workflowStartedAt: new Date('2026-11-01T00:00:00Z'),
    caseRecord: { status, stage: 'none', paid: '0.00', balance: '1200.00', nextAction: null },
  }) as CaseTarget;

const split: ClientPayment = {
  tenantId: tenant.id,
  paymentId: 'evt_c1',
  clientId: 'C-17',
  currency: 'EUR',
  amountMinor: 150_000,
  paidAt: new Date('2026-12-01T10:00:00Z'),
  reference: 'VIR F-2',
  parts: [
    { invoiceId: 'uuid-INV-2', externalId: 'INV-2', amountMinor: 100_000, surplusMinor: 0 },
    { invoiceId: 'uuid-INV-1', externalId: 'INV-1', amountMinor: 50_000, surplusMinor: 0 },
  ],
};

const event = (data: Record<string, unknown> = {}) => ({
  id: 'evt_c1',
  type: 'payment.succeeded',
  data: {
    clientId: 'C-17',
    amount: '1500.00',
    currency: 'EUR',
    paidAt: '2026-12-01T10:00:00Z',
    reference: 'VIR F-2',
    ...data,
  },
});

function delivery(body: object) {
  const rawBody = Buffer.from(JSON.stringify(body));
  const t = Math.floor(Date.now() / 1000);
  return { tenantSlug: tenant.slug, rawBody, signature: `t=${t},v1=${signPayment(secret, rawBody, t)}` };
}

function setup(cases: CaseTarget[] = [caseOf('INV-1'), caseOf('INV-2')]) {
  const logged = new Map<string, { json: string; handedOff: boolean; token: string }>();
  const log = {
    claim: async (id: string, _source: string, _tenantId: string | null, payload: object) => {
      const json = JSON.stringify(payload);
      const stored = logged.get(id);
      if (!stored) {
        logged.set(id, { json, handedOff: false, token: `claim-${logged.size}` });
        return { claimed: true, token: logged.get(id)!.token };
      }
      return {
        claimed: false,
        handedOff: stored.handedOff,
        samePayload: stored.json === json,
        held: false,
        leaseLeftMs: 0,
      };
    },
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
    target: async (_tenantId: string, externalId: string) =>
      cases.find((c) => c.externalId === externalId) ?? null,
    byId: async (id: string) => cases.find((c) => c.id === id) ?? null,
  } as unknown as Invoices;
  const payments = { exists: async () => false } as unknown as Payments;
  const signals: { workflowId: string; payment: unknown }[] = [];
  const failFor = new Set<string>();
  const temporal = {
    workflow: {
      getHandle: (workflowId: string) => ({
        signal: async (_def: unknown, payment: unknown) => {
          if (failFor.has(workflowId)) throw new Error('deadline exceeded');
          signals.push({ workflowId, payment });
        },
      }),
    },
    connection: {
      withDeadline: (_ms: number, fn: () => Promise<unknown>) => fn(),
      withAbortSignal: (_signal: AbortSignal, fn: () => Promise<unknown>) => fn(),
    },
  } as unknown as Client;
  const closedPayments = { record: vi.fn(async () => undefined) };
  const tenants = {
    findBySlug: async (slug: string) => (slug === tenant.slug ? tenant : null),
    webhookSecrets: () => [{ id: 's1', secret }],
  };
  const plans: { clientId: string; at: string[] }[] = [];
  const splitter = {
    plan: async (_t: TenantEntity, clientId: string, payment: ClientPaymentPlan['payment'], at: string[]) => {
      plans.push({ clientId, at });
      if (clientId !== 'C-17')
        throw new Problem(404, 'Not found', `no client ${clientId}`, [
          { path: 'data.clientId', message: 'unknown client' },
        ]);
      return { payment, clientId } as ClientPaymentPlan;
    },
    commit: async () => split,
  } as unknown as ClientPaymentSplitter;
  const service = new PaymentWebhookService(
    new CaseGateway(temporal),
    log,
    invoices,
    payments,
    { webhook: vi.fn() } as unknown as Metrics,
    closedPayments as unknown as ClosedCasePayments,
    tenants as unknown as TenantsService,
    tenants as unknown as WebhookSecretsService,
    splitter,
  );
  return { service, signals, failFor, closedPayments, plans, logged };
}

describe('PaymentWebhookService: a payment naming a client', () => {
  it('hands each case its part with the event id, answers 202, and a redelivery signals nothing more', async () => {
    const { service, signals, plans } = setup();
    expect(await service.receive(delivery(event()))).toEqual({
      status: 202,
      ack: { id: 'evt_c1', outcome: 'handed_off' },
    });
    expect(plans).toEqual([{ clientId: 'C-17', at: ['data'] }]);
    expect(signals.sort((a, b) => a.workflowId.localeCompare(b.workflowId))).toEqual([
      {
        workflowId: 'dunning:default:INV-1',
        payment: {
          id: 'evt_c1',
          amount: '500.00',
          currency: 'EUR',
          paidAt: '2026-12-01T10:00:00Z',
          reference: 'VIR F-2',
        },
      },
      {
        workflowId: 'dunning:default:INV-2',
        payment: {
          id: 'evt_c1',
          amount: '1000.00',
          currency: 'EUR',
          paidAt: '2026-12-01T10:00:00Z',
          reference: 'VIR F-2',
        },
      },
    ]);
    expect(await service.receive(delivery(event()))).toEqual({
      status: 200,
      ack: { id: 'evt_c1', outcome: 'duplicate' },
    });
    expect(signals).toHaveLength(2);
  });

  it('answers 503 when a part could not be handed off, and the next delivery hands off the same split again', async () => {
    const { service, signals, failFor, logged } = setup();
    failFor.add('dunning:default:INV-1');
    const err = (await service.receive(delivery(event())).catch((e: unknown) => e)) as Problem;
    expect(err.getStatus()).toBe(503);
    expect(logged.has('payment:default:evt_c1')).toBe(false);
    failFor.clear();
    expect((await service.receive(delivery(event()))).status).toBe(202);
    // INV-2 heard the same payment id twice: its workflow counts it once (by id).
    expect(signals.map((s) => s.workflowId).sort()).toEqual([
      'dunning:default:INV-1',
      'dunning:default:INV-2',
      'dunning:default:INV-2',
    ]);
    expect(new Set(signals.map((s) => (s.payment as { id: string }).id))).toEqual(new Set(['evt_c1']));
  });

  it('records the parts of closed cases on them (creditor alerted) and answers 200 case_closed', async () => {
    const { service, signals, closedPayments } = setup([
      caseOf('INV-1', 'paid'),
      caseOf('INV-2', 'cancelled'),
    ]);
    expect(await service.receive(delivery(event()))).toEqual({
      status: 200,
      ack: { id: 'evt_c1', outcome: 'case_closed' },
    });
    expect(signals).toEqual([]);
    expect(closedPayments.record).toHaveBeenCalledTimes(2);
    expect(closedPayments.record).toHaveBeenCalledWith(
      tenant,
      expect.objectContaining({ externalId: 'INV-2' }),
      'cancelled',
      expect.objectContaining({ id: 'evt_c1', amount: '1000.00', currency: 'EUR' }),
      'webhook',
    );
  });

  it('answers 404 for an unknown client, and 422 naming the field for both ids or neither', async () => {
    const { service, signals, logged } = setup();
    const unknown = (await service
      .receive(delivery(event({ clientId: 'nobody' })))
      .catch((e: unknown) => e)) as Problem;
    expect(unknown.getStatus()).toBe(404);
    const both = (await service
      .receive(delivery(event({ invoiceId: 'INV-1' })))
      .catch((e: unknown) => e)) as Problem;
    expect(both.getStatus()).toBe(422);
    expect(both.errors?.map((e) => e.path)).toEqual(['data.clientId']);
    const neither = (await service
      .receive(delivery(event({ clientId: undefined })))
      .catch((e: unknown) => e)) as Problem;
    expect(neither.getStatus()).toBe(422);
    expect(neither.errors?.map((e) => e.path)).toEqual(['data.invoiceId']);
    expect(signals).toEqual([]);
    expect(logged.size).toBe(0);
  });
});
