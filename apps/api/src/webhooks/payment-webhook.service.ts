import { Inject, Injectable } from '@nestjs/common';
import { isTerminal, paymentIssues, toDecimal } from '@relance/domain';
import {
  Invoices,
  Payments,
  recordOf,
  TenantEntity,
  WebhookEvents,
  type CaseTarget,
} from '@relance/persistence';
import { cancelSignal, paymentSignal } from '@relance/workflows';
import { CaseClosed, type IfUnreachable } from '../cases/case-errors';
import { CaseGateway } from '../cases/case-gateway';
import { ClosedCasePayments } from '../cases/closed-case-payments';
import { ClientPaymentSplitter, type ClientPaymentPlan } from '../clients/client-payments.service';
import { fieldPath, invalid, Problem, unavailable, zodProblem } from '../common/problem';
import { Metrics } from '../metrics/metrics';
import { TenantsService } from '../tenants/tenants.service';
import { WebhookSecretsService } from '../tenants/webhook-secrets.service';
import { claimEvent, type ClaimTiming } from './event-claim';
import { OpenedSecrets } from './opened-secrets';
import { checkPaymentSignature } from './payment-signature';
import { PaymentEventSchema, type PaymentEvent, type WebhookAck } from './schemas';

type PaymentSucceeded = Extract<PaymentEvent, { type: 'payment.succeeded' }>;

/**
 * A signal that Temporal has not accepted within this time is answered 503 (the sender retries):
 * providers time out after a few seconds, and an unreachable server would otherwise be retried for 10 s.
 */
export const SIGNAL_DEADLINE_MS = 1_500;

const NOT_HANDED_OFF: IfUnreachable = {
  detail: 'the event could not be handed to the case; retry the delivery',
  retryAfterS: 10,
};

/**
 * The claim outlives a hand-off (the signal deadline, then one write), and waiters outlast the
 * claim: a redelivery after the holder crashed (an API killed mid-request) takes it over within
 * its own answer instead of answering 503 for the rest of a long lease.
 */
export const CLAIM_TIMING: ClaimTiming = {
  leaseMs: SIGNAL_DEADLINE_MS + 1_000,
  waitMs: SIGNAL_DEADLINE_MS + 2_000,
  pollMs: 20,
};

export interface PaymentDelivery {
  tenantSlug: string;
  signature?: string;
  rawBody?: Buffer;
}

/** apps/api/README.md "Payment webhook": verify, validate, de-duplicate, then hand the event to the case before answering 2xx. */
@Injectable()
export class PaymentWebhookService {
  constructor(
    private readonly gateway: CaseGateway,
    @Inject(WebhookEvents) private readonly log: WebhookEvents,
    @Inject(Invoices) private readonly invoices: Invoices,
    @Inject(Payments) private readonly payments: Payments,
    private readonly metrics: Metrics,
    private readonly closedPayments: ClosedCasePayments,
    private readonly tenants: TenantsService,
    private readonly webhookSecrets: WebhookSecretsService,
    private readonly splitter: ClientPaymentSplitter,
  ) {}

  private readonly secrets = new OpenedSecrets((tenant) =>
    this.webhookSecrets.webhookSecrets(tenant).map((s) => s.secret),
  );

  async receive(delivery: PaymentDelivery): Promise<{ status: number; ack: WebhookAck }> {
    const tenant = await this.tenants.findBySlug(delivery.tenantSlug);
    const raw = delivery.rawBody ?? Buffer.alloc(0);
    // An unknown tenant answers exactly like a bad signature, after the same work (decoy secrets):
    // the route does not tell which slugs exist.
    const secrets = tenant ? this.secrets.of(tenant) : [];
    const check = checkPaymentSignature(delivery.signature, raw, secrets, Date.now());
    if (!tenant || !check.ok) {
      this.metrics.webhook('payment', 'rejected');
      const reason = check.ok ? 'no signature matches' : check.reason;
      throw new Problem(401, 'Unauthorized', `signature verification failed: ${reason}`);
    }
    const event = this.parse(raw);
    const target = await this.target(tenant, event);

    const id = `payment:${tenant.slug}:${event.id}`;
    const claim = await claimEvent(
      this.log,
      { id, source: 'payment', tenantId: tenant.id, payload: event },
      CLAIM_TIMING,
    );
    if (claim.kind === 'conflict')
      throw new Problem(409, 'Conflict', `event ${event.id} was already received with a different payload`);
    if (claim.kind === 'duplicate') return this.ack(event.id, 200, 'duplicate');
    if (claim.kind === 'busy')
      throw unavailable(
        'another delivery of this event is being handed off, or just failed to; retry the delivery',
        Math.max(1, Math.ceil(claim.retryAfterMs / 1000)),
      );
    let outcome: WebhookAck['outcome'];
    try {
      outcome =
        'invoice' in target
          ? await this.handOff(tenant, target.invoice, event)
          : await this.handOffToClient(tenant, target.client, event as PaymentSucceeded);
    } catch (err) {
      // Not handed off: the next delivery claims it afresh (if this fails too, the lease runs out).
      await this.log.release(id, claim.token).catch(() => undefined);
      throw err;
    }
    if (!(await this.log.markHandedOff(id))) return this.ack(event.id, 200, 'duplicate');
    return this.ack(event.id, outcome === 'handed_off' ? 202 : 200, outcome);
  }

