import { halfYearLabel, halfYearName, halfYearOf, halfYearStart, isIsoDate } from './dates';
import {
  formatRatePercent,
  LEGAL_RATE_TABLE_OF,
  parseRatePercent,
  RATE_TABLE_IDS,
  RateUnknownError,
  type LegalRateCategory,
  type LegalRateTable,
  type RateChange,
  type RateTableId,
  type StepRateTable,
} from './rates';

// Reading a reference rate never blocks a case (docs/penalties.md): a figure not loaded
// yet is replaced by the last published one, and the reading names the figure to add.

/** A published figure the tables do not hold yet; the computation used `lastKnown` meanwhile. */
export interface MissingFigure {
  /** Stable key for alerts and metrics: 'ecb:2026-07-01', 'boe:2026-06-30', 'fr-legal-other:2026-H2'. */
  readonly id: string;
  readonly table: RateTableId;
  /** The day whose rate is missing (ECB, BoE) or the half-year's first day (taux légal): the effectiveFrom to add. */
  readonly referenceDate: string;
  /** Taux légal only: '2026-H2'. */
  readonly halfYear: string | null;
  /** The last published figure known, used provisionally. */
  readonly lastKnown: { readonly effectiveFrom: string; readonly percent: string };
  /** Short English name: "ECB main refinancing rate on 2026-07-01". */
  readonly label: string;
  /** For the operator: what is missing, what is used meanwhile, and how to add it. */
  readonly message: string;
}

export interface RateReading {
  /** The rate used, in basis points: the figure itself, or the last known one when `missing`. */
  readonly bp: number;
  readonly missing: MissingFigure | null;
}

const TABLE_LABELS: Record<RateTableId, string> = {
  ecb: 'ECB main refinancing rate',
  boe: 'Bank of England base rate',
  'fr-legal-other': 'French legal interest rate (all other cases)',
  'fr-legal-individuals': 'French legal interest rate (private individuals)',
};

/** The parts of a figure id: 'fr-legal-other:2026-H2' → table, half-year and its first day. */
export function parseFigureId(
  id: string,
): { table: RateTableId; referenceDate: string; halfYear: string | null } | null {
  const i = id.lastIndexOf(':');
  const table = id.slice(0, i) as RateTableId;
  const when = id.slice(i + 1);
  if (i < 0 || !RATE_TABLE_IDS.includes(table)) return null;
  if (table === 'ecb' || table === 'boe')
    return isIsoDate(when) ? { table, referenceDate: when, halfYear: null } : null;
  const m = /^(\d{4})-H([12])$/.exec(when);
  if (!m) return null;
  return {
    table,
    referenceDate: halfYearStart({ year: Number(m[1]), half: m[2] === '1' ? 1 : 2 }),
    halfYear: when,
  };
}

/** "ECB main refinancing rate on 2026-07-01", "French legal interest rate (all other cases) for 2026-H2". */
export function figureLabel(id: string): string {
  const f = parseFigureId(id);
  if (!f) return id;
  return f.halfYear
    ? `${TABLE_LABELS[f.table]} for ${f.halfYear}`
    : `${TABLE_LABELS[f.table]} on ${f.referenceDate}`;
}

/**
 * The rate in force on `date`: the latest change on or before it, whatever the order of the lines.
 * Beyond `verifiedThrough` (and not confirmed by an operator) that is the last known figure, and
 * the reading names the missing one; `why` ("reference rate for H2 2026") goes into its message.
 * Before the table's first change there is nothing to fall back on: RateUnknownError.
 */
export function rateInForce(table: StepRateTable, date: string, why: string): RateReading {
  let current: RateChange | undefined;
  for (const c of table.changes) if (c.from <= date && (!current || c.from > current.from)) current = c;
  if (!current) {
    const first = table.changes.reduce<string | undefined>(
      (min, c) => (!min || c.from < min ? c.from : min),
      undefined,
    );
    throw new RateUnknownError(
      table.name,
      date,
      `${table.name} on ${date} (${why}) is unknown: the table starts on ${first ?? '(empty)'}. ` +
        `Add the rate in force on ${date} (${table.source}).`,
    );
  }
  const bp = parseRatePercent(current.percent);
  if (date <= table.verifiedThrough || (table.confirmed ?? []).includes(date)) return { bp, missing: null };
  const id = `${table.id}:${date}`;
  const percent = formatRatePercent(bp);
  return {
    bp,
    missing: {
      id,
      table: table.id,
      referenceDate: date,
      halfYear: null,
      lastKnown: { effectiveFrom: current.from, percent },
      label: figureLabel(id),
      message:
        `${table.name} on ${date} (${why}) is not loaded (the table is checked through ${table.verifiedThrough}): ` +
        `${percent} % in force from ${current.from}, the last published figure known, is used provisionally. ` +
        `Add the rate in force on ${date} (${table.source}): rates add ${table.id} ${date} <percent>.`,
    },
  };
}

/**
 * The taux légal of the half-year containing `date`. A half-year without that category's figure
 * (or beyond `verifiedThrough`) uses the last half-year known, and the reading names the missing one.
 */
export function legalRateFor(table: LegalRateTable, date: string, category: LegalRateCategory): RateReading {
  const half = halfYearOf(date);
  const label = halfYearLabel(half);
  const start = halfYearStart(half);
  const entry = table.halfYears.find((h) => h.halfYear === label && h[category] !== undefined);
  if (entry && start <= table.verifiedThrough)
    return { bp: parseRatePercent(entry[category]!), missing: null };
  // Half-year labels 'YYYY-Hn' sort as strings.
  const last =
    entry ??
    table.halfYears
      .filter((h) => h.halfYear < label && h[category] !== undefined)
      .reduce<(typeof table.halfYears)[number] | undefined>(
        (best, h) => (!best || h.halfYear > best.halfYear ? h : best),
        undefined,
      );
  const tableId = LEGAL_RATE_TABLE_OF[category];
  const what = `${table.name} ("${category === 'otherCases' ? 'autres cas' : 'particuliers'}") for ${halfYearName(half)}`;
  if (!last) {
    throw new RateUnknownError(
      table.name,
      label,
      `${what} is unknown and no earlier half-year is in the table. Add it from the ${table.source}: ` +
        `rates add ${tableId} ${start} <percent>.`,
    );
  }
  const bp = parseRatePercent(last[category]!);
  const percent = formatRatePercent(bp);
  const id = `${tableId}:${label}`;
  return {
    bp,
    missing: {
      id,
      table: tableId,
      referenceDate: start,
      halfYear: label,
      lastKnown: {
        effectiveFrom: parseFigureId(`${tableId}:${last.halfYear}`)?.referenceDate ?? start,
        percent,
      },
      label: figureLabel(id),
      message:
        `${what} is not loaded (the table is verified through ${table.verifiedThrough}): ${percent} % of ` +
        `${last.halfYear}, the last published figure known, is used provisionally. Add it from the ` +
        `${table.source}: rates add ${tableId} ${start} <percent>.`,
    },
  };
}
