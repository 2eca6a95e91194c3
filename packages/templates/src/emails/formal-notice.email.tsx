import { PenaltyBlock, totalDue } from '../components/blocks';
import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import type { FormalNoticeMessage } from '../types';

/** Covers the mise en demeure letter (PDF attached by the worker): sum, deadline, consequences. */
export function FormalNoticeEmail(props: FormalNoticeMessage) {
  const ctx = contextOf(props);
  const { m, f, v } = ctx;
  const due = f.money(totalDue(props.invoice, props.penalties));
  const x = {
    deadline: f.date(props.deadline),
    sentOn: f.date(props.sentOn),
    ...(props.registeredLetter
      ? { letter: { ...props.registeredLetter, postedOn: f.date(props.registeredLetter.postedOn) } }
      : {}),
    totalDue: due,
    jurisdiction: props.jurisdiction ?? 'FR',
  };
  return (
    <ClientEmail message={props} ctx={ctx} amount={due} {...texts(m.formal_notice, v, x)}>
      <PenaltyBlock ctx={ctx} invoice={props.invoice} penalties={props.penalties} />
    </ClientEmail>
  );
}

FormalNoticeEmail.subject = (props: FormalNoticeMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.formal_notice(v);
};
FormalNoticeEmail.PreviewProps = sampleMessage('formal_notice');

// The preview server loads each file's default export.
export default FormalNoticeEmail;
