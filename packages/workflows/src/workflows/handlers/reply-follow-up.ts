import * as wf from '@temporalio/workflow';
import { replyFollowUpAt, replyResumeAt } from '@relance/domain';
import type { CarriedState, ReplyInput } from '../../contract';
import type { Case } from '../case-context';
import { msUntil, nowIso } from '../clock';
import { alert } from '../effects/alerts';
import { control, resumeEvent } from './controls';

/**
 * Cases that ran before this release replay without it: a reply that paused one of them set no
 * hold and started no timer. Every reply that pauses a case from now on records the marker.
 */
export const REPLY_FOLLOW_UP = 'reply-follow-up';

type Hold = NonNullable<CarriedState['replyHold']>;

/**
 * A reply just paused the case: remember when to remind the creditor (3 business days, unless
 * another case of the client does it) and when to resume by itself (`policy.resumeAfterReply`).
 */
export function holdForReply(c: Case, r: ReplyInput): void {
  if (!wf.patched(REPLY_FOLLOW_UP)) return;
  const pausedAt = nowIso();
  const resumeAt = replyResumeAt(pausedAt, c.calendar);
  c.s.replyHold = {
    replyId: r.id,
    from: r.from,
    receivedAt: r.receivedAt,
    ...(r.remindsCreditor === false ? {} : { remindAt: replyFollowUpAt(pausedAt, c.calendar) }),
    ...(resumeAt ? { resumeAt } : {}),
  };
}

/**
 * Follows the reply that paused the case while it keeps it paused: reminds the creditor once,
 * then resumes the case when the policy says so. Anything that ends the pause (a resume, a
 * promise, a payment, a cancel) drops the hold and cancels its timer. Resumed from the carried
 * state after continue-as-new. `busy()`: an alert or a resume is under way.
 */
export function followUpReplies(c: Case): { busy(): boolean } {
  const { s } = c;
  let busy = false;
  const held = (hold: Hold) =>
    s.replyHold === hold && s.status === 'paused' && s.pausedReason === 'client_reply';
  const run = async () => {
    for (;;) {
      await wf.condition(() => s.replyHold !== undefined);
      const hold = s.replyHold!;
      if (!held(hold)) {
        s.replyHold = undefined;
        continue;
      }
      const next = [hold.remindAt, hold.resumeAt]
        .filter((t): t is string => t !== undefined)
        .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
      if (next === undefined) {
        await wf.condition(() => !held(hold));
        continue;
      }
      const wait = msUntil(next);
      if (wait > 0 && (await wf.condition(() => !held(hold), wait))) continue;
      busy = true;
      try {
        if (hold.remindAt === next) await remind(c, hold);
        else await resumeByItself(c, hold);
      } finally {
        busy = false;
      }
    }
  };
  void run();
  return { busy: () => busy };
}

async function remind(c: Case, hold: Hold): Promise<void> {
  hold.remindAt = undefined;
  await alert(c, `reply_waiting:${hold.replyId}`, {
    kind: 'reply_waiting',
    from: hold.from,
    receivedAt: hold.receivedAt,
    ...(hold.resumeAt ? { resumesAt: hold.resumeAt } : {}),
  });
}

/** As the creditor's resume (same transition, spacing rule), the timeline saying it was automatic. */
async function resumeByItself(c: Case, hold: Hold): Promise<void> {
  c.s.replyHold = undefined;
  await control(c, resumeEvent(c), 'resumed', undefined, {
    automatic: true,
    after: c.input.policy.resumeAfterReply,
    replyId: hold.replyId,
  });
}
