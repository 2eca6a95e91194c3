import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../errors';
import { parseMoney } from '../money';
import { computePenalties } from './penalties';
import { withOperatorFigures } from './operator-figures';
import { DEFAULT_RATE_TABLES, RateUnknownError } from './rates';
import type { PenaltyInput } from './types';

// Interest per period = principal (minor) × rate (bp) × days / (100 × 100 × 365), half-up.

const frBusiness = (principal: string, dueDate: string, asOf: string, extra: Partial<PenaltyInput> = {}) =>
  computePenalties({
    principal: parseMoney(principal, 'EUR'),
    dueDate,
    asOf,
    jurisdiction: 'FR',
    clientType: 'business',
    ...extra,
  });

const gb = (principal: string, dueDate: string, asOf: string, extra: Partial<PenaltyInput> = {}) =>
  computePenalties({
    principal: parseMoney(principal, 'GBP'),
    dueDate,
    asOf,
    jurisdiction: 'GB',
    clientType: 'business',
    ...extra,
  });

describe('computePenalties — FR business (L441-10)', () => {
  it('matches the worked example of docs/penalties.md: 2 400.00 € due 2024-12-20, as of 2025-01-19 → 26.74 + 40.00 = 66.74', () => {
    // H2 2024: 2024-12-21..31 = 11 days at 4.25 + 10 = 14.25 %: 240000 × 1425 × 11 / 3 650 000 = 1030.68 → 10.31
    // H1 2025: 2025-01-01..19 = 19 days at 3.15 + 10 = 13.15 %: 240000 × 1315 × 19 / 3 650 000 = 1642.85 → 16.43
    const r = frBusiness('2400.00', '2024-12-20', '2025-01-19');
    expect(
      r.periods.map((p) => [
        p.from,
        p.to,
        p.days,
        p.ratePercent,
        p.referenceRatePercent,
        p.referenceDate,
        p.interest,
      ]),
    ).toEqual([
      ['2024-12-21', '2024-12-31', 11, '14.25', '4.25', '2024-07-01', '10.31'],
      ['2025-01-01', '2025-01-19', 19, '13.15', '3.15', '2025-01-01', '16.43'],
    ]);
    expect([r.interest, r.fixedFee, r.total, r.totalMinor]).toEqual(['26.74', '40.00', '66.74', 6674]);
    expect(r.periods.every((p) => p.basis === 'ecb_plus_10')).toBe(true);
  });
  it('uses 12.15 % through H1 2026 (ECB 2.15 on 1 January)', () => {
    // 2026-02-01..2026-03-02 = 30 days: 100000 × 1215 × 30 / 3 650 000 = 998.63 → 9.99
    const r = frBusiness('1000.00', '2026-01-31', '2026-03-02');
    expect(r.periods).toHaveLength(1);
    expect([r.periods[0]?.days, r.periods[0]?.ratePercent, r.interest, r.total]).toEqual([
      30,
      '12.15',
      '9.99',
      '49.99',
    ]);
  });
  it('keeps the 1 July rate for all of H2 even after an ECB cut inside it (3.15 % from 2024-12-18)', () => {
    // 2024-12-19..28 = 10 days still at 4.25 + 10 = 14.25 %: 100000 × 1425 × 10 / 3 650 000 = 390.41 → 3.90
    const r = frBusiness('1000.00', '2024-12-18', '2024-12-28');
    expect([r.periods[0]?.ratePercent, r.periods[0]?.referenceDate, r.interest]).toEqual([
      '14.25',
      '2024-07-01',
      '3.90',
    ]);
  });
  it('counts the day after the due date as day 1, and a leap day like any other day over 365', () => {
    expect(frBusiness('1000.00', '2024-12-20', '2024-12-21').periods[0]?.days).toBe(1);
    // 2024-02-29 and 2024-03-01 at 14.50 %: 100000 × 1450 × 2 / 3 650 000 = 79.45 → 0.79
    const r = frBusiness('1000.00', '2024-02-28', '2024-03-01');
    expect([r.periods[0]?.days, r.interest]).toEqual([2, '0.79']);
  });
  it('charges nothing on or before the due date, and the 40 € from day 1', () => {
    for (const asOf of ['2025-01-10', '2025-01-15']) {
      const r = frBusiness('1000.00', '2025-01-15', asOf);
      expect([r.periods, r.interest, r.fixedFee, r.total]).toEqual([[], '0.00', '0.00', '0.00']);
      expect(r.notes[0]).toMatch(/^Not late/);
    }
    expect(frBusiness('1000.00', '2025-01-15', '2025-01-16').fixedFee).toBe('40.00');
  });
  it('applies a contractual rate above the floor as agreed (12.00 % ≥ 3 × 2.62 = 7.86 % in H1 2026)', () => {
    // 2026-04-01..30 = 30 days: 500000 × 1200 × 30 / 3 650 000 = 4931.51 → 49.32
    const r = frBusiness('5000.00', '2026-03-31', '2026-04-30', { contractualRatePercent: '12.00' });
    expect(r.periods[0]).toMatchObject({
      days: 30,
      ratePercent: '12.00',
      basis: 'contractual',
      referenceRatePercent: '2.62',
    });
    expect([r.interest, r.total]).toEqual(['49.32', '89.32']);
  });
  it('raises a contractual rate below the floor to 3 × taux légal, and keeps one exactly at it', () => {
    // 5.00 % < 7.86 %: 500000 × 786 × 30 / 3 650 000 = 3230.14 → 32.30
    const low = frBusiness('5000.00', '2026-03-31', '2026-04-30', { contractualRatePercent: '5.00' });
    expect(low.periods[0]).toMatchObject({ ratePercent: '7.86', basis: 'legal_rate_floor' });
    expect(low.interest).toBe('32.30');
    expect(low.notes.join(' ')).toMatch(/H1 2026: contractual 5.00 % is below 3 × taux légal \(7.86 %\)/);
    const atFloor = frBusiness('5000.00', '2026-03-31', '2026-04-30', { contractualRatePercent: '7.86' });
    expect(atFloor.periods[0]).toMatchObject({ ratePercent: '7.86', basis: 'contractual' });
  });
  it('checks the floor half-year by half-year (12.00 % is below 14.76 % in H2 2024, above 11.13 % in H1 2025)', () => {
    // H2 2024: 2024-12-22..31 = 10 days at 3 × 4.92 = 14.76 %: 100000 × 1476 × 10 / 3 650 000 = 404.38 → 4.04
    // H1 2025: 2025-01-01..10 = 10 days at 12.00 %:            100000 × 1200 × 10 / 3 650 000 = 328.77 → 3.29
    const r = frBusiness('1000.00', '2024-12-21', '2025-01-10', { contractualRatePercent: '12.00' });
    expect(r.periods.map((p) => [p.days, p.ratePercent, p.basis, p.interest])).toEqual([
      [10, '14.76', 'legal_rate_floor', '4.04'],
      [10, '12.00', 'contractual', '3.29'],
    ]);
    expect([r.interest, r.total]).toEqual(['7.33', '47.33']);
  });
  it('computes H2 2026 provisionally with the last known ECB rate instead of refusing, and says so', () => {
    // 2026-06-16..30 = 15 days at 12.15 %: 100000 × 1215 × 15 / 3 650 000 = 499.32 → 4.99 (final)
    // 2026-07-01..10 = 10 days at 12.15 % (ECB 2.15 from 2025-06-11, provisional): 332.88 → 3.33
    const r = frBusiness('1000.00', '2026-06-15', '2026-07-10');
    expect(
      r.periods.map((p) => [p.from, p.to, p.ratePercent, p.interest, p.provisional, p.missingFigure?.id]),
    ).toEqual([
      ['2026-06-16', '2026-06-30', '12.15', '4.99', false, undefined],
      ['2026-07-01', '2026-07-10', '12.15', '3.33', true, 'ecb:2026-07-01'],
    ]);
    expect([r.interest, r.total, r.provisional]).toEqual(['8.32', '48.32', true]);
    expect(r.missingFigures).toEqual([r.periods[1]!.missingFigure]);
    expect(r.notes.join(' ')).toMatch(
      /Provisional: the ECB main refinancing rate on 2026-07-01 is not loaded yet.*2\.15 % from 2025-06-11.*subject to adjustment/,
    );
    const upToJune = frBusiness('1000.00', '2026-06-15', '2026-06-30');
    expect([upToJune.interest, upToJune.provisional, upToJune.missingFigures]).toEqual(['4.99', false, []]);
  });
  it('names each missing figure once, however many periods need it (ECB 1 July 2026 and 1 January 2027)', () => {
    const r = frBusiness('1000.00', '2026-05-31', '2027-02-15');
    expect(r.periods.map((p) => p.provisional)).toEqual([false, true, true]);
    expect(r.missingFigures.map((f) => f.id)).toEqual(['ecb:2026-07-01', 'ecb:2027-01-01']);
  });
  it('makes the contractual floor provisional when the H2 2026 taux légal is not loaded', () => {
    const r = frBusiness('1000.00', '2026-06-30', '2026-07-10', { contractualRatePercent: '5.00' });
    expect(r.periods[0]).toMatchObject({ ratePercent: '7.86', basis: 'legal_rate_floor', provisional: true });
    expect(r.missingFigures.map((f) => f.id)).toEqual(['fr-legal-other:2026-H2']);
    // Even a rate far above any floor depended on the missing figure to be checked.
    expect(
      frBusiness('1000.00', '2026-06-30', '2026-07-10', { contractualRatePercent: '30.00' }).provisional,
    ).toBe(true);
  });
  it('refuses a delay reaching back before the tables instead of charging zero', () => {
    expect(() => frBusiness('1000.00', '2023-01-10', '2023-02-10')).toThrow(/starts on 2023-06-21/);
    expect(() => frBusiness('1000.00', '2023-01-10', '2023-02-10')).toThrow(RateUnknownError);
  });
  it('computes H2 2026 as final once an operator adds the 1 July figure, and at the new rate', () => {
    const tables = withOperatorFigures(DEFAULT_RATE_TABLES, [
      { table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.40' },
    ]);
    // 2026-07-01..10 = 10 days at 12.40 %: 100000 × 1240 × 10 / 3 650 000 = 339.73 → 3.40
    const r = frBusiness('1000.00', '2026-06-30', '2026-07-10', { tables });
    expect([r.interest, r.provisional, r.missingFigures, r.periods[0]?.provisional]).toEqual([
      '3.40',
      false,
      [],
      false,
    ]);
    expect(r.notes.join(' ')).not.toMatch(/Provisional/);
  });
  it('refuses a non-EUR invoice, whose 40 € indemnity cannot be expressed without an exchange rate', () => {
    const usd = {
      principal: parseMoney('100.00', 'USD'),
      jurisdiction: 'FR',
      clientType: 'business',
    } as const;
    expect(() => computePenalties({ ...usd, dueDate: '2025-01-01', asOf: '2025-02-01' })).toThrow(
      expect.objectContaining({ code: 'penalties.currency_unsupported' }),
    );
  });
});

describe('computePenalties — FR consumer', () => {
  const consumer = (extra: Partial<PenaltyInput>) =>
    computePenalties({
      principal: parseMoney('1500.00', 'EUR'),
      dueDate: '2025-05-15',
      asOf: '2025-07-20',
      jurisdiction: 'FR',
      clientType: 'consumer',
      ...extra,
    });
  it('runs the "autres cas" taux légal from the day after the mise en demeure, per half-year, without the 40 €', () => {
    // H1 2025: 2025-06-21..30 = 10 days at 3.71 %: 150000 × 371 × 10 / 3 650 000 = 152.47 → 1.52
    // H2 2025: 2025-07-01..20 = 20 days at 2.76 %: 150000 × 276 × 20 / 3 650 000 = 226.85 → 2.27
    const r = consumer({ formalNoticeDate: '2025-06-20' });
    expect(r.periods.map((p) => [p.from, p.to, p.ratePercent, p.basis, p.interest])).toEqual([
      ['2025-06-21', '2025-06-30', '3.71', 'legal_rate', '1.52'],
      ['2025-07-01', '2025-07-20', '2.76', 'legal_rate', '2.27'],
    ]);
    expect([r.interest, r.fixedFee, r.total]).toEqual(['3.79', '0.00', '3.79']);
  });
  it('charges nothing before a mise en demeure, and says why', () => {
    const r = consumer({});
    expect([r.periods, r.total]).toEqual([[], '0.00']);
    expect(r.notes.join(' ')).toMatch(/No mise en demeure yet/);
    expect(consumer({ formalNoticeDate: '2025-07-20' }).total).toBe('0.00');
  });
  it('never runs interest before the day after the due date, even from an early notice', () => {
    expect(consumer({ formalNoticeDate: '2025-05-01' }).periods[0]?.from).toBe('2025-05-16');
  });
  it('ignores a contractual rate for a consumer, with a note', () => {
    const r = consumer({ formalNoticeDate: '2025-06-20', contractualRatePercent: '20.00' });
    expect(r.interest).toBe('3.79');
    expect(r.notes.join(' ')).toMatch(/not charged to a consumer/);
  });
  it('runs from a mise en demeure sent today (2026-12-02) at the H1 2026 taux légal, provisionally', () => {
    // 2026-12-03..15 = 13 days at 2.62 % (H2 2026 not loaded): 150000 × 262 × 13 / 3 650 000 = 139.97 → 1.40
    const r = consumer({ dueDate: '2026-10-15', formalNoticeDate: '2026-12-02', asOf: '2026-12-15' });
    expect(r.periods).toEqual([
      expect.objectContaining({
        ratePercent: '2.62',
        basis: 'legal_rate',
        interest: '1.40',
        provisional: true,
      }),
    ]);
    expect([r.total, r.provisional, r.missingFigures.map((f) => f.id)]).toEqual([
      '1.40',
      true,
      ['fr-legal-other:2026-H2'],
    ]);
  });
  it('accepts any currency, as no fixed fee is due', () => {
    const r = consumer({ principal: parseMoney('1500.00', 'USD'), formalNoticeDate: '2025-06-20' });
    expect([r.currency, r.interest]).toEqual(['USD', '3.79']);
  });
});

describe('computePenalties — EU default (Directive 2011/7/EU)', () => {
  it('uses the ECB rate on the first day of each half-year + 8 points, plus 40 €', () => {
    // H2 2024: 11 days at 4.25 + 8 = 12.25 %: 240000 × 1225 × 11 / 3 650 000 =  886.03 →  8.86
    // H1 2025: 19 days at 3.15 + 8 = 11.15 %: 240000 × 1115 × 19 / 3 650 000 = 1392.99 → 13.93
    const r = computePenalties({
      principal: parseMoney('2400.00', 'EUR'),
      dueDate: '2024-12-20',
      asOf: '2025-01-19',
      jurisdiction: 'EU',
      clientType: 'business',
    });
    expect(r.periods.map((p) => [p.days, p.ratePercent, p.basis, p.interest])).toEqual([
      [11, '12.25', 'ecb_plus_8', '8.86'],
      [19, '11.15', 'ecb_plus_8', '13.93'],
    ]);
    expect([r.interest, r.fixedFee, r.total]).toEqual(['22.79', '40.00', '62.79']);
  });
  it('charges nothing to a consumer: the Directive covers business debts only', () => {
    const r = computePenalties({
      principal: parseMoney('2400.00', 'EUR'),
      dueDate: '2024-12-20',
      asOf: '2025-01-19',
      jurisdiction: 'EU',
      clientType: 'consumer',
    });
    expect(r.total).toBe('0.00');
    expect(r.notes[0]).toMatch(/business debts only/);
  });
});

describe('computePenalties — GB (Late Payment of Commercial Debts (Interest) Act 1998)', () => {
  it('uses the base rate of 31 December for interest starting in January–June, one rate throughout', () => {
    // Starts 2026-01-01 → BoE on 2025-12-31 = 3.75 → 11.75 %; 2026-01-01..03-01 = 60 days:
    // 99999 × 1175 × 60 / 3 650 000 = 1931.49 → 19.31; £999.99 < £1,000 → £40
    const r = gb('999.99', '2025-12-31', '2026-03-01');
    expect(r.periods).toEqual([
      expect.objectContaining({
        from: '2026-01-01',
        to: '2026-03-01',
        days: 60,
        ratePercent: '11.75',
        referenceDate: '2025-12-31',
      }),
    ]);
    expect([r.interest, r.fixedFee, r.total]).toEqual(['19.31', '40.00', '59.31']);
  });
  it('uses the base rate of 30 June for interest starting on 31 December, across the new year', () => {
    // Starts 2025-12-31 (H2) → BoE on 2025-06-30 = 4.25 → 12.25 % for all 31 days to 2026-01-30:
    // 100000 × 1225 × 31 / 3 650 000 = 1040.41 → 10.40; £1,000.00 is not under £1,000 → £70
    const r = gb('1000.00', '2025-12-30', '2026-01-30');
    expect(r.periods).toHaveLength(1);
    expect(r.periods[0]).toMatchObject({
      days: 31,
      ratePercent: '12.25',
      referenceRatePercent: '4.25',
      referenceDate: '2025-06-30',
    });
    expect([r.interest, r.fixedFee, r.total]).toEqual(['10.40', '70.00', '80.40']);
  });
  it('takes the rate in force on 30 June even when a cut takes effect the day interest starts', () => {
    // Starts 2024-08-01, the day the 5.00 % cut took effect → still 5.25 on 2024-06-30 → 13.25 %;
    // 2024-08-01..30 = 30 days: 1000000 × 1325 × 30 / 3 650 000 = 10890.41 → 108.90; £10,000 → £100
    const r = gb('10000.00', '2024-07-31', '2024-08-30');
    expect([r.periods[0]?.ratePercent, r.interest, r.fixedFee, r.total]).toEqual([
      '13.25',
      '108.90',
      '100.00',
      '208.90',
    ]);
  });
  it('bands the fixed sum on the debt: £40 under £1,000, £70 under £10,000, £100 from £10,000', () => {
    const fee = (principal: string) => gb(principal, '2025-03-01', '2025-03-02').fixedFee;
    expect(['999.99', '1000.00', '9999.99', '10000.00', '250000.00'].map(fee)).toEqual([
      '40.00',
      '70.00',
      '70.00',
      '100.00',
      '100.00',
    ]);
  });
  it('uses the last known base rate for a 31 December reference beyond the verified table, provisionally', () => {
    // Starts 2027-01-01 → BoE on 2026-12-31 not loaded: 3.75 (from 2025-12-18) + 8 = 11.75 %;
    // 2027-01-01..15 = 15 days: 50000 × 1175 × 15 / 3 650 000 = 241.44 → 2.41
    const r = gb('500.00', '2026-12-31', '2027-01-15');
    expect(r.periods[0]).toMatchObject({
      ratePercent: '11.75',
      referenceDate: '2026-12-31',
      provisional: true,
    });
    expect([r.interest, r.fixedFee, r.provisional]).toEqual(['2.41', '40.00', true]);
    expect(r.missingFigures.map((f) => f.id)).toEqual(['boe:2026-12-31']);
  });
  it('requires a GBP invoice, the currency of the fixed sum', () => {
    const eur = {
      principal: parseMoney('500.00', 'EUR'),
      jurisdiction: 'GB',
      clientType: 'business',
    } as const;
    expect(() => computePenalties({ ...eur, dueDate: '2025-03-01', asOf: '2025-04-01' })).toThrow(
      /need a GBP invoice/,
    );
  });
  it('applies a contractual rate as a substantial remedy, which displaces the fixed sum', () => {
    // 2025-03-02..31 = 30 days at 10.00 %: 50000 × 1000 × 30 / 3 650 000 = 410.96 → 4.11
    const r = gb('500.00', '2025-03-01', '2025-03-31', { contractualRatePercent: '10.00' });
    expect([r.periods[0]?.basis, r.interest, r.fixedFee]).toEqual(['contractual', '4.11', '0.00']);
  });
});

describe('computePenalties — input', () => {
  it('reports every bad field at once', () => {
    const bad = () =>
      computePenalties({
        principal: { currency: 'EUR', minor: -1 },
        dueDate: '2025-02-29',
        asOf: '2025-3-01',
        jurisdiction: 'FR',
        clientType: 'business',
        contractualRatePercent: '12.345',
      });
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.path.join('.'))).toEqual([
        'principal.minor',
        'dueDate',
        'asOf',
        'contractualRatePercent',
      ]);
    }
  });
  it('is a DomainError with a code, for the edges to translate', () => {
    expect(() => frBusiness('1.00', '2023-01-01', '2023-02-01')).toThrow(DomainError);
  });
});
