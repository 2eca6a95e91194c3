import { DEFAULT_RATE_TABLES } from '@relance/domain';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { RateFigureEntity } from './entities/rate-figure.entity';
import { forgetRateTables, loadRateTables, RATE_TABLES_MAX_AGE_MS } from './rate-tables';

/** A DataSource whose rate_figures rows are `rows`, counting the reads. */
function fakeDb(rows: Partial<RateFigureEntity>[]) {
  const state = { reads: 0, fail: false };
  const db = {
    getRepository: (entity: unknown) => {
      expect(entity).toBe(RateFigureEntity);
      return {
        find: async () => {
          state.reads++;
          if (state.fail) throw new Error('connection refused');
          return rows;
        },
      };
    },
  } as unknown as DataSource;
  return { db, state, rows };
}

describe('loadRateTables', () => {
  it('composes the shipped tables with the stored figures', async () => {
    const { db } = fakeDb([{ table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.15' }]);
    const tables = await loadRateTables(db, 0);
    expect(tables.ecbMainRefinancing.confirmed).toEqual(['2026-07-01']);
    expect(tables.boeBaseRate).toEqual(DEFAULT_RATE_TABLES.boeBaseRate);
  });

  it('reads once per 30 s, shares a read in flight, and reads again when told to forget', async () => {
    const { db, state, rows } = fakeDb([]);
    await Promise.all([loadRateTables(db, 1000), loadRateTables(db, 1001)]);
    await loadRateTables(db, 1000 + RATE_TABLES_MAX_AGE_MS - 1);
    expect(state.reads).toBe(1);
    rows.push({ table: 'boe', effectiveFrom: '2026-12-31', percent: '3.75' });
    expect((await loadRateTables(db, 1000 + RATE_TABLES_MAX_AGE_MS)).boeBaseRate.confirmed).toEqual([
      '2026-12-31',
    ]);
    expect(state.reads).toBe(2);
    forgetRateTables(db);
    await loadRateTables(db, 1000 + RATE_TABLES_MAX_AGE_MS);
    expect(state.reads).toBe(3);
  });

  it('does not keep a failed read: the next call tries again', async () => {
    const { db, state } = fakeDb([]);
    state.fail = true;
    await expect(loadRateTables(db, 0)).rejects.toThrow(/connection refused/);
    state.fail = false;
    await expect(loadRateTables(db, 1)).resolves.toBeDefined();
    expect(state.reads).toBe(2);
  });
});
