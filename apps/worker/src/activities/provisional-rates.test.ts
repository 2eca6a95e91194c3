import { computePenalties } from '@relance/domain';
import type { MetricMeter, MetricTags } from '@temporalio/common';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { PROVISIONAL_RATE_METRIC, ProvisionalRates } from './provisional-rates';

function fakes() {
  const counts: { name: string; value: number; tags: MetricTags }[] = [];
  const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  const meter = {
    createCounter: (name: string) => ({
      add: (value: number, tags: MetricTags = {}) => counts.push({ name, value, tags }),
    }),
  } as unknown as MetricMeter;
  const logger = {
    warn: (obj: Record<string, unknown>, msg: string) => warnings.push({ obj, msg }),
  } as unknown as Logger;
  return { counts, warnings, meter, logger };
}

const ref = { tenant: 'default', workflowId: 'dunning:default:INV-1' } as never;
// FR business 1 000 € due 2026-05-31 as of 2027-02-15: ECB 1 July 2026 and 1 January 2027 missing.
const provisional = computePenalties({
  principal: { currency: 'EUR', minor: 100_000 },
  dueDate: '2026-05-31',
  asOf: '2027-02-15',
  jurisdiction: 'FR',
  clientType: 'business',
});

describe('ProvisionalRates.report', () => {
  it('counts every provisional computation per figure, and warns once per figure per process', () => {
    const { counts, warnings, meter, logger } = fakes();
    const rates = new ProvisionalRates(() => meter);
    rates.report(logger, ref, provisional);
    rates.report(logger, ref, provisional);
    expect(counts).toEqual([
      { name: PROVISIONAL_RATE_METRIC, value: 1, tags: { figure: 'ecb:2026-07-01' } },
      { name: PROVISIONAL_RATE_METRIC, value: 1, tags: { figure: 'ecb:2027-01-01' } },
      { name: PROVISIONAL_RATE_METRIC, value: 1, tags: { figure: 'ecb:2026-07-01' } },
      { name: PROVISIONAL_RATE_METRIC, value: 1, tags: { figure: 'ecb:2027-01-01' } },
    ]);
    expect(warnings.map((w) => w.obj.figure)).toEqual(['ecb:2026-07-01', 'ecb:2027-01-01']);
    expect(warnings[0]!.msg).toMatch(/rates add ecb 2026-07-01 <percent>/);
    expect(warnings[0]!.obj.workflowId).toBe('dunning:default:INV-1');
  });

  it('stays silent for a breakdown whose figures are all loaded', () => {
    const { counts, warnings, meter, logger } = fakes();
    const final = computePenalties({
      principal: { currency: 'EUR', minor: 100_000 },
      dueDate: '2026-01-31',
      asOf: '2026-03-02',
      jurisdiction: 'FR',
      clientType: 'business',
    });
    new ProvisionalRates(() => meter).report(logger, ref, final);
    expect([counts, warnings]).toEqual([[], []]);
  });
});
