// Registration throughput, and P2: payment webhook → `paid` with 1,000 open cases.
import { performance } from 'node:perf_hooks';
import { invoice, payAndWait, QUIET, waitSettled, type Payment } from '../harness/cases';
import { sinceLastSignal } from '../harness/history';
import { goal, save, type Goal } from '../harness/results';
import { benchStack } from '../harness/stack';
import { pct, pool, round, sleep, stats } from '../harness/stats';

/** Registration through the API against raw `client.workflow.start`, and webhook → paid latency. */
export async function api(): Promise<void> {
  const b = await benchStack();
  const { client } = b;
  const N = Number(process.env.BENCH_REGISTRATIONS ?? 300);
  const OPEN = Number(process.env.BENCH_PAYMENT_OPEN_CASES ?? 1000);
  const M = Number(process.env.BENCH_PAYMENTS ?? 200);
  const C = 10;
  const prefix = `BENCH-${process.pid}-api-`;
  const { pg } = b;
  try {
    // Policies far in the future so registrations measure registration, not sending.
    await b.register(invoice(`${prefix}warm`, QUIET));
    let s = performance.now();
    const apiLat = await pool(N, C, (i) => b.register(invoice(`${prefix}${i}`, QUIET)));
    const apiSeconds = (performance.now() - s) / 1000;
    s = performance.now();
    const rawLat = await pool(N, C, async (i) => {
      await client.workflow.start('dunningCase', {
        workflowId: `raw-${process.pid}-${i}`,
        taskQueue: 'relance-bench-idle', // nobody polls: measures the start call alone
        args: [{ ...invoice(`raw-${i}`), tenant: 'default', jurisdiction: 'FR', policy: QUIET }],
      });
    });
    const rawSeconds = (performance.now() - s) / 1000;
    save('registration-throughput', {
      registrations: N,
      concurrency: C,
      api: { perSecond: round(N / apiSeconds), latencyMs: stats(apiLat) },
      rawWorkflowStart: { perSecond: round(N / rawSeconds), latencyMs: stats(rawLat) },
      apiOverRaw: round(N / apiSeconds / (N / rawSeconds), 3),
    });

    // P2. Top up to OPEN open cases, all parked in their timer; then M payments one after the
    // other, spread over the cases (the first is the first payment the API and worker handle);
    // then a deploy (API and worker restarted) and R more payments to cases not paid yet.
    const open = Math.max(OPEN, 2 * M);
    await pool(open - N, C, (i) => b.register(invoice(`${prefix}${N + i}`, QUIET)));
    await waitSettled(pg, prefix, open);
    await sleep(2000);
    const spread = (k: number, count: number, offset: number) =>
      `${prefix}${Math.floor((k * open) / count) + offset}`;
    const run = async (count: number, offset: number, tag: string) => {
      const payments: (Payment & { id: string })[] = [];
      for (let k = 0; k < count; k++) {
        const id = spread(k, count, offset);
        payments.push({ id, ...(await payAndWait(b, id, tag)) });
      }
      return payments;
    };
    const report = async (payments: (Payment & { id: string })[]) => {
      const paid = payments.map((p) => p.paidMs);
      const slowest = [...payments.keys()].sort((x, y) => paid[y]! - paid[x]!).slice(0, 3);
      const detail = async (k: number) => ({
        payment: k,
        paidMs: round(paid[k]!),
        webhookAnswerMs: round(payments[k]!.ackMs),
        history: await sinceLastSignal(client, `dunning:default:${payments[k]!.id}`),
      });
      return {
        payments: payments.length,
        latencyMs: stats(paid),
        webhookAnswerMs: stats(payments.map((p) => p.ackMs)),
        // A GET of the case view once the row says `paid` (not counted above).
        caseViewGetMs: stats(payments.map((p) => p.viewMs)),
        firstFive: paid.slice(0, 5).map((ms) => round(ms)),
        first: await detail(0),
        slowest: await Promise.all(slowest.map(detail)),
      };
    };
    const steady = await run(M, 0, 'p2');
    const R = Number(process.env.BENCH_PAYMENTS_AFTER_RESTART ?? 50);
    // A deploy: the API and the worker restarted (drained). BENCH_RESTART=crash: the worker alone
    // is SIGKILLed and started again, leaving its sticky queue behind.
    const crash = process.env.BENCH_RESTART === 'crash';
    const restart: { kind: string; apiMs?: number; workerMs?: number } = {
      kind: crash ? 'worker SIGKILL' : 'api + worker SIGTERM',
    };
    if (!crash) {
      s = performance.now();
      await b.restartApi();
      restart.apiMs = Math.round(performance.now() - s);
    }
    s = performance.now();
    await b.restartWorker({ crash });
    restart.workerMs = Math.round(performance.now() - s);
    const afterRestart = R > 0 ? await run(R, Math.floor(open / M / 2), 'deploy') : [];
    const paid = steady.map((p) => p.paidMs);
    const goals: Goal[] = [];
    goal(goals, `P2 webhook → paid p99 (${M} payments, ${open} open cases)`, pct(paid, 99), 150, 'ms');
    goal(goals, 'P2 webhook → paid, first payment after start', paid[0]!, 150, 'ms');
    goal(goals, `P2 webhook → paid, slowest of the ${M}`, Math.max(...paid), 150, 'ms');
    if (R > 0) {
      const again = afterRestart.map((p) => p.paidMs);
      goal(goals, `P2 after a restart: first payment`, again[0]!, 150, 'ms');
      goal(goals, `P2 after a restart: p99 of ${R} payments`, pct(again, 99), 150, 'ms');
    }
    save(
      'webhook-to-paid',
      {
        openCases: open,
        maxCachedWorkflows: 1000,
        steady: await report(steady),
        ...(R > 0 ? { afterRestart: { restart, ...(await report(afterRestart)) } } : {}),
      },
      goals,
    );
  } finally {
    await b.stop();
  }
}