  /**
   * What the event pays or cancels, checked before anything is written: the invoice (404 unknown,
   * 422 its currency or amount, 503 its case not started), or for a payment naming a client the
   * client's split plan (404 unknown client, 422 currency or amount).
   */
  private async target(
    tenant: TenantEntity,
    event: PaymentEvent,
  ): Promise<{ invoice: CaseTarget } | { client: ClientPaymentPlan }> {
    if (event.type === 'payment.succeeded' && event.data.clientId !== undefined) {
      const { clientId, invoiceId: _none, ...payment } = event.data;
      return { client: await this.splitter.plan(tenant, clientId, { id: event.id, ...payment }, ['data']) };
    }
    const invoiceId = event.data.invoiceId!; // the schema requires it without a clientId
    const invoice = await this.invoices.target(tenant.id, invoiceId);
    if (!invoice)
      throw new Problem(404, 'Not found', `no invoice ${invoiceId}`, [
        { path: 'data.invoiceId', message: 'unknown invoice' },
      ]);
    if (event.type === 'payment.succeeded') {
      // Refused before anything is written; an amount above the balance is the case's to record.
      const issues = paymentIssues(event.data, invoice.currency);
      if (issues.length > 0)
        throw invalid(issues.map((i) => ({ path: fieldPath(['data', ...i.path]), message: i.message })));
    }
    if (!invoice.workflowStartedAt) {
      throw unavailable(`the case of ${invoice.externalId} is not started yet; retry later`, 30);
    }
    return { invoice };
  }

  /**
   * A payment naming a client: its split (kept from the first delivery) handed to each case as a
   * payment with the event id, which each case counts once. Every part is signalled before the
   * answer; one that fails fails the delivery, and the next delivery hands off the same split again.
   */
  private async handOffToClient(
    tenant: TenantEntity,
    plan: ClientPaymentPlan,
    event: PaymentSucceeded,
  ): Promise<WebhookAck['outcome']> {
    const split = await this.splitter.commit(plan);
    const outcomes = await Promise.allSettled(
      split.parts.map(async (part) => {
        const invoice = await this.invoices.target(tenant.id, part.externalId);
        if (!invoice) throw new Error(`invoice ${part.externalId} of client payment ${event.id} vanished`);
        const data = {
          invoiceId: part.externalId,
          amount: toDecimal({ currency: split.currency, minor: part.amountMinor }),
          currency: split.currency,
          paidAt: event.data.paidAt,
          ...(event.data.reference ? { reference: event.data.reference } : {}),
        };
        return this.handOff(tenant, invoice, { ...event, data });
      }),
    );
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    const done = outcomes.map((o) => (o as PromiseFulfilledResult<WebhookAck['outcome']>).value);
    if (done.includes('handed_off')) return 'handed_off';
    return done.every((o) => o === 'duplicate') ? 'duplicate' : 'case_closed';
  }

  private parse(raw: Buffer): PaymentEvent {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new Problem(400, 'Bad request', 'the body is not valid JSON');
    }
    const parsed = PaymentEventSchema.safeParse(json);
    if (!parsed.success) throw zodProblem(parsed.error);
    return parsed.data;
  }

  /** A signal is durable once Temporal accepts it; a payment to a closed case is recorded and alerted here. */
  private async handOff(
    tenant: TenantEntity,
    invoice: CaseTarget,
    event: PaymentEvent,
  ): Promise<WebhookAck['outcome']> {
    // A closed case ignores events; its workflow may still be finishing, so the projection decides first.
    if (isTerminal(invoice.status)) return this.closedCase(tenant, invoice, event);
    const call = { deadlineMs: SIGNAL_DEADLINE_MS, abortAtDeadline: true, ifUnreachable: NOT_HANDED_OFF };
    try {
      if (event.type === 'payment.succeeded') {
        const { amount, currency, paidAt, reference } = event.data;
        await this.gateway.signal(
          invoice.workflowId,
          paymentSignal,
          [{ id: event.id, amount, currency, paidAt, reference }],
          call,
        );
      } else {
        const reason = event.data.reason ?? 'invoice cancelled by the billing system';
        await this.gateway.signal(invoice.workflowId, cancelSignal, [{ id: event.id, reason }], call);
      }
      return 'handed_off';
    } catch (err) {
      if (!(err instanceof CaseClosed)) throw err;
    }
    return this.closedCase(tenant, invoice, event);
  }

  private async closedCase(
    tenant: TenantEntity,
    invoice: CaseTarget,
    event: PaymentEvent,
  ): Promise<WebhookAck['outcome']> {
    // A payment to a closed case may need a refund: on the audit trail, and the creditor is alerted.
    if (event.type !== 'payment.succeeded') return 'case_closed';
    // Handed off by an earlier delivery that failed before it was marked: it was applied.
    if (await this.payments.exists(invoice.id, event.id)) return 'duplicate';
    // The projection is final once the workflow has completed (its last write precedes completion).
    const current = await this.invoices.byId(invoice.id);
    if (!current) throw new Error(`invoice ${invoice.id} vanished`);
    const { invoiceId: _externalId, ...payment } = event.data;
    await this.closedPayments.record(
      tenant,
      current,
      recordOf(current).status,
      { id: event.id, ...payment },
      'webhook',
    );
    return 'case_closed';
  }

  private ack(id: string, status: number, outcome: WebhookAck['outcome']) {
    this.metrics.webhook('payment', outcome);
    return { status, ack: { id, outcome } };
  }
}
