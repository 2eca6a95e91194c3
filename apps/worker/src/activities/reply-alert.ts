import { renderEmail } from '@relance/templates';
import type { AlertCreditorInput, SentEmail } from '@relance/workflows';
import type { CaseContext, CaseStore } from './case-store';
import type { createDelivery } from './delivery';
import { invoiceLine } from './grouped-messages';
import { creditorAlert, messageBase } from './messages';

/** The key a case alerts the creditor under about one reply (`reply:<reply id>`, handlers/replies.ts). */
const REPLY_ALERT_KEY = /^alert:reply:/;

/**
 * A reply to a message that listed several invoices of a client reaches every case it listed
 * (each pauses and records it), but the creditor hears of it once (SPEC 3.2a): whichever case asks
 * first, the alert is filed under the case the message is filed under (its lead), keyed on the
 * reply's id and hashed on the reply alone, so every listed case names the same email row and the
 * provider gets one message, listing the invoices. Each other case records the alert it shared.
 * Undefined when the alert is not about a reply to such a message: the case alerts alone.
 */
export function createSharedReplyAlert({
  store,
  deliver,
}: {
  store: CaseStore;
  deliver: ReturnType<typeof createDelivery>;
}) {
  return async function sharedReplyAlert(
    ctx: CaseContext,
    input: AlertCreditorInput,
  ): Promise<SentEmail | undefined> {
    const { key, step, alert } = input;
    if (alert.kind !== 'reply' || !REPLY_ALERT_KEY.test(key)) return undefined;
    const thread = await store.groupedThread(ctx);
    if (!thread) return undefined;
    const { lead, leadRef, listed } = thread;
    const amountsOf = (c: CaseContext) => ({
      paidMinor: c.invoice.paidMinor,
      balanceMinor: c.invoice.balanceMinor,
    });
    // Whether this case was paused by it is its own; the alert is the reply's.
    const { paused: _own, ...reply } = alert;
    const numbers = listed.map((c) => c.payload.number);
    const sent = await deliver({
      ctx: lead,
      ref: leadRef,
      key,
      activity: 'alertCreditor',
      input: { key, alert: reply, members: numbers },
      timeline: { type: 'creditor_alerted', data: { kind: alert.kind, invoices: numbers } },
      draft: async () => ({
        template: 'creditor_alert',
        recipient: 'creditor',
        rendered: await renderEmail({
          ...messageBase(lead, amountsOf(lead), 'creditor'),
          template: 'creditor_alert',
          alert: creditorAlert(lead, alert),
          invoices: listed.map((c) => invoiceLine(c, amountsOf(c))),
        }),
      }),
    });
    if (lead.invoice.id !== ctx.invoice.id) {
      await store.appendTimeline(ctx, {
        key,
        type: 'creditor_alerted',
        at: new Date(sent.sentAt),
        step,
        data: {
          kind: alert.kind,
          emailId: sent.emailId,
          invoices: numbers,
          groupedWith: lead.invoice.workflowId,
        },
      });
    }
    return sent;
  };
}
