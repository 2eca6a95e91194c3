import { addDays, localDate } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, type CaseState } from '../contract';
import { caseWorkflowId } from '../ids';
import { Run } from '../testing/event-run';
import {
  DUE_MINOR,
  FAST_POLICY,
  minor,
  scenarioArb,
  settle,
  taskFailures,
  TZ,
  within,
} from '../testing/event-scenarios';
import { timeSkippingEnv } from '../testing/harness';
import { caseInput, DAY_MS, EXACT_POLICY, sleepUntil, withCase } from '../testing/fixtures';

// docs/architecture.md "Case lifecycle guarantees" under random event sequences: no combination of events and
// activity behaviours wedges a case, nothing reaches the client while the case is held or closed,
// and the money adds up.

const NUM_RUNS = 20;
const SEED = 20_261_209;

describe('dunningCase under random event sequences (docs/architecture.md "Case lifecycle guarantees")', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('never fails a workflow task, never sends to a held or closed case, and keeps paid + balance consistent', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        // Align the clock on a Monday 00:00 UTC so weekdays and hours replay with the seed.
        const week = 7 * DAY_MS;
        const monday = Math.ceil(((await env.currentTimeMs()) - 4 * DAY_MS) / week) * week + 4 * DAY_MS; // 1970-01-05 was a Monday
        await sleepUntil(env, new Date(monday + scenario.startHour * 3_600_000).toISOString());
        const start = localDate(new Date(await env.currentTimeMs()).toISOString(), TZ);
        const input = caseInput(addDays(start, scenario.dueInDays), {
          policy: scenario.fast ? FAST_POLICY : EXACT_POLICY,
        });
        const run = new Run(env, caseWorkflowId(input.tenant, input.externalId));
        let final: CaseState | undefined;
        let status = '';
        let failedTasks = 0;
        let settled = true;
        let wedged: Error | undefined;
        const calls = await withCase(
          env,
          input,
          async ({ handle }) => {
            try {
              for (const { gapMs, event } of scenario.events) {
                if (gapMs > 0) await within(`sleeping ${gapMs} ms`, env.sleep(gapMs));
                await run.injected();
                settled &&= await settle(env, handle);
                if ((await handle.describe()).status.name !== 'RUNNING') break;
                const what = `${event.kind}${'via' in event ? ` (${event.via})` : ''}`;
                await run.note(`${what}: ${await within(what, run.deliver(event))}`);
              }
              await within('sleeping a day', env.sleep('1 day'));
              await run.injected();
              settled &&= await settle(env, handle);
              // A query, not result(): awaiting a result lets the test server skip time freely.
              final = await within('the final query', handle.query(caseStateQuery));
            } catch (err) {
              wedged = err as Error;
            }
            status = (await handle.describe()).status.name;
            const history = await handle.fetchHistory();
            const failures = taskFailures(history);
            failedTasks = failures.length;
            for (const f of failures) await run.note(f);
            await run.note(`final: ${status} ${JSON.stringify(final)}`);
          },
          run.activities(scenario),
        );
        const story = `\n${run.log.join('\n')}`;
        if (wedged) throw new Error(`${wedged.message}${story}`, { cause: wedged });

        // (a) no workflow task failure, and the case is open or properly finished.
        expect(failedTasks, `workflow task failures${story}`).toBe(0);
        expect(settled, `the case never settled${story}`).toBe(true);
        expect(run.wedges, story).toEqual([]);
        expect(['RUNNING', 'COMPLETED'], story).toContain(status);
        // (b) nothing reached the client or the lawyer while the case was held or closed.
        expect(run.violations, story).toEqual([]);
        // (c) the final state answers and the money adds up with the payments applied, once each.
        expect(final, story).toBeDefined();
        const applied = calls.filter((c) => c.name === 'recordPayment').map((c) => c.input);
        expect(new Set(applied.map((p) => p.paymentId)).size, `a payment applied twice${story}`).toBe(
          applied.length,
        );
        for (const p of applied) {
          expect(run.payments.find((s) => s.id === p.paymentId)?.amountMinor, story).toBe(p.amountMinor);
        }
        const paid = applied.reduce((sum, p) => sum + p.amountMinor, 0);
        expect(minor(final!.paid), story).toBe(paid);
        expect(minor(final!.balance), story).toBe(Math.max(0, DUE_MINOR - paid));
        expect(final!.overpaid ? minor(final!.overpaid) : 0, story).toBe(Math.max(0, paid - DUE_MINOR));
        expect(final!.status === 'paid', story).toBe(paid >= DUE_MINOR);
        // No payment silently dropped: each one delivered is applied, or recorded as not accepted.
        const refused = calls
          .filter((c) => c.name === 'recordTimeline' && c.input.type === 'payment_received')
          .map((c) => c.input.data.paymentId);
        for (const p of run.payments) {
          if (p.outcome.startsWith('rejected')) continue;
          const seen = applied.some((a) => a.paymentId === p.id) || refused.includes(p.id);
          expect(seen, `payment ${p.id} (${p.via}) dropped${story}`).toBe(true);
        }
      }),
      // No shrinking (endOnFailure): a run costs seconds. Add the reported `path` to replay one run.
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
    );
  }, 300_000);
});
