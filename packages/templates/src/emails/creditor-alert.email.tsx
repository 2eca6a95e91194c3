import { parseFigureId } from '@relance/domain';
import { ActionButtons } from '../components/actions';
import { InvoiceFactsBlock, Quote } from '../components/blocks';
import { InvoiceList } from '../components/grouped';
import { EmailLayout } from '../components/layout';
import { PartyBlock } from '../components/party';
import { contextOf, groupContextOf, type EmailContext, type GroupContext } from '../context';
import { sampleMessage } from '../fixtures';
import type { GroupAlertCopy } from '../messages/grouped.types';
import type { AlertCopy } from '../messages/types';
import type { CreditorAlertMessage, GroupedInvoiceLine } from '../types';

interface AlertTexts {
  subject: string;
  heading: string;
  body: string[];
}

/**
 * To the creditor (tenant's locale): what happened on a case and what to do next. About several
 * invoices of the client (one grouped email, one call), one alert lists them all.
 */
export function CreditorAlertEmail(props: CreditorAlertMessage) {
  const ctx = contextOf(props);
  const { m, f } = ctx;
  const group = groupOf(props);
  const t = group?.texts ?? alertTexts(props, ctx);
  const { alert } = props;
  return (
    <EmailLayout
      lang={props.locale}
      preview={t.subject}
      brand={m.alert.signature}
      heading={t.heading}
      greeting={m.greeting(props.creditor.fromName)}
      paragraphs={t.body}
      signature={{ signOff: m.signOff, name: m.alert.signature, lines: [] }}
      footer={[m.alert.footer]}
    >
      {alert.kind === 'reply' ? (
        <Quote
          title={(alert.count ?? 1) > 1 ? m.alert.quoteTitleLatest : m.alert.quoteTitle}
          meta={[
            alert.from,
            ...(alert.unverified ? [m.alert.unverifiedSender] : []),
            f.instant(alert.receivedAt),
          ].join(' · ')}
          text={alert.text}
        />
      ) : null}
      {props.actions?.length ? <ActionButtons locale={props.locale} actions={props.actions} /> : null}
      <PartyBlock ctx={ctx} title={m.party.client} party={props.client} />
      {group ? (
        <InvoiceList ctx={group.ctx} lines={group.lines} title={m.grouped.list.titleNeutral} />
      ) : (
        <InvoiceFactsBlock ctx={ctx} invoice={props.invoice} neutral />
      )}
    </EmailLayout>
  );
}

function alertTexts({ alert, actions }: CreditorAlertMessage, ctx: EmailContext): AlertTexts {
  const { m, f, v } = ctx;
  const linked = (actions?.length ?? 0) > 0;
  const pick = <X,>(copy: AlertCopy<X>, x: X) => ({
    subject: copy.subject(v, x),
    heading: copy.heading(v, x),
    body: copy.body(v, x),
  });
  switch (alert.kind) {
    case 'reply':
      return pick(m.alert.reply, {
        from: alert.from,
        receivedAt: f.instant(alert.receivedAt),
        count: alert.count ?? 1,
        unverified: alert.unverified === true,
        paused: alert.paused === true,
      });
    case 'reply_waiting':
      return pick(m.alert.reply_waiting, {
        from: alert.from,
        receivedAt: f.instant(alert.receivedAt),
        resumesAt: alert.resumesAt ? f.instant(alert.resumesAt) : undefined,
      });
    case 'bounce':
      return pick(m.alert.bounce, { ...alert, complaint: alert.complaint === true });
    case 'call_task':
      return pick(m.alert.call_task, {
        step: alert.step,
        phone: alert.phone?.trim() || undefined,
        bounced: alert.reason === 'email_bounced',
      });
    case 'formal_notice_sent':
      return pick(m.alert.formal_notice_sent, { deadline: f.date(alert.deadline) });
    case 'handed_off':
      return pick(m.alert.handed_off, alert);
    case 'paid':
      return pick(m.alert.paid, { amountPaid: f.money(alert.amountPaid) });
    case 'unrecovered':
      return pick(m.alert.unrecovered, alert);
    case 'overpaid':
      return pick(m.alert.overpaid, { paymentId: alert.paymentId, surplus: f.money(alert.surplus) });
    case 'payment_after_close':
      return pick(m.alert.payment_after_close, {
        paymentId: alert.paymentId,
        amount: f.money(alert.amount),
        status: m.alert.closedStatus(alert.status),
      });
    case 'action_required':
      return pick(m.alert.action_required, { ...alert, linked });
    case 'provisional_rate':
      return pick(m.alert.provisional_rate, { figures: alert.figures.map((id) => figureName(ctx, id)) });
    case 'handoff_approval':
      return pick(m.alert.handoff_approval, {
        ...alert,
        penalties: alert.penalties && f.money(alert.penalties),
        totalClaimed: alert.totalClaimed && f.money(alert.totalClaimed),
        formalNotice: alert.formalNotice && {
          sentOn: f.date(alert.formalNotice.sentOn),
          deadline: f.date(alert.formalNotice.deadline),
        },
        reminder: alert.reminder === true,
      });
    case 'letter_task':
      return pick(m.alert.letter_task, {
        step: alert.step,
        sentOn: f.date(alert.sentOn),
        deadline: f.date(alert.deadline),
        totalDue: f.money(alert.totalDue),
      });
  }
}

