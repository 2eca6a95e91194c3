import * as wf from '@temporalio/workflow';
import { isOverdue, parseMoney } from '@relance/domain';
import type { CaseState, CreditNoteInput, DueDateInput, LetterInput } from '../../contract';
import { creditNoteUpdate, dueDateUpdate, letterUpdate } from '../../contract';
import { SA } from '../../search-attributes';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { timeline } from '../effects/timeline';
import { keptLetter, validateCreditNote, validateDueDate, validateLetter } from '../validators';

/**
 * Amendments from the billing system (docs/architecture.md "Amendments"): a credit note, a new due
 * date, a registered letter the creditor posted. Each is an Update answering the new state.
 */
export function handleAmendments(c: Case): void {
  const { s, input } = c;
  wf.setHandler(creditNoteUpdate, (n) => onCreditNote(c, n), {
    validator: (n) => validateCreditNote(n, input, s),
  });
  wf.setHandler(dueDateUpdate, (d) => onDueDate(c, d), { validator: (d) => validateDueDate(d, s) });
  wf.setHandler(letterUpdate, (l) => onLetter(c, l), { validator: (l) => validateLetter(l, s) });
}

/**
 * An avoir reduces the balance, never the paid amount; one covering the whole balance cancels the
 * invoice (the loop ends, nothing more is sent). Interest then runs on the reduced balance.
 */
async function onCreditNote(c: Case, n: CreditNoteInput): Promise<CaseState> {
  const { s } = c;
  if (s.creditNotes?.some((k) => k.id === n.id)) return c.projection.view();
  const amountMinor = parseMoney(n.amount, c.input.currency).minor;
  const kept = {
    id: n.id,
    amount: c.format(amountMinor),
    issuedOn: n.issuedOn,
    ...(n.reason ? { reason: n.reason } : {}),
  };
  s.creditNotes = [...(s.creditNotes ?? []), kept];
  s.creditedMinor = (s.creditedMinor ?? 0) + amountMinor;
  s.balanceMinor -= amountMinor;
  // A plan's instalments are covered in order by what is no longer owed, paid or credited.
  if (s.plan) s.plan.paidMinor += amountMinor;
  const full = s.balanceMinor === 0;
  c.apply({ type: 'credit_note', fullyCredited: full });
  await timeline(c, `credit_note:${n.id}`, 'credit_note_recorded', {
    creditNoteId: n.id,
    amount: kept.amount,
    issuedOn: n.issuedOn,
    ...(n.reason ? { reason: n.reason } : {}),
    balance: c.format(s.balanceMinor),
    ...(full ? { closes: true } : {}),
  });
  if (full) {
    const reason = `credit note ${n.id} covers the balance`;
    s.finishedReason = reason;
    await timeline(c, `cancelled:credit_note:${n.id}`, 'cancelled', { reason, creditNoteId: n.id });
  }
  await c.projection.sync();
  return c.projection.view();
}

/** The schedule is planned again from the new date by the loop (spacing kept, steps sent stay sent). */
async function onDueDate(c: Case, d: DueDateInput): Promise<CaseState> {
  const from = c.dueDate;
  if (d.dueDate === from) return c.projection.view();
  c.s.dueDate = d.dueDate;
  c.apply({ type: 'due_date_changed', overdue: isOverdue(d.dueDate, c.tz, nowIso()) });
  wf.upsertSearchAttributes([{ key: SA.dueDate, value: new Date(`${d.dueDate}T00:00:00Z`) }]);
  await timeline(c, `due_date:${c.nextSeq()}`, 'due_date_changed', { from, to: d.dueDate });
  await c.projection.sync();
  return c.projection.view();
}

/** Kept on the record: a formal notice rendered after it may say it went by registered mail too. */
async function onLetter(c: Case, l: LetterInput): Promise<CaseState> {
  const { s } = c;
  const letter = { postedOn: l.postedOn, ...(l.trackingNumber ? { trackingNumber: l.trackingNumber } : {}) };
  const id = `${l.postedOn}:${l.trackingNumber ?? ''}`;
  let kept = keptLetter(s, l);
  if (!kept) {
    kept = { ...letter };
    s.letters = [...(s.letters ?? []), kept];
    await timeline(c, `letter_posted:${id}`, 'letter_posted', letter);
  }
  if (l.receivedOn && !kept.receivedOn) {
    kept.receivedOn = l.receivedOn;
    await timeline(c, `letter_received:${id}`, 'letter_received', { ...letter, receivedOn: l.receivedOn });
  }
  await c.projection.sync();
  return c.projection.view();
}
