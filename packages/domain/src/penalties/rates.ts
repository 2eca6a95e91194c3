import { DomainError } from '../errors';
import { isIsoDate } from './dates';

// Statutory reference rates as dated data. The shipped tables below are the defaults; operators add
// published figures at run time (`withOperatorFigures`, stored in Postgres). A date the tables
// cannot vouch for uses the last published figure, marked provisional (`reference-rates.ts`).

/**
 * The tables an operator extends, by the names used on the CLI, the admin API, in Postgres and in
 * the ids of missing figures. The taux légal is two tables: its two categories are published apart.
 */
export const RATE_TABLE_IDS = ['ecb', 'boe', 'fr-legal-other', 'fr-legal-individuals'] as const;
export type RateTableId = (typeof RATE_TABLE_IDS)[number];

/** A rate that takes effect on `from` and stays in force until the next change. */
export interface RateChange {
  readonly from: string;
  /** Annual percent with at most two decimals, as published: '4.50'. */
  readonly percent: string;
}

/** A central-bank rate as the list of its changes. */
export interface StepRateTable {
  readonly id: 'ecb' | 'boe';
  readonly name: string;
  /** Where the operator checks and extends the figures. */
  readonly source: string;
  readonly changes: readonly RateChange[];
  /** Last day for which the absence of a later change has been checked. */
  readonly verifiedThrough: string;
  /**
   * Later days whose rate in force an operator confirmed (a figure effective that day). A figure
   * vouches for its own day only: whether the rate changed between two such days is not known.
   */
  readonly confirmed?: readonly string[];
}

/** One semester's French taux de l'intérêt légal (arrêté published before each half-year). */
export interface LegalRateHalfYear {
  /** '2026-H1' */
  readonly halfYear: string;
  /** Creditor is a private individual not acting for professional needs ("particuliers"). */
  readonly individuals?: string;
  /** All other creditors ("autres cas"): the rate our professional tenants use. */
  readonly otherCases?: string;
}

export interface LegalRateTable {
  readonly name: string;
  readonly source: string;
  readonly halfYears: readonly LegalRateHalfYear[];
  readonly verifiedThrough: string;
}

export interface RateTables {
  readonly ecbMainRefinancing: StepRateTable;
  readonly frLegalRate: LegalRateTable;
  readonly boeBaseRate: StepRateTable;
}

export type LegalRateCategory = 'individuals' | 'otherCases';

/** The operator table of each taux-légal category. */
export const LEGAL_RATE_TABLE_OF: Readonly<Record<LegalRateCategory, RateTableId>> = {
  otherCases: 'fr-legal-other',
  individuals: 'fr-legal-individuals',
};

// Figures researched (researched 2026-11-22). The 2023 lines before it were added so
// that every reference date needed for 2024 onward (31 Dec 2023, 1 Jan 2024) falls inside a table.
export const ECB_MAIN_REFINANCING_RATE: StepRateTable = {
  id: 'ecb',
  name: 'ECB main refinancing operations rate',
  source: 'ECB / Banque de France policy-rate decisions',
  changes: [
    { from: '2023-06-21', percent: '4.00' }, // not in the appendix: ECB decision of 15 June 2023
    { from: '2023-08-02', percent: '4.25' }, // not in the appendix: ECB decision of 27 July 2023
    { from: '2023-09-20', percent: '4.50' },
    { from: '2024-06-12', percent: '4.25' },
    { from: '2024-09-18', percent: '3.65' },
    { from: '2024-10-23', percent: '3.40' },
    { from: '2024-12-18', percent: '3.15' },
    { from: '2025-02-05', percent: '2.90' },
    { from: '2025-03-12', percent: '2.65' },
    { from: '2025-04-23', percent: '2.40' },
    { from: '2025-06-11', percent: '2.15' },
  ],
  // The appendix confirms "unchanged" only up to the 2026-02-05 meeting and calls a June 2026 rise
  // unverified, so the 1 July 2026 reference (H2 2026) is provisional until an operator adds it.
  verifiedThrough: '2026-02-05',
};

