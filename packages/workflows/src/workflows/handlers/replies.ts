import * as wf from '@temporalio/workflow';
import { replyPauses } from '@relance/domain';
import type { ReplyInput } from '../../contract';
import { replySignal, replyUpdate } from '../../contract';
import { cutReplyText } from '../../reply-text';
import type { Case } from '../case-context';
import { msUntil, nowIso } from '../clock';
import { alert } from '../effects/alerts';
import { timeline } from '../effects/timeline';
import { assertCan } from '../validators';
import { followUpReplies, holdForReply } from './reply-follow-up';

/** A flood of replies makes at most one creditor alert per hour (the rest are summed up in it). */
const REPLY_ALERT_INTERVAL_MS = 3_600_000;

export interface Replies {
  /** A coalesced alert or a reply's follow-up is under way (the case neither continues as new nor ends meanwhile). */
  flushing(): boolean;
  /** Sends the replies still coalesced when the case ends. */
  flushLast(): Promise<void>;
}

/** Client replies: on the timeline, to the creditor (coalesced in a flood), pausing an escalating case. */
export function handleReplies(c: Case): Replies {
  const { s } = c;
  let flushing = false;
  wf.setHandler(replyUpdate, async (r) => (await onReply(c, r), c.projection.view()), {
    validator: (_r) => assertCan(s, 'reply'),
  });
  wf.setHandler(replySignal, (r) => onReply(c, r));
  const followUp = followUpReplies(c);

  /** Sends the coalesced reply alert once the interval since the last one has passed. */
  const flushReplies = async () => {
    for (;;) {
      await wf.condition(() => s.replyDigest !== undefined);
      const due = new Date(
        Date.parse(s.lastReplyAlertAt ?? nowIso()) + REPLY_ALERT_INTERVAL_MS,
      ).toISOString();
      if (msUntil(due) > 0) await wf.sleep(msUntil(due));
      const digest = s.replyDigest;
      if (!digest) continue;
      flushing = true;
      try {
        await alert(c, `replies:${c.nextSeq()}`, { kind: 'reply', ...digest });
        s.lastReplyAlertAt = nowIso();
        s.replyDigest = undefined;
      } finally {
        flushing = false;
      }
    }
  };
  void flushReplies();

  return {
    flushing: () => flushing || followUp.busy(),
    async flushLast() {
      await wf.condition(() => !flushing);
      if (s.replyDigest) await alert(c, `replies:${c.nextSeq()}`, { kind: 'reply', ...s.replyDigest });
    },
  };
}

async function onReply(c: Case, r: ReplyInput): Promise<void> {
  const { s } = c;
  const key = `reply:${r.id}`;
  if (s.seen.includes(key)) return;
  s.seen.push(key);
  if (r.automatic !== undefined) return onAutomaticReply(c, r, key);
  // Anyone can write to the case's address: a sender that is not the client pauses nothing
  // unless the creditor asked so. Only new input (`verified: false`) takes this branch.
  const unverified = r.verified === false;
  const mayPause = !unverified || r.pauseIfUnverified === true;
  // A reply reaches the creditor whatever the status; it pauses only an escalating case.
  const paused = mayPause && replyPauses(s.status) && c.apply({ type: 'reply' });
  if (paused) {
    s.pausedReason = 'client_reply';
    holdForReply(c, r);
  }
  // The API cuts the text already (and says so); this cut guards signals sent before it did.
  const cut = cutReplyText(r.text);
  const text = cut.text;
  const originalLength = r.originalLength ?? cut.originalLength;
  const cutData = originalLength !== undefined ? { truncated: true, originalLength } : {};
  const sender = unverified ? { unverified: true, paused } : {};
  // Decided before any await, so concurrent handlers see the replies in the order they came.
  const last = s.lastReplyAlertAt ? Date.parse(s.lastReplyAlertAt) : -Infinity;
  const alertNow = Date.parse(nowIso()) - last >= REPLY_ALERT_INTERVAL_MS && !s.replyDigest;
  if (alertNow) s.lastReplyAlertAt = nowIso();
  else {
    // Coalesced: the flusher sends one alert with the count and the latest reply.
    s.replyDigest = {
      count: (s.replyDigest?.count ?? 0) + 1,
      from: r.from,
      receivedAt: r.receivedAt,
      text,
      ...sender,
    };
  }
  await timeline(c, key, 'reply_received', {
    from: r.from,
    receivedAt: r.receivedAt,
    text,
    ...cutData,
    ...sender,
  });
  if (alertNow)
    await alert(c, key, { kind: 'reply', from: r.from, receivedAt: r.receivedAt, text, ...sender });
  await c.projection.sync();
}

/**
 * An out-of-office or other auto-responder's message: on the timeline only. It says nothing the
 * creditor must act on (the next reminder will meet the client back), so it neither pauses the
 * case nor alerts; the case's timeline and the client view show it.
 */
async function onAutomaticReply(c: Case, r: ReplyInput, key: string): Promise<void> {
  const cut = cutReplyText(r.text);
  const originalLength = r.originalLength ?? cut.originalLength;
  await timeline(c, key, 'auto_reply_received', {
    from: r.from,
    receivedAt: r.receivedAt,
    reason: r.automatic,
    ...(r.subject !== undefined ? { subject: r.subject } : {}),
    text: cut.text,
    ...(originalLength !== undefined ? { truncated: true, originalLength } : {}),
    ...(r.verified === false ? { unverified: true } : {}),
  });
}
