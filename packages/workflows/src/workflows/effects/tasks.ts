import type { StepPart } from '../../activities';
import type { Case } from '../case-context';
import { alert, alertInput } from './alerts';
import { timeline, timelineEntry } from './timeline';

// A phone call for the creditor to make: on the timeline with the client's number, and in an
// alert unless the caller's own alert already asks for it (`alert` false).

type CallReason = 'scheduled' | 'email_bounced';

export async function callTask(c: Case, key: string, step: string, reason: CallReason, withAlert = true) {
  await timeline(c, `${key}:call`, 'call_task_created', { reason, phone: c.clientPhone ?? null }, step);
  if (withAlert) await alert(c, `${key}:call`, { kind: 'call_task', step, reason }, step);
}

/** The same call task as parts of a step's one activity. */
export function callTaskParts(c: Case, key: string, step: string, reason: CallReason): StepPart[] {
  return [
    {
      recordTimeline: timelineEntry(
        c,
        `${key}:call`,
        'call_task_created',
        { reason, phone: c.clientPhone ?? null },
        step,
      ),
    },
    { alertCreditor: alertInput(c, `${key}:call`, { kind: 'call_task', step, reason }, step) },
  ];
}