/** The invoices and copy of an alert about several invoices; undefined for one, or a kind about one. */
function groupOf(
  props: CreditorAlertMessage,
): { lines: GroupedInvoiceLine[]; ctx: GroupContext; texts: AlertTexts } | undefined {
  const lines = props.invoices;
  if (!lines || lines.length < 2) return undefined;
  const ctx = groupContextOf({ ...props, invoices: lines });
  const texts = groupedAlertTexts(props, ctx);
  return texts && { lines, ctx, texts };
}

function groupedAlertTexts(
  { alert, actions, invoice }: CreditorAlertMessage,
  { m, f, g }: GroupContext,
): AlertTexts | undefined {
  const a = m.grouped.alert;
  const { currency } = invoice;
  const pick = <X,>(copy: GroupAlertCopy<X>, x: X) => ({
    subject: copy.subject(g, x),
    heading: copy.heading(g, x),
    body: copy.body(g, x),
  });
  switch (alert.kind) {
    case 'reply':
      return pick(a.reply, {
        from: alert.from,
        receivedAt: f.instant(alert.receivedAt),
        count: alert.count ?? 1,
        unverified: alert.unverified === true,
        paused: alert.paused === true,
      });
    case 'bounce':
      return pick(a.bounce, { ...alert, complaint: alert.complaint === true });
    case 'call_task':
      return pick(a.call_task, {
        step: alert.step,
        phone: alert.phone?.trim() || undefined,
        bounced: alert.reason === 'email_bounced',
      });
    case 'formal_notice_sent':
      return pick(a.formal_notice_sent, { deadline: f.date(alert.deadline) });
    case 'handed_off':
      return pick(a.handed_off, alert);
    case 'unrecovered':
      return pick(a.unrecovered, alert);
    case 'action_required':
      return pick(a.action_required, { ...alert, linked: (actions?.length ?? 0) > 0 });
    case 'letter_task':
      return pick(a.letter_task, {
        step: alert.step,
        sentOn: f.date(alert.sentOn),
        deadline: f.date(alert.deadline),
        // As in the single alert: the claim is in the currency of the message's `invoice`.
        totalDue: f.money(alert.totalDue, currency),
      });
    default:
      // Paid, overpaid, payment after close, provisional rate: about one invoice each.
      return undefined;
  }
}

/** A domain figure id ('ecb:2026-07-01') in the reader's words; any other text as given. */
function figureName({ m, f }: EmailContext, figure: string): string {
  const id = parseFigureId(figure);
  if (!id) return figure;
  const half = id.halfYear
    ? {
        year: Number(id.halfYear.slice(0, 4)),
        half: id.halfYear.endsWith('H1') ? (1 as const) : (2 as const),
      }
    : undefined;
  return m.rateFigure(id.table, f.date(id.referenceDate), half);
}

CreditorAlertEmail.subject = (props: CreditorAlertMessage): string =>
  (groupOf(props)?.texts ?? alertTexts(props, contextOf(props))).subject;
CreditorAlertEmail.PreviewProps = sampleMessage('creditor_alert');

// The preview server loads each file's default export.
export default CreditorAlertEmail;
