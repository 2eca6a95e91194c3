import { DomainError } from '../errors';
import { addDays, halfYearName, halfYearOf, halfYearStart } from './dates';
import { formatRatePercent, tryParseRatePercent, type RateTables } from './rates';
import { legalRateFor, rateInForce, type MissingFigure } from './reference-rates';
import type { PenaltyInput, RateBasis } from './types';

// Each jurisdiction's rules as a plan: from when interest runs, which rate governs which day, and
// the fixed fee. Counting the days and rounding stay in computePenalties, shared by all.

export interface PeriodRate {
  readonly bp: number;
  readonly basis: RateBasis;
  readonly referenceBp: number | null;
  readonly referenceDate: string | null;
  /** The figure the rate should derive from when it is not loaded (the last known one was used). */
  readonly missing: MissingFigure | null;
}

/** What a jurisdiction's rules say for this input, before any day is counted. */
export interface Plan {
  /** Interest runs from the day after this date; null → no interest at all. */
  readonly anchor: string | null;
  /** FR and EU re-read the reference rate each half-year; GB fixes one rate for the whole debt. */
  readonly splitByHalfYear: boolean;
  readonly rateFor: (firstDay: string) => PeriodRate;
  readonly fixedFeeMinor: number;
  readonly notes: string[];
}

const ECB_MARKUP_FR = 1000;
const ECB_MARKUP_EU = 800;
const BOE_MARKUP = 800;
const FR_FLOOR_MULTIPLE = 3;
const EU_FIXED_FEE_MINOR = 4000; // 40.00 EUR: D441-5 and Directive 2011/7/EU art. 6

/** Fixed sum of s.5A of the 1998 Act, banded on the size of the debt. */
function gbFixedSumMinor(principalMinor: number): number {
  if (principalMinor < 100_000) return 4000; // under £1,000
  if (principalMinor < 1_000_000) return 7000; // under £10,000
  return 10_000;
}

