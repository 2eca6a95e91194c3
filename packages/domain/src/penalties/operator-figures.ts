import { ValidationError } from '../errors';
import { halfYearEnd, halfYearLabel, halfYearOf, isIsoDate } from './dates';
import {
  RATE_TABLE_IDS,
  type LegalRateCategory,
  type LegalRateHalfYear,
  type LegalRateTable,
  type RateTableId,
  type RateTables,
  type StepRateTable,
} from './rates';

// Rates are operator data (docs/penalties.md): the shipped tables are the defaults, and a
// published figure added at run time (CLI or admin route, stored in Postgres) composes over them.

/**
 * One published figure. For `ecb` and `boe`: the rate in force on `effectiveFrom` (a change that
 * day, or a confirmation that the rate still stands). For `fr-legal-other` / `fr-legal-individuals`:
 * the half-year's taux légal, `effectiveFrom` being its first day (2026-07-01 → 2026-H2).
 */
export interface OperatorRateFigure {
  readonly table: RateTableId;
  readonly effectiveFrom: string;
  /** Annual percent, 0–100, at most two decimals: '2.15'. */
  readonly percent: string;
}

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

/** Every problem with a figure, by field (`table`, `effectiveFrom`, `percent`); empty when it can be stored. */
export function operatorFigureProblems(figure: {
  table: string;
  effectiveFrom: string;
  percent: string;
}): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const known = (RATE_TABLE_IDS as readonly string[]).includes(figure.table);
  if (!known) problems.push({ path: ['table'], message: `must be one of ${RATE_TABLE_IDS.join(', ')}` });
  if (!isIsoDate(figure.effectiveFrom)) {
    problems.push({
      path: ['effectiveFrom'],
      message: `"${figure.effectiveFrom}" is not a date like 2026-07-01`,
    });
  } else if (known && figure.table.startsWith('fr-legal-') && !/-(01-01|07-01)$/.test(figure.effectiveFrom)) {
    const year = figure.effectiveFrom.slice(0, 4);
    problems.push({
      path: ['effectiveFrom'],
      message: `the taux légal is set per half-year: give the half-year's first day, ${year}-01-01 or ${year}-07-01`,
    });
  }
  if (!PERCENT.test(figure.percent) || Number(figure.percent) > 100) {
    problems.push({
      path: ['percent'],
      message: `"${figure.percent}" is not an annual percent between 0 and 100 with at most 2 decimals, like "2.15"`,
    });
  }
  return problems;
}

/**
 * The shipped tables with the operator's figures over them. A figure replaces a line of the same
 * day. On a step table a figure beyond `verifiedThrough` confirms that day only (the rate may have
 * changed between two confirmed days); a taux légal figure fills its half-year's category and
 * moves `verifiedThrough` to that half-year's end at least.
 */
export function withOperatorFigures(
  defaults: RateTables,
  figures: readonly OperatorRateFigure[],
): RateTables {
  const issues = figures.flatMap((f, i) =>
    operatorFigureProblems(f).map((p) => ({ path: ['figures', i, ...p.path], message: p.message })),
  );
  if (issues.length > 0) throw new ValidationError(issues);
  const of = (table: RateTableId) => figures.filter((f) => f.table === table);
  return {
    ecbMainRefinancing: withStepFigures(defaults.ecbMainRefinancing, of('ecb')),
    boeBaseRate: withStepFigures(defaults.boeBaseRate, of('boe')),
    frLegalRate: withLegalFigures(
      withLegalFigures(defaults.frLegalRate, of('fr-legal-other'), 'otherCases'),
      of('fr-legal-individuals'),
      'individuals',
    ),
  };
}

function withStepFigures(table: StepRateTable, figures: readonly OperatorRateFigure[]): StepRateTable {
  if (figures.length === 0) return table;
  const byDay = new Map(table.changes.map((c) => [c.from, c]));
  for (const f of figures) byDay.set(f.effectiveFrom, { from: f.effectiveFrom, percent: f.percent });
  const confirmed = new Set(table.confirmed ?? []);
  for (const f of figures) if (f.effectiveFrom > table.verifiedThrough) confirmed.add(f.effectiveFrom);
  return {
    ...table,
    changes: [...byDay.values()].sort((a, b) => a.from.localeCompare(b.from)),
    confirmed: [...confirmed].sort(),
  };
}

function withLegalFigures(
  table: LegalRateTable,
  figures: readonly OperatorRateFigure[],
  category: LegalRateCategory,
): LegalRateTable {
  if (figures.length === 0) return table;
  const byHalf = new Map<string, LegalRateHalfYear>(table.halfYears.map((h) => [h.halfYear, h]));
  for (const f of figures) {
    const halfYear = halfYearLabel(halfYearOf(f.effectiveFrom));
    byHalf.set(halfYear, { ...(byHalf.get(halfYear) ?? { halfYear }), [category]: f.percent });
  }
  // Each arrêté fixes a whole half-year, so a listed half-year is final; one left out stays
  // provisional whatever verifiedThrough says, as the lookup needs the half-year's own line.
  const verifiedThrough = figures
    .map((f) => halfYearEnd(halfYearOf(f.effectiveFrom)))
    .reduce((max, d) => (d > max ? d : max), table.verifiedThrough);
  return {
    ...table,
    halfYears: [...byHalf.values()].sort((a, b) => a.halfYear.localeCompare(b.halfYear)),
    verifiedThrough,
  };
}

/** What each table holds once composed: for `rates list` and the admin route. */
export interface RateTableStatus {
  readonly table: RateTableId;
  readonly name: string;
  readonly source: string;
  /** The latest figure listed. */
  readonly latest: { readonly effectiveFrom: string; readonly percent: string } | null;
  readonly verifiedThrough: string;
  /** Step tables: later days an operator confirmed. */
  readonly confirmed: readonly string[];
}

export function rateTableStatus(tables: RateTables): RateTableStatus[] {
  const step = (t: StepRateTable): RateTableStatus => {
    const latest = [...t.changes].sort((a, b) => b.from.localeCompare(a.from))[0];
    return {
      table: t.id,
      name: t.name,
      source: t.source,
      latest: latest ? { effectiveFrom: latest.from, percent: latest.percent } : null,
      verifiedThrough: t.verifiedThrough,
      confirmed: t.confirmed ?? [],
    };
  };
  const legal = (t: LegalRateTable, category: LegalRateCategory, table: RateTableId): RateTableStatus => {
    const latest = [...t.halfYears]
      .filter((h) => h[category] !== undefined)
      .sort((a, b) => b.halfYear.localeCompare(a.halfYear))[0];
    const [year, half] = latest ? latest.halfYear.split('-H') : [];
    return {
      table,
      name: `${t.name} (${category === 'otherCases' ? 'autres cas' : 'particuliers'})`,
      source: t.source,
      latest: latest
        ? { effectiveFrom: `${year}-${half === '1' ? '01-01' : '07-01'}`, percent: latest[category]! }
        : null,
      verifiedThrough: t.verifiedThrough,
      confirmed: [],
    };
  };
  return [
    step(tables.ecbMainRefinancing),
    step(tables.boeBaseRate),
    legal(tables.frLegalRate, 'otherCases', 'fr-legal-other'),
    legal(tables.frLegalRate, 'individuals', 'fr-legal-individuals'),
  ];
}
