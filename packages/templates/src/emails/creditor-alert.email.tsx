import { parseFigureId } from '@relance/domain';
import { InvoiceFactsBlock, Quote } from '../components/blocks';
import { EmailLayout } from '../components/layout';
import { PartyBlock } from '../components/party';
import { contextOf, type EmailContext } from '../context';
import { sampleMessage } from '../fixtures';
import type { AlertCopy } from '../messages/types';
import type { CreditorAlert, CreditorAlertMessage } from '../types';

/** To the creditor (tenant's locale): what happened on a case and what to do next. */
export function CreditorAlertEmail(props: CreditorAlertMessage) {
  const ctx = contextOf(props);
  const { m, f } = ctx;
  const t = alertTexts(props.alert, ctx);
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
      <PartyBlock ctx={ctx} title={m.party.client} party={props.client} />
      <InvoiceFactsBlock ctx={ctx} invoice={props.invoice} neutral />
    </EmailLayout>
  );
}

function alertTexts(
  alert: CreditorAlert,
  ctx: EmailContext,
): { subject: string; heading: string; body: string[] } {
  const { m, f, v } = ctx;
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
      return pick(m.alert.action_required, alert);
    case 'provisional_rate':
      return pick(m.alert.provisional_rate, { figures: alert.figures.map((id) => figureName(ctx, id)) });
    case 'letter_task':
      return pick(m.alert.letter_task, {
        step: alert.step,
        sentOn: f.date(alert.sentOn),
        deadline: f.date(alert.deadline),
        totalDue: f.money(alert.totalDue),
      });
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
  alertTexts(props.alert, contextOf(props)).subject;
CreditorAlertEmail.PreviewProps = sampleMessage('creditor_alert');

// The preview server loads each file's default export.
export default CreditorAlertEmail;
