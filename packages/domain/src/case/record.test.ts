import { describe, expect, it } from 'vitest';
import { sampleInvoice } from '../testing';
import { openingRecord } from './record';

describe('openingRecord', () => {
  it('is a pending case with no step run, what was already paid and what is due as registered', () => {
    expect(openingRecord(sampleInvoice({ total: '1200.00', amountDue: '900.50' }))).toEqual({
      status: 'pending',
      stage: 'none',
      paid: '299.50',
      balance: '900.50',
      nextAction: null,
    });
  });

  it('counts in the minor units of the currency', () => {
    expect(openingRecord(sampleInvoice({ currency: 'JPY', total: '5000', amountDue: '5000' }))).toMatchObject(
      {
        paid: '0',
        balance: '5000',
      },
    );
  });
});
