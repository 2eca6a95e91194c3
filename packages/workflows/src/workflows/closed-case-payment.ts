import * as wf from '@temporalio/workflow';
import type { CaseStatus } from '@relance/domain';
import type { CaseRef, DunningActivities } from '../activities';

export interface ClosedCasePaymentInput {
  ref: CaseRef;
  paymentId: string;
  amountMinor: number;
  /** The status the case closed with. */
  status: CaseStatus;
  paidMinor: number;
}

const acts = wf.proxyActivities<DunningActivities>({
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  summary: 'Alert the creditor: a payment reached a closed case',
});

/**
 * Money that reaches a case whose workflow has completed (docs/architecture.md "What a case reacts to": never silently dropped). The
 * API has already put the payment on the timeline; the creditor is told to refund or apply it.
 */
export async function closedCasePayment(input: ClosedCasePaymentInput): Promise<void> {
  await acts.alertCreditor({
    ref: input.ref,
    key: `alert:payment_after_close:${input.paymentId}`,
    amounts: { paidMinor: input.paidMinor, balanceMinor: 0 },
    alert: {
      kind: 'payment_after_close',
      paymentId: input.paymentId,
      amountMinor: input.amountMinor,
      status: input.status,
    },
  });
}
