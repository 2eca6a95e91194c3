import { computePenalties, DEFAULT_RATE_TABLES, withOperatorFigures } from '@relance/domain';
import { describe, expect, it } from 'vitest';
import { penaltiesResponse } from './case-view';
import { PenaltiesResponseSchema } from './schemas';

const frBusiness = (tables = DEFAULT_RATE_TABLES) =>
  computePenalties({
    principal: { currency: 'EUR', minor: 100_000 },
    dueDate: '2026-06-15',
    asOf: '2026-07-10',
    jurisdiction: 'FR',
    clientType: 'business',
    tables,
  });

describe('penaltiesResponse', () => {
  it('marks the provisional period and the breakdown, and names the figure without the operator instructions', () => {
    const body = penaltiesResponse(frBusiness());
    expect(PenaltiesResponseSchema.parse(body)).toEqual(body);
    expect(body.periods.map((p) => [p.from, p.provisional, p.missingFigure])).toEqual([
      ['2026-06-16', false, null],
      ['2026-07-01', true, 'ecb:2026-07-01'],
    ]);
    expect(body.provisional).toBe(true);
    expect(body.missingFigures).toEqual([
      {
        id: 'ecb:2026-07-01',
        table: 'ecb',
        referenceDate: '2026-07-01',
        halfYear: null,
        lastKnown: { effectiveFrom: '2025-06-11', percent: '2.15' },
        label: 'ECB main refinancing rate on 2026-07-01',
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('rates add');
  });

  it('is final once the figure is in the tables', () => {
    const tables = withOperatorFigures(DEFAULT_RATE_TABLES, [
      { table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.15' },
    ]);
    const body = penaltiesResponse(frBusiness(tables));
    expect([body.provisional, body.missingFigures, body.periods.map((p) => p.provisional)]).toEqual([
      false,
      [],
      [false, false],
    ]);
    expect(body.total).toBe(penaltiesResponse(frBusiness()).total);
  });
});
