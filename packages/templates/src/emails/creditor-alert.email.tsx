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
          title={m.alert.quoteTitle}
          meta={`${alert.from} · ${f.instant(alert.receivedAt)}`}
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
      return pick(m.alert.reply, { from: alert.from, receivedAt: f.instant(alert.receivedAt) });
    case 'bounce':
      return pick(m.alert.bounce, alert);
    case 'call_task':
      return pick(m.alert.call_task, alert);
    case 'formal_notice_sent':
      return pick(m.alert.formal_notice_sent, { deadline: f.date(alert.deadline) });
    case 'handed_off':
      return pick(m.alert.handed_off, alert);
    case 'paid':
      return pick(m.alert.paid, { amountPaid: f.money(alert.amountPaid) });
    case 'unrecovered':
      return pick(m.alert.unrecovered, alert);
  }
}

CreditorAlertEmail.subject = (props: CreditorAlertMessage): string =>
  alertTexts(props.alert, contextOf(props)).subject;
CreditorAlertEmail.PreviewProps = sampleMessage('creditor_alert');

// The preview server loads each file's default export.
export default CreditorAlertEmail;
