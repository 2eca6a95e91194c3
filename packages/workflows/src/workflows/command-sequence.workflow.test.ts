import { addDays } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, recordPaymentUpdate } from '../contract';
import { caseInput, today, withCase } from '../testing/fixtures';
import { timeSkippingEnv } from '../testing/harness';

// One command sequence (issue 19): a new case asks for no patch but the deprecated one that lets
// cases of the previous release replay, so its history carries that one patch marker (and the
// TemporalChangeVersion upsert the SDK adds to it) and the default lifecycle (the bench's P4
// scenario) takes 102 events; 100 once the next release drops the deprecated call.

describe('dunningCase records one command sequence', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs the default lifecycle (due + 3 → handed off → paid) in at most 102 events, with one patch marker', async () => {
    const input = caseInput(addDays(await today(env), 3));
    await withCase(env, input, async ({ handle }) => {
      await env.sleep('48 days');
      expect((await handle.query(caseStateQuery)).status).toBe('handed_off');
      const paidAt = new Date(await env.currentTimeMs()).toISOString();
      await handle.executeUpdate(recordPaymentUpdate, { args: [{ id: 'p1', amount: '1200.00', paidAt }] });
      expect(await handle.result()).toMatchObject({ status: 'paid' });
      const events = (await handle.fetchHistory()).events ?? [];
      const markers = events.flatMap((e) => e.markerRecordedEventAttributes?.markerName ?? []);
      expect(markers.filter((m) => m !== 'core_local_activity')).toEqual(['core_patch']);
      expect(events.length).toBeLessThanOrEqual(102);
    });
  });
});
