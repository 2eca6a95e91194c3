import * as wf from '@temporalio/workflow';
import { isOverdue, isTerminal } from '@relance/domain';
import { bounceSignal, clientContactSignal } from '../../contract';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { alert } from '../effects/alerts';
import { callTask } from '../effects/tasks';
import { timeline } from '../effects/timeline';

/** The client's contact details: bounces and complaints, and new details from the API. */
export function handleContacts(c: Case): void {
  const { s } = c;
  wf.setHandler(bounceSignal, async (b) => {
    const key = `bounce:${b.id}`;
    if (s.seen.includes(key)) return;
    s.seen.push(key);
    const step = b.step ?? s.stage;
    const recipient = b.recipient.toLowerCase();
    s.suppressed = [...new Set([...(s.suppressed ?? []), recipient])];
    const isClient = recipient === c.clientEmail.toLowerCase();
    if (isClient) c.changed(); // a step about to email this address becomes a call or letter task
    const complaint = b.complaint ? { complaint: true } : {};
    await timeline(
      c,
      key,
      'email_bounced',
      { emailId: b.emailId, recipient: b.recipient, reason: b.reason, failed: true, ...complaint },
      step,
    );
    // The bounce alert asks the creditor to call: the call task goes on the timeline without a second alert.
    if (isClient && !isTerminal(s.status)) await callTask(c, key, step, 'email_bounced', false);
    await alert(c, key, { kind: 'bounce', step, recipient: b.recipient, reason: b.reason, ...complaint });
  });

  wf.setHandler(clientContactSignal, (contact) => {
    if (contact.email && contact.email.toLowerCase() !== c.clientEmail.toLowerCase()) {
      s.clientEmail = contact.email;
      s.suppressed = (s.suppressed ?? []).filter((a) => a !== contact.email!.toLowerCase());
    }
    if (contact.phone) s.clientPhone = contact.phone;
    // A case waiting because the client could not be reached resumes with the new details.
    if (
      s.actionRequired &&
      s.status === 'paused' &&
      c.apply({ type: 'resume', overdue: isOverdue(c.dueDate, c.tz, nowIso()) })
    ) {
      s.pausedReason = undefined;
      s.actionRequired = undefined;
    }
    c.changed();
  });
}