export function planFor(input: PenaltyInput, tables: RateTables): Plan {
  const contractual =
    input.contractualRatePercent === undefined ? null : tryParseRatePercent(input.contractualRatePercent);
  const { jurisdiction, clientType, dueDate } = input;

  if (clientType === 'consumer') {
    if (jurisdiction !== 'FR') {
      const law = jurisdiction === 'GB' ? 'The 1998 Act' : 'Directive 2011/7/EU';
      return noPenalty([
        `${law} covers business debts only: no statutory interest or fixed sum for a consumer.`,
      ]);
    }
    return frConsumerPlan(input, tables, contractual !== null);
  }

  // The fixed fee is defined in EUR (FR, EU) or GBP (GB); converting it would need an FX rate we do not hold.
  const feeCurrency = jurisdiction === 'GB' ? 'GBP' : 'EUR';
  if (input.principal.currency !== feeCurrency) {
    throw new DomainError(
      'penalties.currency_unsupported',
      `${jurisdiction} business penalties need a ${feeCurrency} invoice (the fixed fee is set in ${feeCurrency}); got ${input.principal.currency}`,
      ['principal', 'currency'],
    );
  }

  if (jurisdiction === 'GB') {
    if (contractual !== null) {
      return {
        anchor: dueDate,
        splitByHalfYear: false,
        rateFor: () => ({
          bp: contractual,
          basis: 'contractual',
          referenceBp: null,
          referenceDate: null,
          missing: null,
        }),
        fixedFeeMinor: 0,
        notes: [
          'Contractual rate applied as a substantial remedy (1998 Act s.8): it displaces statutory interest, and with it the s.5A fixed sum.',
        ],
      };
    }
    return {
      anchor: dueDate,
      splitByHalfYear: false,
      rateFor: (firstDay) => {
        // The rate in force on the 31 Dec or 30 Jun immediately before interest starts, for the whole debt.
        const h = halfYearOf(firstDay);
        const referenceDate = h.half === 1 ? `${h.year - 1}-12-31` : `${h.year}-06-30`;
        const why = `reference rate for debts whose interest starts in ${halfYearName(h)}`;
        const base = rateInForce(tables.boeBaseRate, referenceDate, why);
        return {
          bp: base.bp + BOE_MARKUP,
          basis: 'boe_plus_8',
          referenceBp: base.bp,
          referenceDate,
          missing: base.missing,
        };
      },
      fixedFeeMinor: gbFixedSumMinor(input.principal.minor),
      notes: [
        'Late Payment of Commercial Debts (Interest) Act 1998: base rate + 8 points, one rate for the whole debt, days/365, plus the banded fixed sum.',
      ],
    };
  }

  if (jurisdiction === 'EU' && contractual !== null) {
    return {
      anchor: dueDate,
      splitByHalfYear: false,
      rateFor: () => ({
        bp: contractual,
        basis: 'contractual',
        referenceBp: null,
        referenceDate: null,
        missing: null,
      }),
      fixedFeeMinor: EU_FIXED_FEE_MINOR,
      notes: ['Directive 2011/7/EU: contractual rate as agreed, plus 40.00 EUR fixed compensation.'],
    };
  }

  const markup = jurisdiction === 'FR' ? ECB_MARKUP_FR : ECB_MARKUP_EU;
  const notes =
    jurisdiction === 'FR'
      ? [
          'Code de commerce L441-10 and D441-5: interest per half-year, days/365, plus the 40.00 EUR recovery indemnity (not subject to VAT).',
        ]
      : [
          'Directive 2011/7/EU: ECB rate on the first day of each half-year + 8 points, days/365, plus 40.00 EUR fixed compensation.',
        ];
  const ecbPlus = (firstDay: string): PeriodRate => {
    const h = halfYearOf(firstDay);
    const referenceDate = halfYearStart(h);
    const ecb = rateInForce(
      tables.ecbMainRefinancing,
      referenceDate,
      `reference rate for ${halfYearName(h)}`,
    );
    return {
      bp: ecb.bp + markup,
      basis: jurisdiction === 'FR' ? 'ecb_plus_10' : 'ecb_plus_8',
      referenceBp: ecb.bp,
      referenceDate,
      missing: ecb.missing,
    };
  };
  if (contractual === null) {
    return {
      anchor: dueDate,
      splitByHalfYear: true,
      rateFor: ecbPlus,
      fixedFeeMinor: EU_FIXED_FEE_MINOR,
      notes,
    };
  }

  // FR contractual rate: never below 3 × the "autres cas" taux légal of each half-year.
  return {
    anchor: dueDate,
    splitByHalfYear: true,
    rateFor: (firstDay) => {
      const referenceDate = halfYearStart(halfYearOf(firstDay));
      // A provisional taux légal makes the floor, hence the period, provisional too.
      const { bp: legal, missing } = legalRateFor(tables.frLegalRate, firstDay, 'otherCases');
      const floor = FR_FLOOR_MULTIPLE * legal;
      if (contractual >= floor)
        return { bp: contractual, basis: 'contractual', referenceBp: legal, referenceDate, missing };
      notes.push(
        `${halfYearName(halfYearOf(firstDay))}: contractual ${formatRatePercent(contractual)} % is below 3 × taux légal ` +
          `(${formatRatePercent(floor)} %), so the floor applies.`,
      );
      return { bp: floor, basis: 'legal_rate_floor', referenceBp: legal, referenceDate, missing };
    },
    fixedFeeMinor: EU_FIXED_FEE_MINOR,
    notes,
  };
}

function frConsumerPlan(input: PenaltyInput, tables: RateTables, hasContractual: boolean): Plan {
  const notes = [
    'Consumer: taux légal ("autres cas", the creditor is a professional) from the mise en demeure; no recovery indemnity.',
  ];
  if (hasContractual)
    notes.push(
      'The contractual rate is not charged to a consumer automatically; the statutory rate applies.',
    );
  const notice = input.formalNoticeDate;
  if (notice === undefined) {
    return noPenalty([...notes, 'No mise en demeure yet: interest has not started to run.']);
  }
  notes.push(`Interest runs from the day after the mise en demeure of ${notice}.`);
  // A notice sent before the debt fell due cannot make interest run before the day after the due date.
  const anchor = notice < input.dueDate ? input.dueDate : notice;
  if (anchor !== notice)
    notes.push(`The mise en demeure predates the due date: interest runs from ${addDays(anchor, 1)}.`);
  return {
    anchor,
    splitByHalfYear: true,
    rateFor: (firstDay) => {
      const legal = legalRateFor(tables.frLegalRate, firstDay, 'otherCases');
      return {
        bp: legal.bp,
        basis: 'legal_rate',
        referenceBp: legal.bp,
        referenceDate: halfYearStart(halfYearOf(firstDay)),
        missing: legal.missing,
      };
    },
    fixedFeeMinor: 0,
    notes,
  };
}

function noPenalty(notes: string[]): Plan {
  const rateFor = (): PeriodRate => {
    throw new Error('no interest runs under this plan');
  };
  return { anchor: null, splitByHalfYear: false, rateFor, fixedFeeMinor: 0, notes };
}
