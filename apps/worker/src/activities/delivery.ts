import { ApplicationFailure } from '@temporalio/activity';
import {
  attachmentSha256,
  providerIdempotencyKey,
  type EmailEntity,
  type StoredEmail,
} from '@relance/persistence';
import type { TimelineType } from '@relance/domain';
import type { RenderedEmail } from '@relance/templates';
import type { CaseRef, SentEmail } from '@relance/workflows';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { formatFromHeader } from '../mail/from-header';
import { PermanentSendError, type Mailer, type OutgoingEmail } from '../mail/mailer';
import type { CaseContext, CaseStore } from './case-store';
import { tag } from './messages';
import { senderRefusal } from './sender-check';

export type Recipient = 'client' | 'creditor' | 'lawyer';

export type DeliveryStore = Pick<
  CaseStore,
  'emailId' | 'findEmail' | 'prepareEmail' | 'markEmailSent' | 'markEmailFailed' | 'attachmentContents'
>;

/** A rendered message and who gets it, before the envelope (sender, headers, tags) is added. */
export interface Draft {
  template: string;
  rendered: RenderedEmail;
  recipient: Recipient;
  /** Absent: the client's cc for a client email, none otherwise. */
  cc?: string[];
  attachments?: { filename: string; content: Uint8Array }[];
}

export interface DeliveryRequest {
  ctx: CaseContext;
  ref: CaseRef;
  /** The activity and its input: their hash tells a retry of the same send from a changed one. */
  activity: string;
  input: unknown;
  key: string;
  step?: string;
  timeline: { type: TimelineType; data?: Record<string, unknown> };
  /**
   * Renders the message. Called once per input: on the first attempt, after the input changed
   * (the row it replaces is `previous`), or to try again a send the provider had refused.
   */
  draft(previous: EmailEntity | null): Promise<Draft>;
}

/**
 * Sends each logical email once and always with the same bytes: the complete message is stored
 * ('prepared') before the provider sees it, and a retry re-sends the stored copy with the same
 * idempotency key. A permanent refusal (the provider's, or a sender the tenant may no longer use)
 * marks the row 'failed' and fails the activity for good.
 */
export function createDelivery(deps: { store: DeliveryStore; mailer: Mailer; logger: Logger }) {
  const { store, mailer, logger } = deps;

  return async function deliver(req: DeliveryRequest): Promise<SentEmail> {
    const { ctx, ref, key } = req;
    const id = store.emailId(ctx, key);
    const hash = contentHash(req.activity, req.input);
    let row = await store.findEmail(id);
    if (row?.providerId) return sentOf(row);
    if (!row?.payload || !row.idempotencyKey || row.contentHash !== hash || row.status === 'failed') {
      const draft = await req.draft(row);
      // Trying again after a refusal (the creditor fixed the cause): a key of its own, so the
      // provider does not answer with the refusal it may have kept for the old one.
      const again = row?.status === 'failed' && row.contentHash === hash;
      row = await store.prepareEmail(ctx, {
        id,
        step: req.step ?? null,
        template: draft.template,
        payload: envelope(ctx, ref, req.step ?? key, draft),
        attachments: (draft.attachments ?? []).map((a) => a.content),
        contentHash: hash,
        idempotencyKey: providerIdempotencyKey(id, again ? `${hash}:${row?.idempotencyKey ?? ''}` : hash),
      });
      if (row.providerId) return sentOf(row); // another attempt got there first
    }
    const payload = row.payload!;
    let sent: { id: string };
    try {
      // A sender no longer allowed is refused like a provider refusal: the same path to the case.
      const refusal = senderRefusal(ctx.tenant, payload.from);
      if (refusal) throw new PermanentSendError(refusal, 'sender_not_allowed');
      sent = await mailer.send(await outgoing(ctx, payload, store), row.idempotencyKey!);
    } catch (err) {
      if (!(err instanceof PermanentSendError)) throw err;
      await store.markEmailFailed(id, err.message);
      logger.warn(
        { workflowId: ref.workflowId, key, code: err.code },
        `email refused for good: ${err.message}`,
      );
      throw ApplicationFailure.nonRetryable(err.message, 'PermanentSendError');
    }
    const sentAt = new Date();
    await store.markEmailSent(
      ctx,
      id,
      { providerId: sent.id, sentAt },
      {
        key,
        type: req.timeline.type,
        at: sentAt,
        step: req.step,
        data: { emailId: sent.id, to: payload.to, subject: payload.subject, ...req.timeline.data },
      },
    );
    logger.info({ workflowId: ref.workflowId, key, emailId: sent.id, template: row.template }, 'email sent');
    return { emailId: sent.id, sentAt: sentAt.toISOString() };
  };
}

/** sha256 of the canonical JSON (keys sorted) of an activity's name and input. */
export function contentHash(activity: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ activity, input })).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function sentOf(row: EmailEntity): SentEmail {
  return { emailId: row.providerId!, sentAt: (row.sentAt ?? row.updatedAt).toISOString() };
}

/** The complete message as stored: sender, recipients, headers, tags, attachments by content hash. */
function envelope(ctx: CaseContext, ref: CaseRef, step: string, draft: Draft): StoredEmail {
  const { settings, payload } = ctx;
  const cc = draft.cc ?? (draft.recipient === 'client' ? payload.client.cc : undefined);
  const reply = replyTo(ctx, draft.recipient);
  return {
    from: formatFromHeader(settings.sender.fromName, settings.sender.fromEmail),
    to: recipients(ctx, draft.recipient),
    ...(cc?.length ? { cc } : {}),
    ...(reply ? { replyTo: reply } : {}),
    subject: draft.rendered.subject,
    html: draft.rendered.html,
    text: draft.rendered.text,
    headers: { 'X-Relance-Case': ref.workflowId },
    tags: [tag('tenant', ref.tenant), tag('case', ctx.invoice.id), tag('step', step)],
    ...(draft.attachments?.length
      ? {
          attachments: draft.attachments.map((a) => ({
            filename: a.filename,
            sha256: attachmentSha256(a.content),
          })),
        }
      : {}),
  };
}

/** The stored message with its attachments' bytes, read back by hash. */
async function outgoing(
  ctx: CaseContext,
  stored: StoredEmail,
  store: Pick<DeliveryStore, 'attachmentContents'>,
): Promise<OutgoingEmail> {
  const { attachments, ...rest } = stored;
  if (!attachments) return rest;
  const hashes = attachments.flatMap((a) => (a.sha256 ? [a.sha256] : []));
  const contents = await store.attachmentContents(ctx, hashes);
  return {
    ...rest,
    attachments: attachments.map((a) => {
      const content = a.sha256 ? contents.get(a.sha256) : Buffer.from(a.contentBase64 ?? '', 'base64');
      if (!content) throw new Error(`attachment ${a.filename} (sha256 ${a.sha256}) is not stored`);
      return { filename: a.filename, content };
    }),
  };
}

function recipients(ctx: CaseContext, who: Recipient): string[] {
  if (who === 'client') return [ctx.payload.client.email];
  if (who === 'lawyer') return [ctx.settings.legalContact?.email ?? ctx.settings.notifyEmail];
  return [ctx.settings.notifyEmail];
}

/**
 * Client replies go to the case's own address when the tenant has an inbound domain. Its token
 * is the case's random secret (not its id), so nobody can write to a case they were not sent.
 */
function replyTo(ctx: CaseContext, who: Recipient): string | undefined {
  const domain = ctx.settings.sender.replyToDomain;
  if (who !== 'client' || !domain) return ctx.settings.notifyEmail;
  return `reply+${ctx.invoice.replyToken}@${domain}`;
}
