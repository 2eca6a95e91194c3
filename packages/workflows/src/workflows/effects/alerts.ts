import * as wf from '@temporalio/workflow';
import type { AlertCreditorInput, CreditorAlertInput } from '../../activities';
import type { Case } from '../case-context';
import { timeline } from './timeline';

export function alertInput(
  c: Case,
  key: string,
  alert: CreditorAlertInput,
  step?: string,
): AlertCreditorInput {
  return { ref: c.ref, key: `alert:${key}`, step, amounts: c.amounts(), alert };
}

/**
 * Emails the creditor. An alert that cannot be delivered (the provider refuses it for good) is
 * recorded on the timeline and never fails the case.
 */
export async function alert(c: Case, key: string, a: CreditorAlertInput, step?: string): Promise<void> {
  try {
    await c.acts.sends(`Alert the creditor: ${a.kind}`).alertCreditor(alertInput(c, key, a, step));
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure) || wf.isCancellation(err)) throw err;
    await timeline(c, `alert_failed:${key}`, 'email_failed', {
      recipient: 'creditor',
      kind: a.kind,
      reason: failureReason(err),
    });
  }
}

/** A short, human reason from an activity failure (its root cause's message). */
export function failureReason(err: unknown): string {
  let e: unknown = err;
  while (e instanceof wf.TemporalFailure && e.cause) e = e.cause;
  const message = e instanceof Error ? e.message : String(e);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}
