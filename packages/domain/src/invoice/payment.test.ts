import { describe, expect, it } from 'vitest';
import { applyPayment, paymentIssues } from './payment';

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

describe('applyPayment', () => {
  it('lowers the balance by a partial payment', () => {
    expect(applyPayment({ paidMinor: 0, balanceMinor: 120_000 }, 20_000)).toEqual({
      paidMinor: 20_000,
      balanceMinor: 100_000,
      surplusMinor: 0,
      fullyPaid: false,
    });
  });

  it('pays the case with exactly the balance, with no surplus', () => {
    const r = applyPayment({ paidMinor: 20_000, balanceMinor: 100_000 }, 100_000);
    expect(r).toMatchObject({ paidMinor: 120_000, balanceMinor: 0, surplusMinor: 0, fullyPaid: true });
    expect(r.overpaidMinor).toBeUndefined();
  });

  it('records one minor unit above the balance as surplus, added to an earlier one', () => {
    expect(applyPayment({ paidMinor: 0, balanceMinor: 100, overpaidMinor: 5 }, 101)).toEqual({
      paidMinor: 101,
      balanceMinor: 0,
      overpaidMinor: 6,
      surplusMinor: 1,
      fullyPaid: true,
    });
  });
});
