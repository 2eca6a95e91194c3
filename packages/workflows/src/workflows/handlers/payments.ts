import * as wf from '@temporalio/workflow';
import { applyPayment, isOverdue, isTerminal, parseMoney } from '@relance/domain';
import type { PaymentInput } from '../../contract';
import { paymentSignal, recordPaymentUpdate } from '../../contract';
import { latePaymentKey } from '../../ids';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { alert } from '../effects/alerts';
import { timeline } from '../effects/timeline';
import { validatePayment } from '../validators';

/** Payments, by Update (the API's synchronous path) or by signal (webhooks). */
export function handlePayments(c: Case): void {
  const { s, input } = c;
  wf.setHandler(recordPaymentUpdate, async (p) => (await onPayment(c, p), c.projection.view()), {
    validator: (p) => validatePayment(p, input, s),
  });
  wf.setHandler(paymentSignal, async (p) => {
    if (isTerminal(s.status)) return onPayment(c, p); // recorded and alerted, never dropped
    // A webhook payment that the update validator would refuse is recorded as received, not applied.
    try {
      validatePayment(p, input, s);
    } catch (err) {
      if (s.seen.includes(`payment:${p.id}`)) return;
      await timeline(c, `payment_rejected:${p.id}`, 'payment_received', {
        paymentId: p.id,
        amount: p.amount,
        accepted: false,
        reason: (err as Error).message,
      });
      return;
    }
    await onPayment(c, p);
  });
}

async function onPayment(c: Case, p: PaymentInput): Promise<void> {
  const { s, input } = c;
  const key = `payment:${p.id}`;
  if (s.seen.includes(key)) return;
  s.seen.push(key);
  const amountMinor = parseMoney(p.amount, input.currency).minor;
  if (isTerminal(s.status)) {
    // Money reaching a closed case may need a refund: on the audit trail (the API's key) and to the creditor.
    await timeline(c, latePaymentKey(p.id), 'payment_received', {
      paymentId: p.id,
      amount: p.amount,
      paidAt: p.paidAt,
      accepted: false,
      reason: `the case is already closed (${s.status})`,
    });
    await alert(c, `payment_after_close:${p.id}`, {
      kind: 'payment_after_close',
      paymentId: p.id,
      amountMinor,
      status: s.status,
    });
    return;
  }
  const paid = applyPayment(s, amountMinor);
  s.paidMinor = paid.paidMinor;
  s.balanceMinor = paid.balanceMinor;
  if (paid.surplusMinor > 0) s.overpaidMinor = paid.overpaidMinor;
  if (s.plan) s.plan.paidMinor += amountMinor;
  // A payment also ends a pause (docs/architecture.md "What a case reacts to": escalation waits for … a payment). Every open case
  // takes a payment, so this also supersedes a step being prepared on the old balance.
  c.apply({ type: 'payment', fullyPaid: paid.fullyPaid, overdue: isOverdue(c.dueDate, c.tz, nowIso()) });
  if (s.status !== 'paused') s.pausedReason = undefined;
  if (s.status !== 'paused') s.actionRequired = undefined;
  // The payment and the case record it changed, in one write (one hop after the event).
  await c.acts.db('Record payment').recordPayment({
    ref: c.ref,
    paymentId: p.id,
    amountMinor,
    currency: input.currency,
    paidAt: p.paidAt,
    reference: p.reference,
    balanceAfterMinor: s.balanceMinor,
    write: c.projection.takeWrite(),
  });
  if (paid.surplusMinor > 0) {
    await timeline(c, `overpaid:${p.id}`, 'overpaid', {
      paymentId: p.id,
      surplus: c.format(paid.surplusMinor),
    });
    await alert(c, `overpaid:${p.id}`, {
      kind: 'overpaid',
      paymentId: p.id,
      surplusMinor: paid.surplusMinor,
    });
  }
  await c.projection.sync();
}
