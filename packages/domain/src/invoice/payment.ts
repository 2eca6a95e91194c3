import { DomainError } from '../errors';
import { parseMoney } from '../money';

export interface PaymentIssue {
  path: string[];
  message: string;
}

/**
 * What makes a reported payment unusable before anything is written (docs/architecture.md "What a case reacts to"): a currency other
 * than the invoice's, an amount of zero, or more decimals than the invoice currency has. An amount
 * above the balance is not an error: the case records the surplus.
 */
export function paymentIssues(
  payment: { amount: string; currency?: string },
  invoiceCurrency: string,
): PaymentIssue[] {
  if (payment.currency !== undefined && payment.currency !== invoiceCurrency)
    return [{ path: ['currency'], message: `must be the invoice currency ${invoiceCurrency}` }];
  try {
    if (parseMoney(payment.amount, invoiceCurrency).minor <= 0)
      return [{ path: ['amount'], message: 'must be greater than zero' }];
  } catch (err) {
    if (err instanceof DomainError) return [{ path: ['amount'], message: err.message }];
    throw err;
  }
  return [];
}

/** The money of a case, in minor units of the invoice currency. */
export interface CaseAmounts {
  paidMinor: number;
  balanceMinor: number;
  /** Received beyond the balance, for the creditor to refund or apply. */
  overpaidMinor?: number;
}

/**
 * A payment applied to a case's amounts. More than the balance (the client added the indemnity,
 * the penalties, or paid twice) pays the case and records the surplus.
 */
export function applyPayment(
  amounts: CaseAmounts,
  amountMinor: number,
): CaseAmounts & { surplusMinor: number; fullyPaid: boolean } {
  const surplusMinor = Math.max(0, amountMinor - amounts.balanceMinor);
  const balanceMinor = Math.max(0, amounts.balanceMinor - amountMinor);
  return {
    paidMinor: amounts.paidMinor + amountMinor,
    balanceMinor,
    ...(surplusMinor > 0 || amounts.overpaidMinor !== undefined
      ? { overpaidMinor: (amounts.overpaidMinor ?? 0) + surplusMinor }
      : {}),
    surplusMinor,
    fullyPaid: balanceMinor === 0,
  };
}
