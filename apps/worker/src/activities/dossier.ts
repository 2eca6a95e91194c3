import { localDate, type CaseRecord } from '@relance/domain';
import type { EmailEntity, TimelineEventEntity } from '@relance/persistence';
import type { LegalDossier, MessageBase, PenaltyView } from '@relance/templates';

/**
 * What the dossier is made of: the case's audit trail, the messages the provider accepted, and
 * its record (the formal notice as the API shows it).
 */
export interface DossierRows {
  record?: Pick<CaseRecord, 'formalNotice' | 'letters' | 'creditNotes'>;
  timeline: Pick<TimelineEventEntity, 'at' | 'type' | 'step' | 'data'>[];
  emails: Pick<
    EmailEntity,
    'providerId' | 'status' | 'sentAt' | 'createdAt' | 'step' | 'recipients' | 'subject' | 'text'
  >[];
}

export interface DossierInput {
  base: MessageBase;
  penalties: PenaltyView;
  generatedAt: string;
  /** The client's time zone: a notice recorded without its day is dated in it. */
  clientTimeZone: string;
}

/** Everything a lawyer needs, from rows already loaded (no I/O: the case store loads them). */
export function dossierOf(
  { base, penalties, generatedAt, clientTimeZone }: DossierInput,
  rows: DossierRows,
): LegalDossier {
  const { timeline, emails, record } = rows;
  const status = new Map(emails.map((e) => [e.providerId, e.status]));
  return {
    generatedAt,
    creditor: base.creditor,
    client: { ...base.client },
    invoice: base.invoice,
    jurisdiction: base.jurisdiction ?? 'FR',
    // In the reader's (the creditor's and their lawyer's) language and time zone.
    locale: base.locale,
    timeZone: base.timeZone,
    clientType: base.clientType,
    penalties,
    timeline: timeline.map((t) => {
      const emailId = typeof t.data.emailId === 'string' ? t.data.emailId : undefined;
      return {
        at: t.at.toISOString(),
        type: t.type,
        step: t.step ?? undefined,
        emailId,
        deliveryStatus: emailId ? status.get(emailId) : undefined,
        data: t.data,
      };
    }),
    replies: timeline
      .filter((t) => t.type === 'reply_received')
      .map((t) => ({
        from: String(t.data.from ?? ''),
        receivedAt: String(t.data.receivedAt ?? t.at.toISOString()),
        text: String(t.data.text ?? ''),
      })),
    messages: emails.map((e) => ({
      at: (e.sentAt ?? e.createdAt).toISOString(),
      step: e.step ?? undefined,
      to: e.recipients.join(', '),
      subject: e.subject,
      text: e.text,
      emailId: e.providerId ?? undefined,
      status: e.status,
    })),
    formalNotice: record?.formalNotice
      ? { ...record.formalNotice }
      : noticeOnTimeline(timeline, clientTimeZone),
    ...(record?.letters?.length ? { letters: record.letters.map((l) => ({ ...l })) } : {}),
    ...(record?.creditNotes?.length ? { creditNotes: record.creditNotes.map((n) => ({ ...n })) } : {}),
  };
}

/**
 * The mise en demeure from the audit trail, for a record without one (written before the record
 * existed: its backfill read only emailed notices). Dated as on the letter: `sentOn` as recorded
 * (the client's calendar day), else the day in the client's time zone. A letter sent by the
 * creditor (client address bounced) counts.
 */
function noticeOnTimeline(
  timeline: DossierRows['timeline'],
  clientTimeZone: string,
): LegalDossier['formalNotice'] {
  const notice =
    timeline.find((t) => t.type === 'formal_notice_sent') ??
    timeline.find((t) => t.type === 'letter_task_created');
  if (!notice) return undefined;
  const sentOn =
    typeof notice.data.sentOn === 'string'
      ? notice.data.sentOn
      : localDate(notice.at.toISOString(), clientTimeZone);
  return { sentOn, deadline: String(notice.data.deadline ?? '') };
}
