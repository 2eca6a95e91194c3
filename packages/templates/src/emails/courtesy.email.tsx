import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import type { ReminderMessage } from '../types';

/** A few days before the due date: a courteous heads-up, no pressure. */
export function CourtesyEmail(props: ReminderMessage) {
  const ctx = contextOf(props);
  return (
    <ClientEmail
      message={props}
      ctx={ctx}
      alsoOutstanding={props.alsoOutstanding}
      {...texts(ctx.m.courtesy, ctx.v, {})}
    />
  );
}

CourtesyEmail.subject = (props: ReminderMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.courtesy(v);
};
CourtesyEmail.PreviewProps = sampleMessage('courtesy');

// The preview server loads each file's default export.
export default CourtesyEmail;
