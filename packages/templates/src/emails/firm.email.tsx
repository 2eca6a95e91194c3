import { PenaltyBlock } from '../components/blocks';
import { ClientEmail } from '../components/client-email';
import { contextOf, texts } from '../context';
import { sampleMessage } from '../fixtures';
import { nextDay } from '../format';
import type { ReminderMessage } from '../types';

/** A week late: states that late fees apply by law, and from which date. */
export function FirmEmail(props: ReminderMessage) {
  const ctx = contextOf(props);
  const { m, f, v } = ctx;
  const lateFees = m.lateFees({
    jurisdiction: props.jurisdiction ?? 'FR',
    clientType: props.clientType ?? 'business',
    from: f.date(props.lateFeesFrom ?? nextDay(props.invoice.dueDate)),
    fixedFee: props.penalties ? f.money(props.penalties.fixedFee) : undefined,
  });
  return (
    <ClientEmail
      message={props}
      ctx={ctx}
      alsoOutstanding={props.alsoOutstanding}
      {...texts(m.firm, v, { lateFees })}
    >
      {props.penalties ? (
        <PenaltyBlock ctx={ctx} invoice={props.invoice} penalties={props.penalties} />
      ) : null}
    </ClientEmail>
  );
}

FirmEmail.subject = (props: ReminderMessage): string => {
  const { m, v } = contextOf(props);
  return m.subject.firm(v);
};
FirmEmail.PreviewProps = sampleMessage('firm');

// The preview server loads each file's default export.
export default FirmEmail;
