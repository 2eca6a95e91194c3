import type { ClientInput } from '@relance/domain';
import { cutReplyText, type ReplyInput } from '@relance/workflows';

/**
 * A case's reply-to address, `reply+<token>@<replyToDomain>`: the token is the case's random
 * `reply_token` (40 hex), or on emails sent before issue 18 the invoice uuid without dashes (32 hex).
 */
const REPLY_ADDRESS = /^reply\+([0-9a-f]{40}|[0-9a-f]{32})@([a-z0-9.-]+)$/;

export type ReplyAddress =
  { kind: 'token'; token: string; domain: string } | { kind: 'legacy'; invoiceId: string; domain: string };

/** The token and domain of a reply-to address, or undefined for any other address. */
export function parseReplyAddress(address: string): ReplyAddress | undefined {
  const m = REPLY_ADDRESS.exec(addressPart(address));
  if (!m) return undefined;
  const [, token, domain] = m as unknown as [string, string, string];
  if (token.length === 40) return { kind: 'token', token, domain };
  const invoiceId = token.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  return { kind: 'legacy', invoiceId, domain };
}

/**
 * The address of a mailbox as written in a header (`Jeanne Martin <compta@acme.example>`),
 * lower-cased: the last angle-bracketed part, else the whole. A display name that looks like an
 * address never counts, only what is between the brackets.
 */
export function addressPart(mailbox: string): string {
  const bracketed = [...mailbox.matchAll(/<([^<>]*)>/g)].at(-1)?.[1];
  return (bracketed ?? mailbox).trim().toLowerCase();
}

/** Whether a reply's sender is the client's address or one of its cc (address part, any case). */
export function senderIsClient(from: string, client: Pick<ClientInput, 'email' | 'cc'>): boolean {
  const sender = addressPart(from);
  if (!sender) return false;
  return [client.email, ...(client.cc ?? [])].some((a) => addressPart(a) === sender);
}

/**
 * What the case is told of an inbound reply: the text cut to MAX_REPLY_CHARS code points here,
 * before it is signalled or stored, and whether its sender is the client's. `automatic`: why it
 * is an automatic reply (`automaticReply`), kept with its subject; absent for a person's reply.
 */
export function inboundReply(
  mail: { id: string; from: string; receivedAt: string; text: string; subject?: string; automatic?: string },
  verified: boolean,
  pauseOnUnverified: boolean,
): ReplyInput {
  const cut = cutReplyText(mail.text);
  return {
    id: mail.id,
    from: mail.from,
    receivedAt: mail.receivedAt,
    text: cut.text,
    ...(cut.originalLength !== undefined ? { originalLength: cut.originalLength } : {}),
    verified,
    ...(verified ? {} : { pauseIfUnverified: pauseOnUnverified }),
    ...(mail.automatic !== undefined
      ? { automatic: mail.automatic, ...(mail.subject !== undefined ? { subject: mail.subject } : {}) }
      : {}),
  };
}

/** The timeline type of a reply: a person's, or an automatic one (out of office, auto-responder). */
export function replyEntryType(reply: ReplyInput): 'reply_received' | 'auto_reply_received' {
  return reply.automatic !== undefined ? 'auto_reply_received' : 'reply_received';
}

/** The timeline entry the API writes itself when the case is closed (the workflow's otherwise). */
export function closedCaseEntry(reply: ReplyInput): Record<string, unknown> {
  return {
    id: reply.id,
    from: reply.from,
    receivedAt: reply.receivedAt,
    text: reply.text,
    ...(reply.originalLength !== undefined ? { truncated: true, originalLength: reply.originalLength } : {}),
    ...(reply.verified === false ? { unverified: true } : {}),
    ...(reply.automatic !== undefined ? { reason: reply.automatic, subject: reply.subject } : {}),
    caseClosed: true,
  };
}
