import { addDays, isBusinessDay } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery } from '../contract';
import { advanceUntil, caseInput, DAY_MS, today, withCase } from '../testing/fixtures';
import { timeSkippingEnv } from '../testing/harness';

/** 09:00 Paris on the first French business day on or after `date`. */
function firstSlotOnOrAfter(date: string): number {
  let d = date;
  while (!isBusinessDay(d, 'FR')) d = addDays(d, 1);
  return DateTime.fromISO(`${d}T09:00`, { zone: 'Europe/Paris' }).toMillis();
}

describe('dunningCase on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('sleeps until the courtesy step of an invoice due in 30 days, then sends it in the send window', async () => {
    const start = await env.currentTimeMs();
    const input = caseInput(addDays(await today(env), 30));
    await withCase(env, input, async ({ handle, calls }) => {
      await env.sleep('25 days');
      expect(calls.filter((c) => c.name === 'sendClientEmail')).toHaveLength(0);
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'pending', stage: 'none' });

      await advanceUntil(env, calls, (c) => c.name === 'sendClientEmail', 10);
      const sends = calls.filter((c) => c.name === 'sendClientEmail');
      expect(sends).toHaveLength(1);
      expect(sends[0]!.input).toMatchObject({
        key: 'step:courtesy',
        step: 'courtesy',
        email: { template: 'courtesy' },
      });
      // Sent at the first send slot on or after due − 3 days, never before.
      const slot = firstSlotOnOrAfter(addDays(input.dueDate, -3));
      expect(sends[0]!.at).toBeGreaterThanOrEqual(slot);
      expect(sends[0]!.at).toBeLessThan(slot + 60_000);
      expect(sends[0]!.at - start).toBeGreaterThan(26 * DAY_MS);
      expect(await handle.query(caseStateQuery)).toMatchObject({
        status: 'pending',
        stage: 'courtesy',
        nextAction: { step: 'reminder_1' },
      });
    });
  });
});
