import { frameOf } from '../components/blocks';
import { AlsoOutstandingBlock, GroupPaymentBlock, InvoiceList, PdfNote } from '../components/grouped';
import { EmailLayout } from '../components/layout';
import { groupContextOf, type GroupContext } from '../context';
import { sampleAlsoOutstanding, sampleGroupedReminder } from '../fixtures-grouped';
import { isPositive, nextDay, totalsByCurrency } from '../format';
import type { GroupCopy } from '../messages';
import type {
  GroupedInvoiceLine,
  GroupedReminderMessage,
  InvoiceFacts,
  ReminderMessage,
  ReminderTone,
} from '../types';
import { CourtesyEmail } from './courtesy.email';
import { FirmEmail } from './firm.email';
import { FriendlyEmail } from './friendly.email';
import { UrgentEmail } from './urgent.email';

const SINGLE = { courtesy: CourtesyEmail, friendly: FriendlyEmail, firm: FirmEmail, urgent: UrgentEmail };

/**
 * One reminder for several invoices of a client, at the tone of the most advanced step among them:
 * each invoice (number, dates, balance, days late), the total, one payment block, the client's other
 * overdue invoices apart. About one invoice, it is that tone's single-invoice email.
 */
export function GroupedReminderEmail(props: GroupedReminderMessage) {
  const single = asSingleReminder(props);
  if (single) {
    const Single = SINGLE[props.tone];
    return <Single {...single} />;
  }
  const ctx = groupContextOf(props);
  const { m, g } = ctx;
  const t = toneTexts(props, ctx);
  const others = props.alsoOutstanding ?? [];
  return (
    <EmailLayout
      lang={props.locale}
      preview={t.preview}
      heading={t.heading}
      greeting={m.greeting(props.client.name)}
      paragraphs={t.paragraphs}
      closing={[m.questions()]}
      {...frameOf(m, props.creditor, g.creditor, m.grouped.footer(g))}
    >
      <InvoiceList ctx={ctx} lines={props.invoices} title={m.grouped.list.title} />
      <PdfNote ctx={ctx} lines={props.invoices} />
      <GroupPaymentBlock
        ctx={ctx}
        creditor={props.creditor}
        lines={props.invoices}
        amounts={totalsByCurrency(props.invoices, (l) => l.balance)}
        paymentUrl={props.paymentUrl}
        paymentReference={props.paymentReference}
      />
      {others.length ? <AlsoOutstandingBlock ctx={ctx} chased={props.invoices} others={others} /> : null}
    </EmailLayout>
  );
}

function toneTexts(
  props: GroupedReminderMessage,
  { m, f, g }: GroupContext,
): { preview: string; heading: string; paragraphs: string[] } {
  const pick = <X,>(copy: GroupCopy<X>, x: X) => ({
    preview: copy.preview(g, x),
    heading: copy.heading(g, x),
    paragraphs: copy.body(g, x),
  });
  switch (props.tone) {
    case 'courtesy':
      return pick(m.grouped.courtesy, {});
    case 'friendly':
      return pick(m.grouped.friendly, {});
    case 'urgent':
      return pick(m.grouped.urgent, {
        formalNoticeOn: props.formalNoticeOn ? f.date(props.formalNoticeOn) : undefined,
      });
    case 'firm': {
      const dueDates = new Set(props.invoices.map((l) => l.dueDate));
      const [first] = props.invoices;
      const from = props.lateFeesFrom
        ? f.date(props.lateFeesFrom)
        : dueDates.size === 1 && first
          ? f.date(nextDay(first.dueDate))
          : m.grouped.eachDayAfterDue;
      const jurisdiction = props.jurisdiction ?? 'FR';
      const fees = [
        ...new Set(
          props.invoices.flatMap((l) =>
            l.penalties && isPositive(l.penalties.fixedFee, l.currency)
              ? [f.money(l.penalties.fixedFee, l.currency)]
              : [],
          ),
        ),
      ];
      const fee = fees.length === 1 ? fees[0] : undefined;
      const lateFees = m.lateFees({
        jurisdiction,
        clientType: props.clientType ?? 'business',
        from,
        // The indemnity is due once per invoice (CJEU C-78/22); the UK sum depends on each amount.
        fixedFee:
          jurisdiction === 'GB'
            ? fee && m.grouped.perInvoice(fee)
            : m.grouped.perInvoice(fee ?? m.grouped.defaultFixedFee),
      });
      return pick(m.grouped.firm, { lateFees });
    }
  }
}

/** The invoice facts of a line, with the account's payment link when there is one. */
export function factsOf(line: GroupedInvoiceLine, paymentUrl?: string): InvoiceFacts {
  const url = paymentUrl ?? line.paymentUrl;
  const { number, issueDate, dueDate, currency, total, paid, balance } = line;
  return { number, issueDate, dueDate, currency, total, paid, balance, ...(url ? { paymentUrl: url } : {}) };
}

/** About one invoice, the message is that tone's single-invoice reminder (the same email, byte for byte). */
export function asSingleReminder(props: GroupedReminderMessage): ReminderMessage | undefined {
  const [line, ...more] = props.invoices;
  if (!line || more.length) return undefined;
  const {
    template: _t,
    tone,
    invoices: _i,
    paymentUrl,
    paymentReference: _r,
    alsoOutstanding,
    ...rest
  } = props;
  return {
    ...rest,
    template: tone satisfies ReminderTone,
    invoice: factsOf(line, paymentUrl),
    ...(line.penalties ? { penalties: line.penalties } : {}),
    ...(alsoOutstanding?.length ? { alsoOutstanding } : {}),
  };
}

GroupedReminderEmail.subject = (props: GroupedReminderMessage): string => {
  const single = asSingleReminder(props);
  if (single) return SINGLE[props.tone].subject(single);
  const { m, g } = groupContextOf(props);
  return m.grouped.subject[props.tone](g);
};
GroupedReminderEmail.PreviewProps = {
  ...sampleGroupedReminder('fr', 3, 'firm'),
  alsoOutstanding: sampleAlsoOutstanding(),
};

// The preview server loads each file's default export.
export default GroupedReminderEmail;
