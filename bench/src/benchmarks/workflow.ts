// P4: the default lifecycle.
import { addDays } from '@relance/domain';
import { performance } from 'node:perf_hooks';
import { built } from '../harness/built';
import { describeEvent, eventName } from '../harness/history';
import { goal, save, type Goal } from '../harness/results';

type Harness = typeof import('../../../packages/workflows/src/testing/harness');
type Fixtures = typeof import('../../../packages/workflows/src/testing/fixtures');
type HistoryEvent = Parameters<typeof eventName>[0];

/** The full default lifecycle on the time-skipping server: history length and wall time. */
export async function workflow(): Promise<void> {
  const { timeSkippingEnv, workflowBundle: testBundle } = await built<Harness>(
    'packages/workflows/dist/testing/harness.js',
  );
  const { caseInput, withCase, today } = await built<Fixtures>('packages/workflows/dist/testing/fixtures.js');
  const env = await timeSkippingEnv();
  try {
    // The bundle is built once per test file, not per case: outside the lifecycle's time.
    const s = performance.now();
    await testBundle();
    const bundleMs = Math.round(performance.now() - s);
    const d = await today(env);
    // Registered three days before the due date with the default French policy; runs to the
    // legal hand-off (day 38) and is then paid: the 45-day scenario.
    const input = caseInput(addDays(d, 3));
    let events: HistoryEvent[] = [];
    let wall = 0;
    await withCase(env, input, async ({ handle }) => {
      const t0 = performance.now(); // the case just started, its worker polling
      await env.sleep('48 days');
      const state = await handle.query<{ status: string }>('caseState');
      if (state.status !== 'handed_off') throw new Error(`expected handed_off, got ${state.status}`);
      await handle.executeUpdate('recordPayment', {
        args: [{ id: 'bench', amount: '1200.00', paidAt: new Date(await env.currentTimeMs()).toISOString() }],
      });
      await handle.result();
      wall = performance.now() - t0;
      events = (await handle.fetchHistory()).events ?? [];
    });
    const wallMs = Math.round(wall);
    const byType: Record<string, number> = {};
    for (const e of events) byType[eventName(e)] = (byType[eventName(e)] ?? 0) + 1;
    // BENCH_DUMP_EVENTS=1: the history, one event a line, to see where the events go.
    if (process.env.BENCH_DUMP_EVENTS) for (const e of events) console.log(`    ${describeEvent(e)}`);
    const goals: Goal[] = [];
    goal(goals, 'P4 default lifecycle history events', events.length, 100, 'events');
    goal(goals, 'P4 default lifecycle wall time (time-skipping)', wallMs, 2000, 'ms');
    save(
      'workflow-lifecycle',
      {
        scenario: 'default FR policy, due+3 → handed_off → paid (45+ case days)',
        historyEvents: events.length,
        wallMs,
        bundleMs,
        eventsByType: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1])),
        activitiesScheduled: byType.ACTIVITY_TASK_SCHEDULED ?? 0,
      },
      goals,
    );
  } finally {
    await env.teardown();
  }
}
