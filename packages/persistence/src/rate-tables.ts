import {
  DEFAULT_RATE_TABLES,
  withOperatorFigures,
  type OperatorRateFigure,
  type RateTableId,
  type RateTables,
} from '@relance/domain';
import type { DataSource } from 'typeorm';
import type { RateFigureEntity } from './entities/rate-figure.entity';
import { RateFigures } from './repositories/rate-figures';

/** How long a process reuses the tables it read: figures added elsewhere show within this delay. */
export const RATE_TABLES_MAX_AGE_MS = 30_000;

const cache = new WeakMap<DataSource, { readAt: number; tables: Promise<RateTables> }>();

export function operatorFigure(row: RateFigureEntity): OperatorRateFigure {
  return { table: row.table as RateTableId, effectiveFrom: row.effectiveFrom, percent: row.percent };
}

/** The shipped tables with every operator figure over them, read now. */
export async function readRateTables(db: DataSource): Promise<RateTables> {
  const rows = await new RateFigures(db).list();
  return withOperatorFigures(DEFAULT_RATE_TABLES, rows.map(operatorFigure));
}

/**
 * `readRateTables`, reused for RATE_TABLES_MAX_AGE_MS per process (one query per 30 s however many
 * penalties are computed). Concurrent callers share one read; a failed read is not kept.
 */
export function loadRateTables(db: DataSource, now: number = Date.now()): Promise<RateTables> {
  const hit = cache.get(db);
  if (hit && now - hit.readAt < RATE_TABLES_MAX_AGE_MS) return hit.tables;
  const tables = readRateTables(db);
  cache.set(db, { readAt: now, tables });
  void tables.catch(() => {
    if (cache.get(db)?.tables === tables) cache.delete(db);
  });
  return tables;
}

/** Drops this process's copy: the writer of a figure sees it at once. */
export function forgetRateTables(db: DataSource): void {
  cache.delete(db);
}
