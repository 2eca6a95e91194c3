import { toDecimal } from '@relance/domain';
import type { AgingRow } from '@relance/persistence';
import { AGING_BUCKETS, type AgingReport } from './schemas';

/**
 * Aging rows (one per currency and bucket with cases) as the report shows them: every bucket of
 * each currency, empty ones at zero, and the currency's total; currencies in order. The tenant's
 * report, each client's line of the report by client and a client account use it alike.
 */
export function agingCurrencies(rows: readonly AgingRow[]): AgingReport['currencies'] {
  const currencies = [...new Set(rows.map((r) => r.currency.trim()))].sort();
  return currencies.map((currency) => {
    const mine = rows.filter((r) => r.currency.trim() === currency);
    const money = (minor: number) => toDecimal({ currency, minor });
    const buckets = AGING_BUCKETS.map((bucket) => {
      const r = mine.find((x) => x.bucket === bucket);
      return { bucket, cases: r?.cases ?? 0, balance: money(Number(r?.minor ?? 0)) };
    });
    return {
      currency,
      buckets,
      total: {
        cases: mine.reduce((n, r) => n + r.cases, 0),
        balance: money(mine.reduce((n, r) => n + Number(r.minor), 0)),
      },
    };
  });
}
