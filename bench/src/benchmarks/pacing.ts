// Pacing: a wave of cases due at one instant, two worker replicas, Resend's limit enforced.
import type { CapturedEmail } from '@relance/devstack';
import { built } from '../harness/built';
import { invoice } from '../harness/cases';
import { eventName, historyOf, TaskQueueType } from '../harness/history';
import { goal, save, type Goal } from '../harness/results';
import { benchStack, type BenchStack } from '../harness/stack';
import { pool, round, sleep } from '../harness/stats';

type WorkerMain = typeof import('../../../apps/worker/src/main');

export async function pacing(): Promise<void> {
  const N = Number(process.env.BENCH_PACING_CASES ?? 200);
  const limit = 5; // Resend's default per-account limit, enforced by the fake
  const workerRate = Number(process.env.BENCH_PACING_WORKER_RATE ?? limit); // RESEND_MAX_PER_SECOND
  const b = await benchStack({ env: { RESEND_MAX_PER_SECOND: String(workerRate) }, resendLimit: limit });
  const { resend } = b;
  try {
    await b.addWorker();
    // Every case's only step is due at `waveAt`, no send window nor business days: one wave.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const midnight = Date.parse(`${yesterday}T00:00:00Z`);
    const seconds = Math.ceil((Date.now() + 15_000 + N * 80 - midnight) / 1000);
    const waveAt = midnight + seconds * 1000;
    const policy = { steps: [{ id: 'wave', after: `PT${seconds}S`, action: 'reminder', tone: 'friendly' }] };
    const prefix = `BENCH-${process.pid}-wave-`;
    const to = (i: number) => `wave-${i}@acme.example`;
    const cases = Array.from({ length: N }, (_, i) => {
      const inv = invoice(`${prefix}${i}`, policy, { dueDate: yesterday, email: to(i) });
      return { ...inv, client: { ...inv.client, timezone: 'UTC' } };
    });
    await pool(N, 10, (i) => b.register(cases[i]));
    const registeredAt = Date.now();
    const registeredBeforeWave = registeredAt <= waveAt;
    const ours = (e: CapturedEmail) => [e.body.to].flat().some((a) => /^wave-\d+@/.test(a));
    // The worker's send gate starts requests at SEND_MARGIN of RESEND_MAX_PER_SECOND (main.ts).
    const { SEND_MARGIN, TASK_QUEUE_PARTITIONS } = await built<WorkerMain>('apps/worker/dist/main.js');
    const gateRate = workerRate * SEND_MARGIN;
    const deadline = waveAt + ((N / gateRate) * 3 + 120) * 1000;
    // Every 10 s, what waits where: the case queue's workflow tasks and the email queue's sends
    // (a wave slower than the gate is held back upstream of it).
    const backlog = async (name: string, type: (typeof TaskQueueType)[keyof typeof TaskQueueType]) => {
      const res = await b.client.workflowService
        .describeTaskQueue({
          namespace: 'default',
          taskQueue: { name },
          taskQueueType: type,
          reportStats: true,
        })
        .catch(() => undefined);
      return Number(res?.stats?.approximateBacklogCount ?? NaN);
    };
    const backlogs = [];
    let nextSample = Math.max(Date.now(), waveAt);
    while (resend.emails.filter(ours).length < N && Date.now() < deadline) {
      if (Date.now() >= nextSample) {
        nextSample += 10_000;
        backlogs.push({
          s: round((Date.now() - waveAt) / 1000),
          sent: resend.emails.filter(ours).length,
          workflowTasks: await backlog('relance', TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
          emailTasks: await backlog('relance-email', TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
        });
      }
      await sleep(200);
    }
    // Late duplicates, if any, arrive within a few seconds.
    await sleep(3000);
    const sent = resend.emails.filter(ours);
    const perCase = new Map<string, number>();
    for (const e of sent) for (const a of [e.body.to].flat()) perCase.set(a, (perCase.get(a) ?? 0) + 1);
    const duplicates = [...perCase.values()].reduce((a, n) => a + n - 1, 0);
    const missing = N - perCase.size;
    const times = sent.map((e) => e.receivedAt.getTime()).sort((x, y) => x - y);
    let maxInOneSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      maxInOneSecond = Math.max(maxInOneSecond, i - j + 1);
    }
    const totalSeconds = (times.at(-1)! - waveAt) / 1000;
    // Sends per 10 s from the wave on: a flat line at the gate's rate, or whatever held it back.
    const per10s: number[] = [];
    for (const t of times) {
      const k = Math.max(0, Math.floor((t - waveAt) / 10_000));
      per10s[k] = (per10s[k] ?? 0) + 1;
    }
    const budget = (N / limit) * 1.1;
    const goals: Goal[] = [];
    goal(goals, `pacing ${N} cases: 429 answers from the provider`, resend.rateLimited, 0, 'responses');
    goal(goals, `pacing ${N} cases: duplicate emails`, duplicates, 0, 'emails');
    goal(goals, `pacing ${N} cases: emails missing`, missing, 0, 'emails');
    goal(
      goals,
      `pacing ${N} cases: wave sent within N/rate + 10 %`,
      round(totalSeconds),
      round(budget),
      's',
      {
        note: `sends gated at ${round(gateRate, 2)}/s (${SEND_MARGIN * 100} % of RESEND_MAX_PER_SECOND=${workerRate}): ≈ ${round(
          N / gateRate,
        )} s expected`,
      },
    );
    save(
      'pacing',
      {
        cases: N,
        workerReplicas: 2,
        providerLimitPerSecond: limit,
        resendMaxPerSecond: workerRate,
        queueRatePerSecond: workerRate * TASK_QUEUE_PARTITIONS,
        sendGatePerSecond: round(gateRate, 2),
        serverQueue: await serverQueue(b),
        registeredBeforeWave,
        registeredSecondsAfterWave: round((registeredAt - waveAt) / 1000),
        sentPer10Seconds: Array.from(per10s, (n) => n ?? 0),
        backlogEvery10Seconds: backlogs,
        workflowTaskTrouble: await taskTrouble(b, prefix, N),
        emails: sent.length,
        rateLimited: resend.rateLimited,
        duplicates,
        missing,
        maxSentInOneSecond: maxInOneSecond,
        firstSentSecondsAfterWave: round((times[0]! - waveAt) / 1000),
        totalSeconds: round(totalSeconds),
        achievedPerSecond: round(sent.length / totalSeconds, 2),
        budgetSeconds: round(budget),
      },
      goals,
    );
  } finally {
    await b.stop();
  }
}

/**
 * How the server enforces the email queue's rate: the limit it reports and the partitions it
 * spreads the queue over (each partition dispatches on its own).
 */
async function serverQueue(b: BenchStack) {
  const queue = { name: 'relance-email' };
  const partitions = await b.client.workflowService
    .listTaskQueuePartitions({ namespace: 'default', taskQueue: queue })
    .then((r) => r.activityTaskQueuePartitions?.length)
    .catch(() => undefined);
  const described = await b.client.workflowService
    .describeTaskQueue({
      namespace: 'default',
      taskQueue: queue,
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      reportConfig: true,
    })
    .catch(() => undefined);
  const effective = described?.effectiveRateLimit;
  return {
    partitions,
    effectiveRateLimit: effective
      ? { perSecond: effective.requestsPerSecond, source: effective.rateLimitSource }
      : undefined,
  };
}

/** What the wave cost the case workflows: their task timeouts and failures (a sample of 100). */
async function taskTrouble(b: BenchStack, prefix: string, N: number) {
  const trouble = {
    sampledCases: Math.min(N, 100),
    timedOut: 0,
    timedOutAfter: {} as Record<string, number>,
    timeoutType: {} as Record<string, number>,
    failed: 0,
    workflowTasks: 0,
  };
  const tally = (counts: Record<string, number>, key: unknown) =>
    (counts[String(key)] = (counts[String(key)] ?? 0) + 1);
  for (let i = 0; i < trouble.sampledCases; i++) {
    const events = await historyOf(b.client, `dunning:default:${prefix}${i}`);
    events.forEach((e, k) => {
      const name = eventName(e);
      if (name === 'WORKFLOW_TASK_TIMED_OUT') {
        trouble.timedOut++;
        // Where in the case it happened: the event that asked for the task.
        tally(trouble.timedOutAfter, eventName(events[k - 2] ?? e));
        tally(trouble.timeoutType, e.workflowTaskTimedOutEventAttributes?.timeoutType);
      }
      if (name === 'WORKFLOW_TASK_FAILED') trouble.failed++;
      if (name === 'WORKFLOW_TASK_STARTED') trouble.workflowTasks++;
    });
  }
  return trouble;
}
