// P3: worker memory with many parked cases, settling rate, wake-up latency.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { invoice, payAndWait, QUIET, waitSettled } from '../harness/cases';
import { cpuByTree, cpuDelta, stackRoots } from '../harness/cpu';
import { goal, save, type Goal } from '../harness/results';
import { benchStack } from '../harness/stack';
import { pool, round, sleep, stats } from '../harness/stats';

interface Checkpoint {
  openCases: number;
  rssMb: number;
  peakRssMb: number;
  secondsSinceStart: number;
  settleLagSeconds: number;
}

/** Worker RSS (and peak) with more and more parked cases; the settle rate; wake-up latency. */
export async function memory(): Promise<void> {
  const checkpoints = String(process.env.BENCH_OPEN_CASES ?? '1000,5000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0)
    .sort((a, c) => a - c);
  const maxCached = process.env.BENCH_MAX_CACHED_WORKFLOWS;
  const b = await benchStack({
    env: {
      ...(maxCached ? { WORKER_MAX_CACHED_WORKFLOWS: maxCached } : {}),
    },
  });
  const { stack } = b;
  const prefix = `BENCH-${process.pid}-mem-`;
  const mem = () => {
    const status = readFileSync(`/proc/${stack.worker.child.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)![1]);
    return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024) };
  };
  const { pg } = b;
  try {
    await sleep(3000);
    const before = mem();
    const points: Checkpoint[] = [];
    let registered = 0;
    const start = performance.now();
    const cpu0 = cpuByTree(stackRoots(b));
    for (const target of checkpoints) {
      // Registered through the API so each case has its row; the worker runs each to its long sleep.
      const from = registered;
      await pool(target - from, 20, (i) => b.register(invoice(`${prefix}${from + i}`, QUIET)));
      registered = target;
      const registeredAt = performance.now();
      await waitSettled(pg, prefix, target);
      const settledAt = performance.now();
      await sleep(5000);
      points.push({
        openCases: target,
        ...mem(),
        secondsSinceStart: round((settledAt - start) / 1000),
        settleLagSeconds: round((settledAt - registeredAt) / 1000),
      });
      console.log(`  ${JSON.stringify(points.at(-1))}`);
    }
    const first = points[0];
    const last = points.at(-1);
    if (!first || !last) throw new Error('BENCH_OPEN_CASES: no checkpoint above 0');
    const settleSeconds = last.secondsSinceStart;
    const cpu = cpuDelta(cpu0, cpuByTree(stackRoots(b)), settleSeconds);
    const slopePer1k =
      points.length > 1 ? ((last.rssMb - first.rssMb) * 1000) / (last.openCases - first.openCases) : 0;

    // Wake-up: a payment to the oldest cases (evicted once there are more than the cache holds)
    // and to the newest ones (still cached).
    const K = Number(process.env.BENCH_WAKEUPS ?? 20);
    const wake = async (ids: string[]) => {
      const ms: number[] = [];
      for (const id of ids) ms.push((await payAndWait(b, id, 'wake')).paidMs);
      return stats(ms);
    };
    const total = last.openCases;
    const oldest = await wake(Array.from({ length: K }, (_, i) => `${prefix}${i}`));
    const newest = await wake(Array.from({ length: K }, (_, i) => `${prefix}${total - 1 - i}`));

    const goals: Goal[] = [];
    goal(goals, `P3 worker RSS with ${total} parked cases`, last.rssMb, 250, 'MB');
    if (points.length > 1) {
      // "Flat": within 10 % from the first to the last checkpoint.
      goal(
        goals,
        `P3 worker RSS growth ${first.openCases} → ${total} cases`,
        round((100 * (last.rssMb - first.rssMb)) / first.rssMb),
        10,
        '%',
        { note: `${round(slopePer1k, 2)} MB per 1,000 cases` },
      );
    }
    save(
      'worker-memory',
      {
        maxCachedWorkflows: Number(maxCached ?? 250), // the worker's default (WORKER_MAX_CACHED_WORKFLOWS)
        workerRssMbBefore: before.rssMb,
        checkpoints: points,
        rssSlopeMbPer1000Cases: round(slopePer1k, 2),
        settle: {
          cases: total,
          perSecond: round(total / settleSeconds),
          // Where the two cores went while the cases were registered and settled.
          ...cpu,
        },
        wakeUpPaidMs: { oldestCases: oldest, newestCases: newest },
      },
      goals,
    );
  } finally {
    await b.stop();
  }
}
