import { Inject, Injectable } from '@nestjs/common';
import { rateTableStatus, type RateTableId } from '@relance/domain';
import { forgetRateTables, RateFigureEntity, RateFigures, readRateTables } from '@relance/persistence';
import { DataSource } from 'typeorm';
import type { RateFigureBody, RateFigureView, RatesView } from './schemas';

export type AddOutcome =
  | { outcome: 'created' | 'unchanged' | 'replaced'; figure: RateFigureView }
  /** A different percent is stored for that table and day, and `replace` was not asked. */
  | { outcome: 'conflict'; existing: RateFigureView };

/** Operator rate figures in Postgres, for the admin route and the CLI (docs/penalties.md). */
@Injectable()
export class RatesService {
  private readonly figures: RateFigures;

  // The DataSource also keys this process's cache of the rate tables (forgotten after a write).
  constructor(@Inject(DataSource) private readonly db: DataSource) {
    this.figures = new RateFigures(db);
  }

  async list(): Promise<RateFigureView[]> {
    return (await this.figures.list()).map(figureView);
  }

  /** The figures, and each table as penalties use it now (this process's cache is bypassed). */
  async view(): Promise<RatesView> {
    const [figures, tables] = await Promise.all([this.list(), readRateTables(this.db)]);
    return { figures, tables: rateTableStatus(tables).map((t) => ({ ...t, confirmed: [...t.confirmed] })) };
  }

  /** Adds a figure; the same figure again changes nothing, a different one needs `replace`. */
  async add(body: RateFigureBody, createdBy: 'cli' | 'admin-api'): Promise<AddOutcome> {
    const key = { table: body.table, effectiveFrom: body.effectiveFrom };
    const existing = await this.figures.byKey(key);
    let outcome: 'created' | 'unchanged' | 'replaced';
    if (!existing) {
      // Two operators adding the same day at once: the loser finds the winner's row below.
      await this.figures.insertOnce({
        ...key,
        percent: body.percent,
        source: body.source ?? null,
        createdBy,
      });
      outcome = 'created';
    } else if (Number(existing.percent) === Number(body.percent)) {
      outcome = 'unchanged';
    } else if (body.replace) {
      await this.figures.replace(existing.id, {
        percent: body.percent,
        source: body.source ?? existing.source,
        createdBy,
      });
      outcome = 'replaced';
    } else {
      return { outcome: 'conflict', existing: figureView(existing) };
    }
    forgetRateTables(this.db);
    const stored = await this.figures.byKey(key);
    if (!stored)
      throw new Error(`rate figure ${key.table} ${key.effectiveFrom} not found after it was written`);
    const figure = figureView(stored);
    if (outcome === 'created' && Number(figure.percent) !== Number(body.percent))
      return { outcome: 'conflict', existing: figure };
    return { outcome, figure };
  }
}

function figureView(row: RateFigureEntity): RateFigureView {
  return {
    table: row.table as RateTableId,
    effectiveFrom: row.effectiveFrom,
    percent: row.percent,
    source: row.source,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}
