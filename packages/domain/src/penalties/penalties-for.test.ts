import { describe, expect, it } from 'vitest';
import { sampleClient, sampleInvoice } from '../testing';
import { computePenalties } from './penalties';
import { casePenaltyInput, penaltiesFor, recordPenaltyFacts, type CasePenalties } from './penalties-for';
import { DEFAULT_RATE_TABLES } from './rates';

const tables = DEFAULT_RATE_TABLES;
const consumerCase = (facts: CasePenalties['facts']): CasePenalties => ({
  invoice: sampleInvoice({ dueDate: '2025-05-15', client: sampleClient({ type: 'consumer' }) }),
  tenantJurisdiction: 'FR',
  facts,
  asOf: '2025-07-20',
  tables,
});

describe('casePenaltyInput', () => {
  it('takes the principal from the facts and the rest from the invoice as registered', () => {
    const invoice = sampleInvoice({ currency: 'GBP', penalties: { ratePercent: '12.00' } });
    expect(
      casePenaltyInput({
        invoice,
        tenantJurisdiction: 'GB',
        facts: { balanceMinor: 50_000, formalNoticeDate: '2026-11-20' },
        asOf: '2026-12-01',
        tables,
      }),
    ).toEqual({
      principal: { currency: 'GBP', minor: 50_000 },
      dueDate: invoice.dueDate,
      asOf: '2026-12-01',
      jurisdiction: 'GB',
      clientType: 'business',
      contractualRatePercent: '12.00',
      formalNoticeDate: '2026-11-20',
      tables,
    });
  });

  it("uses the invoice's own jurisdiction over the tenant's", () => {
    const input = casePenaltyInput({
      invoice: sampleInvoice({ jurisdiction: 'EU' }),
      tenantJurisdiction: 'FR',
      facts: { balanceMinor: 1 },
      asOf: '2026-12-01',
      tables,
    });
    expect(input.jurisdiction).toBe('EU');
  });
});

describe('penaltiesFor', () => {
  it('is computePenalties on the case input: a consumer owes nothing before the notice, interest after it', () => {
    const before = penaltiesFor(consumerCase({ balanceMinor: 150_000 }));
    expect(before).toEqual(computePenalties(casePenaltyInput(consumerCase({ balanceMinor: 150_000 }))));
    expect(before.total).toBe('0.00');
    // As in the FR consumer example of penalties.test.ts: 10 days at 3.71 %, 20 at 2.76 %.
    const after = penaltiesFor(consumerCase({ balanceMinor: 150_000, formalNoticeDate: '2025-06-20' }));
    expect(after.total).toBe('3.79');
  });
});

describe('recordPenaltyFacts', () => {
  it("reads the balance in the invoice currency and the notice's date from the record", () => {
    expect(
      recordPenaltyFacts(
        { balance: '950.50', formalNotice: { sentOn: '2026-11-20', deadline: '2026-11-28' } },
        'EUR',
      ),
    ).toEqual({ balanceMinor: 95_050, formalNoticeDate: '2026-11-20' });
    expect(recordPenaltyFacts({ balance: '1200' }, 'JPY')).toEqual({ balanceMinor: 1200 });
  });
});
