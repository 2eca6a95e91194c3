import { describe, expect, it } from 'vitest';
import { paymentIssues } from './payment';

describe('paymentIssues', () => {
  it('accepts an amount in the invoice currency with at most its minor digits', () => {
    expect(paymentIssues({ amount: '500.00' }, 'EUR')).toEqual([]);
    expect(paymentIssues({ amount: '500', currency: 'JPY' }, 'JPY')).toEqual([]);
    expect(paymentIssues({ amount: '1.234' }, 'KWD')).toEqual([]);
  });

  it('accepts an amount above any balance: overpayment is for the case to record, not refused', () => {
    expect(paymentIssues({ amount: '999999999.99', currency: 'EUR' }, 'EUR')).toEqual([]);
  });

  it('refuses zero, and more decimals than the invoice currency has (EUR 2, JPY 0)', () => {
    expect(paymentIssues({ amount: '0.00' }, 'EUR')).toEqual([
      { path: ['amount'], message: 'must be greater than zero' },
    ]);
    expect(paymentIssues({ amount: '10.001' }, 'EUR')[0]).toMatchObject({
      path: ['amount'],
      message: 'EUR amounts have at most 2 decimals',
    });
    expect(paymentIssues({ amount: '10.5' }, 'JPY')[0]).toMatchObject({
      path: ['amount'],
      message: 'JPY amounts have at most 0 decimals',
    });
  });

  it('refuses another currency than the invoice one, naming the currency only', () => {
    expect(paymentIssues({ amount: '10.001', currency: 'USD' }, 'EUR')).toEqual([
      { path: ['currency'], message: 'must be the invoice currency EUR' },
    ]);
  });
});
