import { PenaltyBlock } from '../components/blocks';
import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import type { ReminderMessage } from '../types';

/** Last amicable reminder: announces the formal notice and its date, still offers to talk. */
export function UrgentEmail(props: ReminderMessage) {
  const ctx = contextOf(props);
  const { m, f, v } = ctx;
  const formalNoticeOn = props.formalNoticeOn ? f.date(props.formalNoticeOn) : undefined;
  return (
    <ClientEmail
      message={props}
      ctx={ctx}
      alsoOutstanding={props.alsoOutstanding}
      {...texts(m.urgent, v, { formalNoticeOn })}
    >
      {props.penalties ? (
        <PenaltyBlock ctx={ctx} invoice={props.invoice} penalties={props.penalties} />
      ) : null}
    </ClientEmail>
  );
}

UrgentEmail.subject = (props: ReminderMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.urgent(v);
};
UrgentEmail.PreviewProps = sampleMessage('urgent');

// The preview server loads each file's default export.
export default UrgentEmail;
