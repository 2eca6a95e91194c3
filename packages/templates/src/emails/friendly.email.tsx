import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import type { ReminderMessage } from '../types';

/** Just after the due date: assumes an oversight ("ne semble pas nous être parvenu"). */
export function FriendlyEmail(props: ReminderMessage) {
  const ctx = contextOf(props);
  return (
    <ClientEmail
      message={props}
      ctx={ctx}
      alsoOutstanding={props.alsoOutstanding}
      {...texts(ctx.m.friendly, ctx.v, {})}
    />
  );
}

FriendlyEmail.subject = (props: ReminderMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.friendly(v);
};
FriendlyEmail.PreviewProps = sampleMessage('friendly');

// The preview server loads each file's default export.
export default FriendlyEmail;
