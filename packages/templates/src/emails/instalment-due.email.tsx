import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import type { InstalmentDueMessage } from '../types';

/** Before each instalment of an agreed payment plan: asks for the instalment, not the balance. */
export function InstalmentDueEmail(props: InstalmentDueMessage) {
  const ctx = contextOf(props);
  const { index, count } = props.instalment;
  const amount = ctx.f.money(props.instalment.amount);
  const x = { index, count, amount, dueDate: ctx.f.date(props.instalment.dueDate) };
  return <ClientEmail message={props} ctx={ctx} amount={amount} {...texts(ctx.m.instalment_due, ctx.v, x)} />;
}

InstalmentDueEmail.subject = (props: InstalmentDueMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.instalment_due(v, props.instalment);
};
InstalmentDueEmail.PreviewProps = sampleMessage('instalment_due');

// The preview server loads each file's default export.
export default InstalmentDueEmail;
