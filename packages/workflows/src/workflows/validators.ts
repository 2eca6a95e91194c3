import { ApplicationFailure } from '@temporalio/workflow';
import {
  allows,
  DomainError,
  IllegalTransitionError,
  isTerminal,
  localDate,
  parseMoney,
  paymentIssues,
  toDecimal,
  type CaseEventType,
  type CreditNote,
  type RegisteredLetter,
} from '@relance/domain';
import { INVALID_TRANSITION, VALIDATION_FAILED } from '../contract';
import { CALL_OUTCOMES } from '../contract';
import type {
  CallOutcomeInput,
  CarriedState,
  CreditNoteInput,
  DueDateInput,
  DunningCaseInput,
  HandoffDecisionInput,
  LetterInput,
  PaymentInput,
  PaymentPlanInput,
  PromiseInput,
} from '../contract';
import { nowIso } from './clock';

type Issue = { path: (string | number)[]; message: string };

function reject(issues: Issue[]): never {
  throw ApplicationFailure.create({
    type: VALIDATION_FAILED,
    message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    details: [issues],
    nonRetryable: true,
  });
}

function amountIssue(
  path: (string | number)[],
  amount: string,
  currency: string,
): { minor?: number; issue?: Issue } {
  try {
    const minor = parseMoney(amount, currency).minor;
    return minor > 0 ? { minor } : { issue: { path, message: 'must be greater than zero' } };
  } catch (err) {
    return { issue: { path, message: err instanceof DomainError ? err.message : String(err) } };
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws an `InvalidTransition` failure when the event makes no sense in the case's status. */
export function assertCan(s: CarriedState, type: CaseEventType): void {
  if (allows(s.status, type)) return;
  const { message } = new IllegalTransitionError(s.status, type);
  throw ApplicationFailure.create({ type: INVALID_TRANSITION, message, nonRetryable: true });
}

export function validatePayment(p: PaymentInput, input: DunningCaseInput, s: CarriedState): void {
  if (s.seen.includes(`payment:${p.id}`)) return; // a replay of an applied payment answers with the state
  const issues: Issue[] = [];
  if (!p.id) issues.push({ path: ['id'], message: 'required' });
  // The API's own check (currency, amount); more than the balance is accepted: the surplus is recorded.
  issues.push(...paymentIssues(p, input.currency));
  if (Number.isNaN(Date.parse(p.paidAt)))
    issues.push({ path: ['paidAt'], message: 'must be an ISO-8601 date-time' });
  if (issues.length) reject(issues);
  assertCan(s, 'payment');
}

/** `field`: the date's name in the request (`date`, or a call's `promiseDate`). */
export function validatePromise(
  p: PromiseInput,
  input: DunningCaseInput,
  s: CarriedState,
  field = 'date',
): void {
  const today = localDate(nowIso(), input.client.timezone);
  if (!DATE.test(p.date ?? '')) reject([{ path: [field], message: 'must be a date YYYY-MM-DD' }]);
  if (p.date < today) reject([{ path: [field], message: `must not be in the past (today is ${today})` }]);
  assertCan(s, 'promise');
}

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: INVALID_TRANSITION, message, nonRetryable: true });
}

/** A hand-off decision: well formed, and the case waits for one (else `InvalidTransition`, 409). */
export function validateHandoffDecision(d: HandoffDecisionInput, s: CarriedState): void {
  const issues: Issue[] = [];
  if (typeof d?.approve !== 'boolean') issues.push({ path: ['approve'], message: 'must be true or false' });
  if (d?.reason !== undefined && (typeof d.reason !== 'string' || d.reason.trim() === ''))
    issues.push({ path: ['reason'], message: 'must be a non-empty text' });
  if (d?.keepChasing !== undefined && typeof d.keepChasing !== 'boolean')
    issues.push({ path: ['keepChasing'], message: 'must be true or false' });
  else if (d?.approve === true && d.keepChasing !== undefined)
    issues.push({ path: ['keepChasing'], message: 'only when declining (approve: false)' });
  if (issues.length) reject(issues);
  const asked = s.handoffApproval;
  if (!asked || asked.approved || s.status !== 'overdue') {
    refuse(`the case is not waiting for a hand-off approval (status ${s.status})`);
  }
}

/** A call's outcome: a known one; `promised` with a valid promise date, `disputed` where a dispute may be. */
export function validateCallOutcome(o: CallOutcomeInput, input: DunningCaseInput, s: CarriedState): void {
  if (!(CALL_OUTCOMES as readonly string[]).includes(o?.outcome))
    reject([{ path: ['outcome'], message: `must be one of: ${CALL_OUTCOMES.join(', ')}` }]);
  if (o.outcome === 'promised') {
    if (o.promiseDate === undefined)
      reject([{ path: ['promiseDate'], message: 'required when outcome is promised' }]);
    validatePromise({ date: o.promiseDate, note: o.note }, input, s, 'promiseDate');
    return;
  }
  if (o.promiseDate !== undefined)
    reject([{ path: ['promiseDate'], message: 'only when outcome is promised' }]);
  if (o.outcome === 'disputed') assertCan(s, 'dispute');
  else if (isTerminal(s.status)) refuse(`the case is closed (${s.status})`);
}

