import { Inject, Injectable, Logger } from '@nestjs/common';
import { formatMoney, parseMoney, type CaseStatus } from '@relance/domain';
import { InvoiceEntity, TenantEntity, Timeline } from '@relance/persistence';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  CLOSED_CASE_PAYMENT_WORKFLOW_TYPE,
  closedCasePaymentWorkflowId,
  latePaymentKey,
  SA,
  type ClosedCasePaymentInput,
} from '@relance/workflows';
import { Problem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { TEMPORAL_CLIENT, withTemporalDeadline } from '../infra/infra.module';
import { payloadOf } from './case-view';

/** A payment as both channels report it (REST body or webhook event, already validated). */
export interface LatePayment {
  id: string;
  amount: string;
  currency: string;
  paidAt: string;
  reference?: string;
}

/**
 * SPEC §3.2: "a payment for a closed case is recorded and alerts the creditor". The case's workflow
 * has completed, so the API writes the audit entry itself and starts a short workflow that alerts
 * the creditor (refund or apply it). Both steps are keyed by the payment id: a repeated delivery
 * writes nothing new and alerts once.
 */
@Injectable()
export class ClosedCasePayments {
  private readonly logger = new Logger(ClosedCasePayments.name);

  constructor(
    @Inject(Timeline) private readonly timeline: Timeline,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async record(
    tenant: TenantEntity,
    invoice: InvoiceEntity,
    status: CaseStatus,
    payment: LatePayment,
    source: 'api' | 'webhook',
  ): Promise<void> {
    const money = parseMoney(payment.amount, invoice.currency);
    // The key the workflow also uses when such a payment reaches it while it is still finishing.
    await this.timeline.append(invoice, {
      key: latePaymentKey(payment.id),
      type: 'payment_received',
      data: {
        paymentId: payment.id,
        ...(source === 'webhook' ? { eventId: payment.id } : {}),
        amount: payment.amount,
        currency: payment.currency,
        paidAt: payment.paidAt,
        ...(payment.reference ? { reference: payment.reference } : {}),
        source,
        accepted: false,
        reason: `the case is already closed (${status})`,
      },
    });
    const input: ClosedCasePaymentInput = {
      ref: { tenant: tenant.slug, externalId: invoice.externalId, workflowId: invoice.workflowId },
      paymentId: payment.id,
      amountMinor: money.minor,
      status,
      paidMinor: invoice.paidMinor,
    };
    const workflowId = closedCasePaymentWorkflowId(tenant.slug, invoice.externalId, payment.id);
    try {
      await withTemporalDeadline(this.temporal, () =>
        this.temporal.workflow.start(CLOSED_CASE_PAYMENT_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: this.config.temporal.taskQueue,
          args: [input],
          // A completed run must not alert again when the same payment is delivered once more.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: `${invoice.number} · ${formatMoney(money, payloadOf(invoice).client.locale)} received after the case closed (${status})`,
          typedSearchAttributes: [{ key: SA.tenant, value: tenant.slug }],
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      this.logger.warn({ err, workflowId }, 'could not start the closed-case payment alert');
      throw new Problem(
        503,
        'Service unavailable',
        'the payment was recorded but the creditor could not be alerted yet; repeat the same request',
        undefined,
        {},
        { 'Retry-After': '5' },
      );
    }
  }
}
