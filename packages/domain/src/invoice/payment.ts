import { DomainError } from '../errors';
import { parseMoney } from '../money';

export interface PaymentIssue {
  path: string[];
  message: string;
}

/**
 * What makes a reported payment unusable before anything is written (SPEC §3.2): a currency other
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
