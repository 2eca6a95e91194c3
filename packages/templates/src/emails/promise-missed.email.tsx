import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import type { PromiseMissedMessage } from '../types';

/** The promised date passed without payment: asks for a new date, escalation resumes after. */
export function PromiseMissedEmail(props: PromiseMissedMessage) {
  const ctx = contextOf(props);
  return (
    <ClientEmail
      message={props}
      ctx={ctx}
      {...texts(ctx.m.promise_missed, ctx.v, { promisedDate: ctx.f.date(props.promisedDate) })}
    />
  );
}

PromiseMissedEmail.subject = (props: PromiseMissedMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.promise_missed(v);
};
PromiseMissedEmail.PreviewProps = sampleMessage('promise_missed');

// The preview server loads each file's default export.
export default PromiseMissedEmail;