export function validatePlan(p: PaymentPlanInput, input: DunningCaseInput, s: CarriedState): void {
  const issues: Issue[] = [];
  const today = localDate(nowIso(), input.client.timezone);
  if (!Array.isArray(p.instalments) || p.instalments.length === 0) {
    reject([{ path: ['instalments'], message: 'at least one instalment is required' }]);
  }
  let sum = 0;
  let previous = '';
  p.instalments.forEach((inst, i) => {
    if (!DATE.test(inst.dueDate ?? ''))
      issues.push({ path: ['instalments', i, 'dueDate'], message: 'must be a date YYYY-MM-DD' });
    else if (inst.dueDate < today)
      issues.push({ path: ['instalments', i, 'dueDate'], message: 'must not be in the past' });
    else if (inst.dueDate <= previous)
      issues.push({ path: ['instalments', i, 'dueDate'], message: 'dates must increase' });
    previous = inst.dueDate ?? previous;
    const { minor, issue } = amountIssue(['instalments', i, 'amount'], inst.amount, input.currency);
    if (issue) issues.push(issue);
    sum += minor ?? 0;
  });
  if (issues.length === 0 && sum !== s.balanceMinor) {
    const balance = toDecimal({ currency: input.currency, minor: s.balanceMinor });
    issues.push({ path: ['instalments'], message: `instalments must sum to the balance ${balance}` });
  }
  if (issues.length) reject(issues);
  assertCan(s, 'plan_agreed');
}

function conflict(message: string): never {
  throw ApplicationFailure.create({ type: INVALID_TRANSITION, message, nonRetryable: true });
}

/** The credit note as the case keeps it: the same one again is the same answer, another body a 409. */
export function sameCreditNote(kept: CreditNote, n: CreditNoteInput, currency: string): boolean {
  return (
    parseMoney(kept.amount, currency).minor === parseMoney(n.amount, currency).minor &&
    kept.issuedOn === n.issuedOn &&
    (kept.reason ?? '') === (n.reason ?? '')
  );
}

/** Like a payment (currency, amount), but never above the balance: an avoir cannot exceed what is owed. */
export function validateCreditNote(n: CreditNoteInput, input: DunningCaseInput, s: CarriedState): void {
  const issues: Issue[] = [];
  if (!n.id) issues.push({ path: ['id'], message: 'required' });
  issues.push(...paymentIssues(n, input.currency));
  if (!DATE.test(n.issuedOn ?? '') || Number.isNaN(Date.parse(n.issuedOn)))
    issues.push({ path: ['issuedOn'], message: 'must be a date YYYY-MM-DD' });
  if (issues.length) reject(issues);
  const kept = s.creditNotes?.find((k) => k.id === n.id);
  if (kept) {
    if (sameCreditNote(kept, n, input.currency)) return; // a replay answers with the state
    conflict(`credit note ${n.id} was already recorded with another amount, date or reason`);
  }
  assertCan(s, 'credit_note');
  const minor = parseMoney(n.amount, input.currency).minor;
  if (minor > s.balanceMinor) {
    const balance = toDecimal({ currency: input.currency, minor: s.balanceMinor });
    reject([{ path: ['amount'], message: `must not exceed the balance ${balance}` }]);
  }
}

/** A real date; the API also checks it against the issue date, which the case does not carry. */
export function validateDueDate(d: DueDateInput, s: CarriedState): void {
  if (!DATE.test(d.dueDate ?? '') || Number.isNaN(Date.parse(d.dueDate)))
    reject([{ path: ['dueDate'], message: 'must be a date YYYY-MM-DD' }]);
  assertCan(s, 'due_date_changed');
}

export function validateLetter(l: LetterInput, s: CarriedState): void {
  const issues: Issue[] = [];
  if (!DATE.test(l.postedOn ?? '') || Number.isNaN(Date.parse(l.postedOn)))
    issues.push({ path: ['postedOn'], message: 'must be a date YYYY-MM-DD' });
  if (l.receivedOn !== undefined && (!DATE.test(l.receivedOn) || Number.isNaN(Date.parse(l.receivedOn))))
    issues.push({ path: ['receivedOn'], message: 'must be a date YYYY-MM-DD' });
  else if (l.receivedOn !== undefined && l.receivedOn < l.postedOn)
    issues.push({ path: ['receivedOn'], message: 'must not be before postedOn' });
  if (issues.length) reject(issues);
  if (isTerminal(s.status)) conflict(`a ${s.status} case takes no letter`);
  const kept = keptLetter(s, l);
  if (kept?.receivedOn && l.receivedOn && kept.receivedOn !== l.receivedOn)
    conflict(`the letter posted on ${l.postedOn} was already recorded as received on ${kept.receivedOn}`);
}

/** A letter is known by its posting date and tracking number. */
export function keptLetter(s: CarriedState, l: LetterInput): RegisteredLetter | undefined {
  return s.letters?.find(
    (k) => k.postedOn === l.postedOn && (k.trackingNumber ?? '') === (l.trackingNumber ?? ''),
  );
}
