import { Inject, Injectable } from '@nestjs/common';
import { formatMoney, parseMoney, type CaseStatus } from '@relance/domain';
import { InvoiceEntity, recordOf, TenantEntity, Timeline } from '@relance/persistence';
import {
  CLOSED_CASE_PAYMENT_WORKFLOW_TYPE,
  closedCasePaymentWorkflowId,
  latePaymentKey,
  SA,
  type ClosedCasePaymentInput,
} from '@relance/workflows';
import { API_CONFIG, ApiConfig } from '../config';
import type { IfUnreachable } from './case-errors';
import { CaseGateway } from './case-gateway';
import { payloadOf } from './case-view';

const ALERT_UNREACHABLE: IfUnreachable = {
  detail: 'the payment was recorded but the creditor could not be alerted yet; repeat the same request',
  retryAfterS: 5,
};

/** A payment as both channels report it (REST body or webhook event, already validated). */
export interface LatePayment {
  id: string;
  amount: string;
  currency: string;
  paidAt: string;
  reference?: string;
}

/**
 * docs/architecture.md "What a case reacts to": "a payment for a closed case is recorded and alerts the creditor". The case's workflow
 * has completed, so the API writes the audit entry itself and starts a short workflow that alerts
 * the creditor (refund or apply it). Both steps are keyed by the payment id: a repeated delivery
 * writes nothing new and alerts once.
 */
@Injectable()
export class ClosedCasePayments {
  constructor(
    @Inject(Timeline) private readonly timeline: Timeline,
    private readonly gateway: CaseGateway,
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
      paidMinor: parseMoney(recordOf(invoice).paid, invoice.currency).minor,
    };
    const workflowId = closedCasePaymentWorkflowId(tenant.slug, invoice.externalId, payment.id);
    // A completed run must not alert again when the same payment is delivered once more.
    await this.gateway.start(
      CLOSED_CASE_PAYMENT_WORKFLOW_TYPE,
      {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `${invoice.number} · ${formatMoney(money, payloadOf(invoice).client.locale)} received after the case closed (${status})`,
        typedSearchAttributes: [{ key: SA.tenant, value: tenant.slug }],
      },
      { ifUnreachable: ALERT_UNREACHABLE },
    );
  }
}
