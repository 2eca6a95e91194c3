import * as wf from '@temporalio/workflow';
import type { TimelineType } from '@relance/domain';
import type { ClientEmail, RecordWrite, StepPart } from '../../activities';
import { recordContact, type Case } from '../case-context';
import { nowIso } from '../clock';
import { alert, alertInput, failureReason } from './alerts';
import { callTask } from './tasks';
import { timeline, timelineEntry } from './timeline';

/**
 * A step's parts in one activity, done in order by the worker, with the case record as it will
 * stand once they are done (`write`). When it fails, the record is written by the next sync.
 */
export async function performStep(
  c: Case,
  summary: string,
  parts: StepPart[],
  write?: RecordWrite,
): Promise<void> {
  try {
    await c.acts.sends(summary).performStep({ ref: c.ref, parts, write });
  } catch (err) {
    c.projection.notWritten();
    throw err;
  }
}

/**
 * Emails the client, or — when the client's address bounced or complained — creates a call
 * task for the creditor instead (docs/architecture.md "What a case reacts to"). Returns what was done.
 */
export async function sendClient(
  c: Case,
  key: string,
  timelineType: TimelineType,
  email: ClientEmail,
  summary: string,
  step?: string,
): Promise<'sent' | 'call_task'> {
  if (c.clientUnreachable()) {
    await callTask(c, key, step ?? key, 'email_bounced');
    return 'call_task';
  }
  const at = nowIso();
  await c.acts
    .sends(summary)
    .sendClientEmail({ ref: c.ref, key, step, timelineType, amounts: c.amounts(), email });
  recordContact(c.s, at);
  return 'sent';
}

/** The last word of a case that reached a terminal status. */
export async function finish(c: Case): Promise<void> {
  // The payment that ended the case is recorded before it is confirmed.
  await wf.condition(wf.allHandlersFinished);
  if (c.s.status === 'paid') await confirmPaid(c);
  await c.projection.sync(null);
}

/** The payment confirmation and the creditor's `paid` alert, in one activity. */
async function confirmPaid(c: Case): Promise<void> {
  const { s } = c;
  const paidAlert: StepPart = {
    alertCreditor: alertInput(c, 'paid', { kind: 'paid', amountPaidMinor: s.paidMinor }),
  };
  if (c.clientUnreachable()) {
    const note = { confirmation: 'not emailed: the client address bounced' };
    await performStep(c, 'Alert the creditor: paid', [
      { recordTimeline: timelineEntry(c, 'paid', 'paid', note) },
      paidAlert,
    ]);
    return;
  }
  const email: ClientEmail = {
    template: 'payment_confirmation',
    amountPaidMinor: s.paidMinor,
    paidAt: nowIso(),
  };
  const confirm: StepPart = {
    sendClientEmail: { ref: c.ref, key: 'paid', timelineType: 'paid', amounts: c.amounts(), email },
  };
  try {
    await performStep(c, 'Confirm the payment to the client', [confirm, paidAlert]);
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure)) throw err;
    // The case is paid whatever happens to the courtesy confirmation.
    await timeline(c, 'paid', 'paid', { confirmation: `not sent: ${failureReason(err)}` });
    await alert(c, 'paid', { kind: 'paid', amountPaidMinor: s.paidMinor });
  }
}
