import { DomainError } from '../errors';

/** An open case of the client a payment may go to, as the projection shows it. */
export interface AllocationTarget {
  /** The caller's key for the case (its externalId). */
  key: string;
  /** The invoice number and the billing system's id: a payment reference may name either. */
  number: string;
  externalId: string;
  dueDate: string;
  /** Minor units of the payment currency; a case with nothing left takes nothing (but a surplus). */
  balanceMinor: number;
}

/** One case's part of a payment; `surplusMinor` is included in `amountMinor` (the overpayment rule). */
export interface AllocationPart {
  key: string;
  amountMinor: number;
  /** Beyond the case's balance: only the last case in the order, once every balance is covered. */
  surplusMinor: number;
}

const ALNUM = /[\p{L}\p{N}]/u;

/**
 * Whether the payment reference names this invoice: its number or externalId appears in it as a
 * whole token (case-insensitive; not inside a longer id, so "F-1" is not named by "F-10").
 */
export function referenceNames(
  reference: string | undefined,
  target: Pick<AllocationTarget, 'number' | 'externalId'>,
): boolean {
  if (!reference) return false;
  const haystack = reference.toLowerCase();
  return [target.number, target.externalId].some(
    (id) => id.length > 0 && containsToken(haystack, id.toLowerCase()),
  );
}

function containsToken(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if ((before === undefined || !ALNUM.test(before)) && (after === undefined || !ALNUM.test(after)))
      return true;
  }
  return false;
}

/**
 * The order a client payment pays the client's invoices in (docs/architecture.md "Client
 * accounts"): the invoices its reference names first, then oldest due date first; ties keep the
 * caller's order (the service passes the oldest registered first).
 */
export function allocationOrder<T extends AllocationTarget>(targets: readonly T[], reference?: string): T[] {
  return targets
    .map((target, index) => ({ target, index, named: referenceNames(reference, target) }))
    .sort(
      (a, b) =>
        Number(b.named) - Number(a.named) ||
        (a.target.dueDate < b.target.dueDate ? -1 : a.target.dueDate > b.target.dueDate ? 1 : 0) ||
        a.index - b.index,
    )
    .map((t) => t.target);
}

/**
 * Splits a payment naming a client (no invoice) across the client's open cases, in
 * `allocationOrder`: each case up to its balance, until the amount is used. What remains once every
 * balance is covered goes to the last case in the order, which records it as overpaid (3.2: a
 * surplus is recorded and alerted, never dropped). Parts of zero are left out; the parts always sum
 * to the amount.
 */
export function allocatePayment(
  amountMinor: number,
  targets: readonly AllocationTarget[],
  reference?: string,
): AllocationPart[] {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    throw new DomainError('invalid_amount', 'a payment must be a positive amount', ['amount']);
  if (targets.length === 0)
    throw new DomainError('no_open_case', 'the client has no open invoice to allocate the payment to');
  const ordered = allocationOrder(targets, reference);
  const parts: AllocationPart[] = [];
  let left = amountMinor;
  for (const target of ordered) {
    if (left === 0) break;
    const part = Math.min(left, Math.max(0, target.balanceMinor));
    if (part > 0) parts.push({ key: target.key, amountMinor: part, surplusMinor: 0 });
    left -= part;
  }
  if (left > 0) {
    const last = ordered.at(-1)!;
    const mine = parts.find((p) => p.key === last.key);
    if (mine) {
      mine.amountMinor += left;
      mine.surplusMinor = left;
    } else parts.push({ key: last.key, amountMinor: left, surplusMinor: left });
  }
  return parts;
}
