import { addDays, DEFAULT_POLICY_FR, planSchedule, startOfLocalDay } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, recordPaymentUpdate } from '../contract';
import { timeSkippingEnv, timesOf, trace } from '../testing/harness';
import { caseInput, DAY_MS, EXACT_POLICY, sleepUntil, today, withCase } from '../testing/fixtures';

const paris = (date: string) => new Date(startOfLocalDay(date, 'Europe/Paris')).toISOString();

describe('dunningCase escalation', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  // First: the test server's clock only moves forward, and `result()` lets it jump to far timers.
  it('spans a weekend, Easter Monday and the DST change with the default French policy', async () => {
    // Friday 26 March 2027; clocks go forward on Sunday 28 March; Monday 29 March is Easter Monday.
    await sleepUntil(env, '2027-03-20T08:00:00Z');
    const input = caseInput('2027-03-26');
    const calls = await withCase(env, input, async () => {
      await sleepUntil(env, '2027-04-12T12:00:00Z');
    });
    const sends = calls.filter((c) => c.name === 'sendClientEmail');
    expect(sends.map((c) => c.input.step)).toEqual(['courtesy', 'reminder_1', 'reminder_2']);
    // To the minute: the courtesy timer starts in the case's first workflow task, whose first
    // (cold) run on a loaded host can make it fire a second late.
    const toMinute = (t: string) => t.replace(/:\d\d\.\d{3}Z$/, ':00.000Z');
    expect(timesOf(calls, 'sendClientEmail').map(toMinute)).toEqual([
      '2027-03-23T08:00:00.000Z', // Tuesday 23 March 09:00 CET (due − 3 days)
      '2027-03-30T07:00:00.000Z', // Sat 27 → weekend → Easter Monday → Tuesday 30 March 09:00 CEST
      '2027-04-06T07:00:00.000Z', // due + 8 = Sat 3 April, but spacing: 30 March + 7 days = Tuesday 6 April 09:00 CEST
    ]);
    // The same instants the domain plans from registration.
    const planned = planSchedule({
      dueDate: '2027-03-26',
      timezone: 'Europe/Paris',
      policy: DEFAULT_POLICY_FR,
      now: '2027-03-20T08:00:00Z',
      nextIndex: 0,
    });
    expect(planned.slice(0, 3).map((p) => new Date(p.fireAt).toISOString())).toEqual(
      timesOf(calls, 'sendClientEmail').map(toMinute),
    );
  });

  it('escalates through every step to handed_off at the exact offsets, then completes on payment', async () => {
    const due = addDays(await today(env), 2);
    const input = caseInput(due, { policy: EXACT_POLICY });
    const wall = Date.now();
    const calls = await withCase(env, input, async ({ handle }) => {
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'pending', stage: 'none' });
      await sleepUntil(env, paris(addDays(due, 40)));
      expect(await handle.query(caseStateQuery)).toMatchObject({
        status: 'handed_off',
        stage: 'legal_handoff',
        nextAction: null,
      });
      const paid = await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'pay-1', amount: '1200.00', paidAt: new Date(await env.currentTimeMs()).toISOString() }],
      });
      expect(paid).toMatchObject({ status: 'paid', balance: '0.00', paid: '1200.00' });
      expect(await handle.result()).toMatchObject({ status: 'paid' });
    });
    const elapsed = Date.now() - wall;
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'email:firm:step:reminder_2',
      'email:urgent:step:final_notice',
      'timeline:call_task_created',
      'alert:call_task',
      `formal_notice:${addDays(due, 38)}`,
      'alert:formal_notice_sent',
      'legal_handoff',
      'alert:handed_off',
      'payment:pay-1:120000',
      'email:payment_confirmation:paid',
      'alert:paid',
    ]);
    // Offsets from 00:00 of the due date in the client's zone, exactly.
    expect(timesOf(calls, 'sendClientEmail').slice(0, 3)).toEqual([
      paris(addDays(due, 1)),
      paris(addDays(due, 8)),
      paris(addDays(due, 15)),
    ]);
    expect(timesOf(calls, 'sendFormalNotice')).toEqual([paris(addDays(due, 30))]);
    // The hand-off waits until the formal notice's deadline day (due + 38) has passed.
    expect(timesOf(calls, 'handOffToLawyer')).toEqual([paris(addDays(due, 39))]);
    // The firm reminder announces late fees from the day after the due date; the urgent one the notice date.
    const emails = calls.filter((c) => c.name === 'sendClientEmail').map((c) => c.input.email);
    expect(emails[1]).toEqual({ template: 'firm', lateFeesFrom: addDays(due, 1) });
    expect(emails[2]).toEqual({ template: 'urgent', formalNoticeOn: addDays(due, 30) });
    const notice = calls.find((c) => c.name === 'sendFormalNotice')!.input;
    expect(notice).toMatchObject({
      sentOn: addDays(due, 30),
      deadline: addDays(due, 38),
      penalties: { fixedFee: '40.00' },
    });
    // Penalties are computed as of the send date.
    expect(calls.find((c) => c.name === 'computePenalties')!.input).toMatchObject({
      asOf: addDays(due, 30),
      balanceMinor: 120000,
    });
    expect(elapsed).toBeGreaterThan(0); // the scenario's wall time is reported by `pnpm bench`, not asserted
  });

  it('ends unrecovered below the legal hand-off threshold and tells the creditor why', async () => {
    const due = addDays(await today(env), -29);
    const input = caseInput(due, { policy: EXACT_POLICY, total: '300.00', amountDue: '300.00' });
    const calls = await withCase(env, input, async ({ handle }) => {
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'unrecovered', stage: 'legal_handoff' });
    });
    const t = trace(calls);
    expect(t).not.toContain('legal_handoff');
    expect(t.slice(-2)).toEqual(['timeline:unrecovered', 'alert:unrecovered']);
    const alert = calls.find((c) => c.name === 'alertCreditor' && c.input.alert.kind === 'unrecovered')!;
    expect(alert.input.alert.reason).toMatch(/300\.00 is below the 500\.00 threshold/);
  });

  it('catches up a case registered 20 days late: no level skipped, spacing kept', async () => {
    const now = await env.currentTimeMs();
    const due = addDays(new Date(now).toISOString().slice(0, 10), -20);
    const input = caseInput(due, { policy: EXACT_POLICY });
    const calls = await withCase(env, input, async ({ handle }) => {
      await env.sleep(40 * DAY_MS);
      expect((await handle.query(caseStateQuery)).stage).toBe('legal_handoff');
    });
    const sends = calls.filter((c) =>
      ['sendClientEmail', 'sendFormalNotice', 'handOffToLawyer'].includes(c.name),
    );
    expect(sends.map((c) => c.input.step)).toEqual([
      'reminder_1',
      'reminder_2',
      'final_notice',
      'formal_notice',
      'legal_handoff',
    ]);
    const at = sends.map((c) => c.at);
    // The first pending step runs at once; each later one keeps the policy's spacing after it.
    expect(at[0]! - now).toBeLessThan(60_000);
    const spacingDays = [7, 7, 15, 8];
    spacingDays.forEach((days, i) =>
      expect(at[i + 1]! - at[i]!).toBeGreaterThanOrEqual(days * DAY_MS - 3_600_000),
    );
  });
});
