import { creditorFrame, InvoiceFactsBlock, PenaltyBlock } from '../components/blocks';
import { EmailLayout } from '../components/layout';
import { PartyBlock } from '../components/party';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import type { LegalHandoffMessage } from '../types';

/** To the creditor's lawyer or collection agency (creditor in copy); the dossier is attached. */
export function LegalHandoffEmail(props: LegalHandoffMessage) {
  const ctx = contextOf(props);
  const { m, f, v } = ctx;
  const { formalNotice } = props;
  const t = texts(m.legal_handoff, v, {
    lawyer: props.legalContact.name,
    summary: props.summary,
    formalNotice: formalNotice && {
      sentOn: f.date(formalNotice.sentOn),
      deadline: f.date(formalNotice.deadline),
    },
  });
  return (
    <EmailLayout
      lang={props.locale}
      preview={t.preview}
      heading={t.heading}
      greeting={m.greeting(props.legalContact.name)}
      paragraphs={t.paragraphs}
      {...creditorFrame(ctx, props)}
    >
      <PartyBlock ctx={ctx} title={m.party.debtor} party={props.client} />
      <InvoiceFactsBlock ctx={ctx} invoice={props.invoice} neutral />
      {props.penalties ? (
        <PenaltyBlock ctx={ctx} invoice={props.invoice} penalties={props.penalties} />
      ) : null}
    </EmailLayout>
  );
}

LegalHandoffEmail.subject = (props: LegalHandoffMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.legal_handoff(v);
};
LegalHandoffEmail.PreviewProps = sampleMessage('legal_handoff');

// The preview server loads each file's default export.
export default LegalHandoffEmail;
