import { frameOf } from '../components/blocks';
import { claimOf, GroupPaymentBlock, NoticeTable, PdfNote } from '../components/grouped';
import { EmailLayout } from '../components/layout';
import { groupContextOf } from '../context';
import { sampleGroupedFormalNoticeMessage } from '../fixtures-grouped';
import { totalsByCurrency } from '../format';
import type { FormalNoticeMessage, GroupedFormalNoticeMessage } from '../types';
import { FormalNoticeEmail } from './formal-notice.email';
import { factsOf } from './grouped-reminder.email';

/**
 * Covers the mise en demeure letter for several invoices of a client (one PDF, attached by the
 * worker): per invoice its principal, interest and indemnity, one total, one deadline, the
 * consequences. About one invoice, it is the single `formal_notice` email.
 */
export function GroupedFormalNoticeEmail(props: GroupedFormalNoticeMessage) {
  const single = asSingleNotice(props);
  if (single) return <FormalNoticeEmail {...single} />;
  const claims = totalsByCurrency(props.invoices, claimOf);
  const ctx = groupContextOf(props, claims);
  const { m, f, g } = ctx;
  const x = {
    deadline: f.date(props.deadline),
    sentOn: f.date(props.sentOn),
    ...(props.registeredLetter
      ? { letter: { ...props.registeredLetter, postedOn: f.date(props.registeredLetter.postedOn) } }
      : {}),
    totalDue: g.total,
    jurisdiction: props.jurisdiction ?? 'FR',
  };
  const copy = m.grouped.formal_notice;
  return (
    <EmailLayout
      lang={props.locale}
      preview={copy.preview(g, x)}
      heading={copy.heading(g, x)}
      greeting={m.greeting(props.client.name)}
      paragraphs={copy.body(g, x)}
      closing={[m.questions()]}
      {...frameOf(m, props.creditor, g.creditor, m.grouped.footer(g))}
    >
      <NoticeTable ctx={ctx} lines={props.invoices} />
      <PdfNote ctx={ctx} lines={props.invoices} />
      <GroupPaymentBlock
        ctx={ctx}
        creditor={props.creditor}
        lines={props.invoices}
        amounts={claims}
        paymentUrl={props.paymentUrl}
        paymentReference={props.paymentReference}
      />
    </EmailLayout>
  );
}

/** About one invoice, the message is the single formal notice email (the same, byte for byte). */
export function asSingleNotice(props: GroupedFormalNoticeMessage): FormalNoticeMessage | undefined {
  const [line, ...more] = props.invoices;
  if (!line || more.length) return undefined;
  const { template: _t, invoices: _i, paymentUrl, paymentReference: _r, ...rest } = props;
  return {
    ...rest,
    template: 'formal_notice',
    invoice: factsOf(line, paymentUrl),
    penalties: line.penalties,
  };
}

GroupedFormalNoticeEmail.subject = (props: GroupedFormalNoticeMessage): string => {
  const single = asSingleNotice(props);
  if (single) return FormalNoticeEmail.subject(single);
  const { m, g } = groupContextOf(props, totalsByCurrency(props.invoices, claimOf));
  return m.grouped.subject.formal_notice(g);
};
GroupedFormalNoticeEmail.PreviewProps = sampleGroupedFormalNoticeMessage('fr', 3);

// The preview server loads each file's default export.
export default GroupedFormalNoticeEmail;
