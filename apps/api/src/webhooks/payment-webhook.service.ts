import { Inject, Injectable } from '@nestjs/common';
import { isTerminal, type CaseStatus } from '@relance/domain';
import { InvoiceEntity, PaymentEntity, row, TenantEntity, TimelineEventEntity } from '@relance/persistence';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { cancelSignal, paymentSignal } from '@relance/workflows';
import { DataSource } from 'typeorm';
import { invalid, Problem, zodProblem } from '../common/problem';
import { TEMPORAL_CLIENT, withTemporalDeadline } from '../infra/infra.module';
import { Metrics } from '../metrics/metrics';
import { checkPaymentSignature } from './payment-signature';
import { PaymentEventSchema, type PaymentEvent, type WebhookAck } from './schemas';
import { WebhookLog } from './webhook-log';

export interface PaymentDelivery {
  tenantSlug: string;
  signature?: string;
  rawBody?: Buffer;
}

/** SPEC §4.1: verify, validate, de-duplicate, then hand the event to the case before answering 2xx. */
@Injectable()
export class PaymentWebhookService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly log: WebhookLog,
    private readonly metrics: Metrics,
  ) {}

  async receive(delivery: PaymentDelivery): Promise<{ status: number; ack: WebhookAck }> {
    const tenant = await this.db.getRepository(TenantEntity).findOneBy({ slug: delivery.tenantSlug });
    if (!tenant) throw new Problem(404, 'Not found', `no tenant ${delivery.tenantSlug}`);
    const raw = delivery.rawBody ?? Buffer.alloc(0);
    const check = checkPaymentSignature(delivery.signature, raw, tenant.webhookSecrets, Date.now());
    if (!check.ok) {
      this.metrics.webhook('payment', 'rejected');
      throw new Problem(401, 'Unauthorized', `signature verification failed: ${check.reason}`);
    }
    const event = this.parse(raw);
    const invoice = await this.db
      .getRepository(InvoiceEntity)
      .findOneBy({ tenantId: tenant.id, externalId: event.data.invoiceId });
    if (!invoice)
      throw new Problem(404, 'Not found', `no invoice ${event.data.invoiceId}`, [
        { path: 'data.invoiceId', message: 'unknown invoice' },
      ]);
    if (event.type === 'payment.succeeded' && event.data.currency !== invoice.currency) {
      throw invalid([{ path: 'data.currency', message: `must be the invoice currency ${invoice.currency}` }]);
    }
    if (!invoice.workflowStartedAt) {
      throw new Problem(
        503,
        'Service unavailable',
        `the case of ${invoice.externalId} is not started yet; retry later`,
        undefined,
        {},
        { 'Retry-After': '30' },
      );
    }

    const id = `payment:${tenant.slug}:${event.id}`;
    const received = await this.log.receive(id, 'payment', tenant.id, event);
    if (!received.samePayload)
      throw new Problem(409, 'Conflict', `event ${event.id} was already received with a different payload`);
    if (received.handedOff) return this.ack(event.id, 200, 'duplicate');
    const outcome = await this.handOff(tenant, invoice, event);
    await this.log.handedOff(id);
    return this.ack(event.id, outcome === 'handed_off' ? 202 : 200, outcome);
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

  /** A signal is durable once Temporal accepts it; a closed case only gets the event on its timeline. */
  private async handOff(
    tenant: TenantEntity,
    invoice: InvoiceEntity,
    event: PaymentEvent,
  ): Promise<WebhookAck['outcome']> {
    const handle = this.temporal.workflow.getHandle(invoice.workflowId);
    // A closed case ignores events; its workflow may still be finishing, so the projection decides first.
    if (isTerminal(invoice.status as CaseStatus)) return this.closedCase(tenant, invoice, event);
    try {
      await withTemporalDeadline(this.temporal, () =>
        event.type === 'payment.succeeded'
          ? handle.signal(paymentSignal, {
              id: event.id,
              amount: event.data.amount,
              currency: event.data.currency,
              paidAt: event.data.paidAt,
              reference: event.data.reference,
            })
          : handle.signal(cancelSignal, {
              id: event.id,
              reason: event.data.reason ?? 'invoice cancelled by the billing system',
            }),
      );
      return 'handed_off';
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) {
        throw new Problem(
          503,
          'Service unavailable',
          'the event could not be handed to the case; retry the delivery',
          undefined,
          {},
          { 'Retry-After': '10' },
        );
      }
    }
    return this.closedCase(tenant, invoice, event);
  }

  private async closedCase(
    tenant: TenantEntity,
    invoice: InvoiceEntity,
    event: PaymentEvent,
  ): Promise<WebhookAck['outcome']> {
    // A payment to a closed case may need a refund: keep it on the audit trail.
    if (event.type !== 'payment.succeeded') return 'case_closed';
    // Handed off by an earlier delivery that failed before it was marked: it was applied.
    if (await this.db.getRepository(PaymentEntity).existsBy({ invoiceId: invoice.id, paymentId: event.id }))
      return 'duplicate';
    await this.db
      .createQueryBuilder()
      .insert()
      .into(TimelineEventEntity)
      .values(
        row<TimelineEventEntity>({
          id: `${invoice.workflowId}:webhook:${event.id}`,
          tenantId: tenant.id,
          invoiceId: invoice.id,
          at: new Date(),
          type: 'payment_received',
          step: null,
          data: {
            eventId: event.id,
            ...event.data,
            accepted: false,
            reason: `the case is already closed (${invoice.status})`,
          },
        }),
      )
      .orIgnore()
      .execute();
    return 'case_closed';
  }

  private ack(id: string, status: number, outcome: WebhookAck['outcome']) {
    this.metrics.webhook('payment', outcome);
    return { status, ack: { id, outcome } };
  }
}