export const FR_LEGAL_RATE: LegalRateTable = {
  name: "French taux de l'intérêt légal",
  source: 'arrêtés published each semester in the Journal officiel',
  halfYears: [
    { halfYear: '2023-H2', individuals: '6.82', otherCases: '4.22' }, // arrêté of 27 June 2023; not in the appendix
    { halfYear: '2024-H1', individuals: '8.01', otherCases: '5.07' },
    { halfYear: '2024-H2', individuals: '8.16', otherCases: '4.92' },
    { halfYear: '2025-H1', individuals: '7.21', otherCases: '3.71' },
    { halfYear: '2025-H2', individuals: '6.65', otherCases: '2.76' },
    { halfYear: '2026-H1', individuals: '6.67', otherCases: '2.62' },
  ],
  verifiedThrough: '2026-06-30', // H2 2026 not found yet
};

export const BOE_BASE_RATE: StepRateTable = {
  id: 'boe',
  name: 'Bank of England base rate',
  source: 'Bank of England Bank Rate history',
  changes: [
    { from: '2023-06-22', percent: '5.00' }, // not in the appendix: MPC decision of 22 June 2023
    { from: '2023-08-03', percent: '5.25' }, // the appendix gives 5.25 % "until 2024-08-01"; start date from the MPC decision
    { from: '2024-08-01', percent: '5.00' },
    { from: '2024-11-07', percent: '4.75' },
    { from: '2025-02-06', percent: '4.50' }, // 2025 dates before December flagged "to confirm" in the appendix
    { from: '2025-05-08', percent: '4.25' },
    { from: '2025-08-07', percent: '4.00' },
    { from: '2025-12-18', percent: '3.75' },
  ],
  verifiedThrough: '2026-11-22',
};

export const DEFAULT_RATE_TABLES: RateTables = {
  ecbMainRefinancing: ECB_MAIN_REFINANCING_RATE,
  frLegalRate: FR_LEGAL_RATE,
  boeBaseRate: BOE_BASE_RATE,
};

/**
 * A reference rate before the start of a table: there is no earlier figure to use provisionally,
 * and charging zero is not an option. `figure` names what the operator must add.
 */
export class RateUnknownError extends DomainError {
  constructor(
    readonly table: string,
    readonly figure: string,
    message: string,
  ) {
    super('penalties.rate_unknown', message);
    this.name = 'RateUnknownError';
  }
}

// Rates travel as basis points (hundredths of a percent) so interest stays integer arithmetic.
const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** '14.25' → 1425. Null when the string is not a non-negative percent with at most two decimals. */
export function tryParseRatePercent(percent: string): number | null {
  const m = PERCENT.exec(percent);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

export function parseRatePercent(percent: string): number {
  const bp = tryParseRatePercent(percent);
  if (bp === null)
    throw new DomainError('penalties.invalid_rate', `"${percent}" is not a percent like "12.00"`);
  return bp;
}

/** 1425 → '14.25' */
export function formatRatePercent(basisPoints: number): string {
  return `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
}

/** Structural problems in a (possibly operator-supplied) table set; empty when usable. */
export function checkRateTables(tables: RateTables): string[] {
  const problems: string[] = [];
  for (const t of [tables.ecbMainRefinancing, tables.boeBaseRate]) {
    if (!isIsoDate(t.verifiedThrough)) problems.push(`${t.name}: verifiedThrough is not a date`);
    const seen = new Set<string>();
    for (const c of t.changes) {
      if (!isIsoDate(c.from)) problems.push(`${t.name}: "${c.from}" is not a date`);
      if (seen.has(c.from)) problems.push(`${t.name}: two changes on ${c.from}`);
      if (tryParseRatePercent(c.percent) === null) problems.push(`${t.name}: bad percent "${c.percent}"`);
      seen.add(c.from);
    }
    for (const d of t.confirmed ?? [])
      if (!isIsoDate(d)) problems.push(`${t.name}: confirmed day "${d}" is not a date`);
  }
  const legal = tables.frLegalRate;
  if (!isIsoDate(legal.verifiedThrough)) problems.push(`${legal.name}: verifiedThrough is not a date`);
  const halves = new Set<string>();
  for (const h of legal.halfYears) {
    if (!/^\d{4}-H[12]$/.test(h.halfYear)) problems.push(`${legal.name}: bad half-year "${h.halfYear}"`);
    if (halves.has(h.halfYear)) problems.push(`${legal.name}: ${h.halfYear} listed twice`);
    halves.add(h.halfYear);
    for (const p of [h.individuals, h.otherCases]) {
      if (p !== undefined && tryParseRatePercent(p) === null)
        problems.push(`${legal.name} ${h.halfYear}: bad percent "${p}"`);
    }
  }
  return problems;
}
