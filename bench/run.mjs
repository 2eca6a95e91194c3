// `pnpm bench`: Relance's speed and memory figures against the goals of issue 11, written to
// bench/results/<name>.json (each with a `goals` array: name, value, goal, pass) and printed with
// PASS/MISS. Shared, noisy machines: never asserted in tests; each record carries the load average.
//
//   pnpm bench                              # everything
//   pnpm bench render workflow              # some benchmarks only: render workflow api memory pacing webhooks
//   BENCH_OPEN_CASES=1000,5000 pnpm bench memory
//   BENCH_PACING_CASES=2000 pnpm bench pacing
//
// Every stack runs the worker as the image does: a prebuilt workflow bundle (RELANCE_WORKFLOW_BUNDLE),
// built once per run, and nothing is measured before the worker polls its task queues.
/* global console, fetch, performance, process, setTimeout */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookStorm } from './webhooks.mjs';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, digits = 1) => +x.toFixed(digits);
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const stats = (ms) => ({
  n: ms.length,
  p50: round(pct(ms, 50), 3),
  p90: round(pct(ms, 90), 3),
  p99: round(pct(ms, 99), 3),
  max: round(Math.max(...ms), 3),
  mean: round(ms.reduce((a, b) => a + b, 0) / ms.length, 3),
});

// ---------------------------------------------------------------------------------------------
// Goals: each benchmark collects {name, value, unit, goal, pass}; printed, saved, summarised.

const summary = [];

/** A goal: `value` against `limit` (`≤` by default, `≥` with `atLeast`). */
function goal(goals, name, value, limit, unit, { atLeast = false, note } = {}) {
  const pass = atLeast ? value >= limit : value <= limit;
  const g = { name, value: round(value, 3), unit, goal: `${atLeast ? '≥' : '≤'} ${limit} ${unit}`, pass };
  if (note) g.note = note;
  goals.push(g);
  return g;
}

const line = (g) =>
  `  ${g.pass ? 'PASS' : 'MISS'}  ${g.name}: ${g.value} ${g.unit} (goal ${g.goal})${g.note ? ` — ${g.note}` : ''}`;

function save(name, result, goals = []) {
  const record = {
    name,
    at: new Date().toISOString(),
    node: process.version,
    loadAverage: loadavg().map((x) => round(x, 2)),
    goals,
    ...result,
  };
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`${name}: ${JSON.stringify(result)}`);
  for (const g of goals) console.log(line(g));
  summary.push(...goals.map((g) => ({ benchmark: name, ...g })));
}

// ---------------------------------------------------------------------------------------------
// The stack: Temporal dev server, Postgres, the API and the worker as child processes.

const devstack = () => require(join(root, 'packages/devstack/dist/index.js'));
const { Client, Connection } = require('@temporalio/client');
const { temporal: proto } = createRequire(require.resolve('@temporalio/client'))('@temporalio/proto');
const EventType = proto.api.enums.v1.EventType;
const TaskQueueType = proto.api.enums.v1.TaskQueueType;

/** One history event: its id and type, and what it names (timer, activity, marker, search attributes). */
function describeEvent(e) {
  const detail =
    (e.timerStartedEventAttributes && `${e.timerStartedEventAttributes.startToFireTimeout?.seconds}s`) ||
    e.activityTaskScheduledEventAttributes?.activityType?.name ||
    e.markerRecordedEventAttributes?.markerName ||
    (e.upsertWorkflowSearchAttributesEventAttributes &&
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes.indexedFields).join(
        ',',
      )) ||
    '';
  return `${e.eventId} ${eventName(e)} ${detail}`.trimEnd();
}

let bundlePath;
/** The workflow bundle the image ships, built once per run (as `build:bundle` does). */
async function workflowBundle() {
  if (!bundlePath) {
    const dir = mkdtempSync(join(tmpdir(), 'relance-bench-bundle-'));
    const s = performance.now();
    const { buildWorkflowBundle } = require(join(root, 'apps/worker/dist/bundle.js'));
    bundlePath = (await buildWorkflowBundle(join(dir, 'workflow-bundle.js'))).path;
    console.log(`(workflow bundle built in ${Math.round(performance.now() - s)} ms)`);
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return bundlePath;
}

/** Whether a process with this pid polls `queue` (Temporal lists pollers by identity `pid@host`). */
async function polling(client, queue, type, pid) {
  const res = await client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: queue },
    taskQueueType: type,
  });
  return (res.pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
}

/** Resolves once `worker` polls the case queue (workflows) and the email queue (activities). */
async function workerReady(client, worker, timeoutMs = 90_000) {
  const start = performance.now();
  for (;;) {
    if (!worker.isRunning()) throw new Error(`the worker exited: ${worker.recentOutput()}`);
    const pid = worker.child.pid;
    if (
      (await polling(client, 'relance', TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, pid)) &&
      (await polling(client, 'relance', TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, pid)) &&
      (await polling(client, 'relance-email', TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, pid))
    )
      return Math.round(performance.now() - start);
    if (performance.now() - start > timeoutMs) throw new Error('the worker does not poll its queues');
    await sleep(50);
  }
}

async function apiReady(url, api, timeoutMs = 60_000) {
  const start = performance.now();
  for (;;) {
    if (!api.isRunning()) throw new Error(`the API exited: ${api.recentOutput()}`);
    if ((await fetch(`${url}/health/ready`).catch(() => undefined))?.ok) return;
    if (performance.now() - start > timeoutMs) throw new Error('the API is not ready');
    await sleep(50);
  }
}

/** The whole system, ready: the API answers /health/ready and the worker polls. */
async function benchStack({ env = {}, resendLimit } = {}) {
  const { startStack, FakeResend } = devstack();
  const bundle = await workflowBundle();
  const resend = await new FakeResend().start();
  if (resendLimit) resend.maxPerSecond = resendLimit;
  const stack = await startStack({
    env: {
      RESEND_API_KEY: 're_bench',
      RESEND_BASE_URL: resend.url,
      LOG_LEVEL: 'error',
      RELANCE_WORKFLOW_BUNDLE: bundle,
      NODE_ENV: 'production', // as the images run (React's production build)
      // V8 flags for the stack's Node processes (worker and API share the stack's environment).
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      ...env,
    },
  });
  const connection = await Connection.connect({ address: stack.temporal.address });
  const client = new Client({ connection });
  const { Client: Pg } = require('pg');
  const pg = new Pg({ connectionString: stack.databaseUrl });
  await pg.connect();
  const extra = [];
  const b = {
    stack,
    resend,
    client,
    pg,
    async ready() {
      await apiReady(stack.apiUrl, stack.api);
      return workerReady(client, stack.worker);
    },
    /** A deploy: the worker drains and a new one starts; resolves when it polls. */
    async restartWorker({ crash = false } = {}) {
      if (crash) {
        stack.worker.child.kill('SIGKILL');
        await stack.worker.exited;
      } else await stack.worker.stop();
      await stack.startWorker();
      return workerReady(client, stack.worker);
    },
    async restartApi() {
      const { startProcess, repoRoot } = devstack();
      await stack.api.stop();
      stack.api = startProcess('api', process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
        env: stack.env,
        logFile: join(stack.dataDir, 'api.log'),
      });
      await apiReady(stack.apiUrl, stack.api);
    },
    /** One more worker replica on the same queues. */
    async addWorker() {
      const { startProcess, repoRoot } = devstack();
      const w = startProcess('worker-2', process.execPath, [join(repoRoot, 'apps/worker/dist/main.js')], {
        env: stack.env,
        logFile: join(stack.dataDir, `worker-${extra.length + 2}.log`),
      });
      extra.push(w);
      await workerReady(client, w);
      return w;
    },
    post(path, body, headers = {}) {
      return fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async register(body) {
      const res = await b.post('/v1/invoices', body);
      if (res.status !== 201) throw new Error(`registration: ${res.status} ${await res.text()}`);
    },
    async view(externalId) {
      const res = await fetch(`${stack.apiUrl}/v1/invoices/${encodeURIComponent(externalId)}`, {
        headers: { authorization: `Bearer ${stack.apiKey}` },
      });
      return res.json();
    },
    async stop() {
      await Promise.all(extra.map((w) => w.stop()));
      await pg.end();
      await connection.close();
      await stack.stop();
      await resend.stop();
    },
  };
  await b.ready();
  return b;
}

/** Counts the cases of `prefix` whose projection shows their next action (parked in a timer). */
async function settledCount(pg, prefix) {
  const { rows } = await pg.query(
    'SELECT count(*)::int AS n FROM invoices WHERE next_action IS NOT NULL AND external_id LIKE $1',
    [`${prefix}%`],
  );
  return rows[0].n;
}

async function waitSettled(pg, prefix, n, timeoutMs = 30 * 60_000) {
  const start = performance.now();
  while ((await settledCount(pg, prefix)) < n) {
    if (performance.now() - start > timeoutMs) throw new Error(`${prefix}: fewer than ${n} cases settled`);
    await sleep(250);
  }
}

// A policy whose only step is ten years away: the case registers, syncs and parks in its timer.
const QUIET = { steps: [{ id: 'r1', after: 'P3650D', action: 'reminder', tone: 'friendly' }] };

function invoice(externalId, policy, { dueDate, email } = {}) {
  const due = dueDate ?? new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const i = Number(/(\d+)$/.exec(externalId)?.[1] ?? 0);
  return {
    externalId,
    number: `B-${externalId}`,
    issueDate: due,
    dueDate: due,
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: {
      id: `C-${i % 50}`,
      name: 'Jeanne Martin',
      email: email ?? 'compta@acme.example',
      locale: 'fr',
      timezone: 'Europe/Paris',
      type: 'business',
      country: 'FR',
    },
    ...(policy ? { policy } : {}),
  };
}

async function pool(n, concurrency, fn) {
  const latencies = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return latencies;
}

const eventMs = (e) => Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6);
const eventName = (e) => (EventType[e.eventType] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');

/** The events a case recorded from its last signal on, in ms after that signal. */
async function sinceLastSignal(client, workflowId) {
  const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
  const from = events.findLastIndex((e) => eventName(e) === 'WORKFLOW_EXECUTION_SIGNALED');
  const t0 = eventMs(events[from]);
  return events.slice(from).map((e) => `${eventName(e)} +${eventMs(e) - t0}`);
}

/**
 * A signed payment webhook for the whole amount, then the API's case view polled until `paid`.
 * Returns the webhook's answer time and the time until `paid` is visible, from the send.
 */
async function payAndWait(b, externalId, tag) {
  const event = JSON.stringify({
    id: `evt_${tag}_${externalId}`,
    type: 'payment.succeeded',
    data: { invoiceId: externalId, amount: '1200.00', currency: 'EUR', paidAt: new Date().toISOString() },
  });
  const t = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', b.stack.webhookSecret).update(`${t}.${event}`).digest('hex');
  const start = performance.now();
  const res = await b.post('/v1/webhooks/payments/default', event, {
    'relance-signature': `t=${t},v1=${sig}`,
  });
  const ackMs = performance.now() - start;
  if (res.status >= 300) throw new Error(`webhook: ${res.status} ${await res.text()}`);
  // The API's case view reads the projection row: watch the row (cheap), so that polling the
  // full view (timeline, penalties) does not take the CPU the worker needs; then check the view.
  for (;;) {
    const { rows } = await b.pg.query('SELECT status FROM invoices WHERE external_id = $1', [externalId]);
    if (rows[0]?.status === 'paid') break;
    if (performance.now() - start > 60_000) throw new Error(`${externalId} not paid after 60 s`);
    await sleep(2);
  }
  const paidMs = performance.now() - start;
  const s = performance.now();
  const view = await b.view(externalId);
  if (view.status !== 'paid') throw new Error(`${externalId}: the API shows ${view.status}`);
  return { ackMs, paidMs, viewMs: performance.now() - s };
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: who used the two cores during a phase (what bounds a throughput).

function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      /* exited meanwhile */
    }
  }
  return table;
}

/** Busy CPU seconds of the whole machine (every core, every tenant) so far. */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + steal) / 100;
}

/**
 * CPU seconds used so far by each named process and its descendants, this process alone (its
 * children are the stack), and the machine as a whole (`others`: every other tenant of the host).
 */
function cpuByTree(roots) {
  const table = processTable();
  const children = new Map();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const sum = (pid) =>
    (table.get(pid)?.ticks ?? 0) + (children.get(pid) ?? []).reduce((a, c) => a + sum(c), 0);
  const ours = Object.fromEntries(Object.entries(roots).map(([name, pid]) => [name, sum(pid) / 100]));
  ours.bench = (table.get(process.pid)?.ticks ?? 0) / 100;
  ours.others = machineCpu() - Object.values(ours).reduce((a, b) => a + b, 0);
  return ours;
}

function stackRoots(b) {
  const { stack } = b;
  return {
    worker: stack.worker.child.pid,
    api: stack.api.child.pid,
    temporal: stack.temporal.process.child.pid,
    postgres: stack.postgres.process.child.pid,
  };
}

function cpuDelta(before, after, seconds) {
  const used = Object.fromEntries(Object.keys(after).map((k) => [k, round(after[k] - (before[k] ?? 0), 1)]));
  const total = Object.values(used).reduce((a, b) => a + b, 0);
  return {
    seconds: round(seconds),
    cpuSeconds: used,
    // Of the two cores: 100 % = both cores busy for the whole phase (`others` included).
    coresBusyPercent: round((100 * total) / (2 * seconds)),
  };
}

// ---------------------------------------------------------------------------------------------
// P5: render times.

/** Render time of every email template (HTML + text) and of the two PDFs. */
async function render() {
  // React picks its development or production build when first required; the image runs with
  // NODE_ENV=production (apps/worker/Dockerfile), and development React takes about twice as long.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const t = require(join(root, 'packages/templates/dist/index.js'));
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  const result = {};
  const goals = [];
  const measure = async (fn, n) => {
    const ms = [];
    const cpu = [];
    for (let i = 0; i < n; i++) {
      const c = process.cpuUsage();
      const s = performance.now();
      await fn();
      ms.push(performance.now() - s);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    // CPU time per render (this thread's process): robust to other load on the shared cores.
    return { ...stats(ms), cpuP50: round(pct(cpu, 50), 3) };
  };
  for (const name of t.TEMPLATE_NAMES) {
    const message = t.sampleMessage(name, 'fr');
    for (let i = 0; i < 5; i++) await t.renderEmail(message); // warm-up
    result[name] = await measure(() => t.renderEmail(message), 50);
    goal(goals, `P5 email ${name} render p50`, result[name].p50, 10, 'ms');
  }
  for (const [name, fn] of [
    ['formal_notice_pdf', () => t.renderFormalNoticePdf(t.sampleFormalNotice('fr'))],
    ['dossier_pdf', () => t.renderDossierPdf(t.sampleDossier('fr'))],
  ]) {
    for (let i = 0; i < 3; i++) await fn();
    result[name] = await measure(fn, 20);
    goal(goals, `P5 ${name} render p50`, result[name].p50, 15, 'ms');
  }
  save('email-render', { unit: 'ms', nodeEnv: 'production', templates: result }, goals);
}

// ---------------------------------------------------------------------------------------------
// P4: the default lifecycle.

/** The full default lifecycle on the time-skipping server: history length and wall time. */
async function workflow() {
  const { timeSkippingEnv, workflowBundle: testBundle } = require(
    join(root, 'packages/workflows/dist/testing/harness.js'),
  );
  const { caseInput, withCase, today } = require(join(root, 'packages/workflows/dist/testing/fixtures.js'));
  const { addDays } = require(join(root, 'packages/domain/dist/index.js'));
  const env = await timeSkippingEnv();
  try {
    // The bundle is built once per test file, not per case: outside the lifecycle's time.
    let s = performance.now();
    await testBundle();
    const bundleMs = Math.round(performance.now() - s);
    const d = await today(env);
    // Registered three days before the due date with the default French policy; runs to the
    // legal hand-off (day 38) and is then paid: the 45-day scenario.
    const input = caseInput(addDays(d, 3));
    let events = [];
    let wall = 0;
    await withCase(env, input, async ({ handle }) => {
      const t0 = performance.now(); // the case just started, its worker polling
      await env.sleep('48 days');
      const state = await handle.query('caseState');
      if (state.status !== 'handed_off') throw new Error(`expected handed_off, got ${state.status}`);
      await handle.executeUpdate('recordPayment', {
        args: [{ id: 'bench', amount: '1200.00', paidAt: new Date(await env.currentTimeMs()).toISOString() }],
      });
      await handle.result();
      wall = performance.now() - t0;
      events = (await handle.fetchHistory()).events;
    });
    const wallMs = Math.round(wall);
    const byType = {};
    for (const e of events) byType[eventName(e)] = (byType[eventName(e)] ?? 0) + 1;
    // BENCH_DUMP_EVENTS=1: the history, one event a line, to see where the events go.
    if (process.env.BENCH_DUMP_EVENTS) for (const e of events) console.log(`    ${describeEvent(e)}`);
    const goals = [];
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

// ---------------------------------------------------------------------------------------------
// Registration throughput, and P2: payment webhook → `paid` with 1,000 open cases.

/** Registration through the API against raw `client.workflow.start`, and webhook → paid latency. */
async function api() {
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
    const spread = (k, count, offset) => `${prefix}${Math.floor((k * open) / count) + offset}`;
    const run = async (count, offset, tag) => {
      const payments = [];
      for (let k = 0; k < count; k++) {
        const id = spread(k, count, offset);
        payments.push({ id, ...(await payAndWait(b, id, tag)) });
      }
      return payments;
    };
    const report = async (payments) => {
      const paid = payments.map((p) => p.paidMs);
      const slowest = [...payments.keys()].sort((x, y) => paid[y] - paid[x]).slice(0, 3);
      const detail = async (k) => ({
        payment: k,
        paidMs: round(paid[k]),
        webhookAnswerMs: round(payments[k].ackMs),
        history: await sinceLastSignal(client, `dunning:default:${payments[k].id}`),
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
    const restart = { kind: crash ? 'worker SIGKILL' : 'api + worker SIGTERM' };
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
    const goals = [];
    goal(goals, `P2 webhook → paid p99 (${M} payments, ${open} open cases)`, pct(paid, 99), 150, 'ms');
    goal(goals, 'P2 webhook → paid, first payment after start', paid[0], 150, 'ms');
    goal(goals, `P2 webhook → paid, slowest of the ${M}`, Math.max(...paid), 150, 'ms');
    if (R > 0) {
      const again = afterRestart.map((p) => p.paidMs);
      goal(goals, `P2 after a restart: first payment`, again[0], 150, 'ms');
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

// ---------------------------------------------------------------------------------------------
// P3: worker memory with many parked cases, settling rate, wake-up latency.

/** Worker RSS (and peak) with more and more parked cases; the settle rate; wake-up latency. */
async function memory() {
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
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]);
    return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024) };
  };
  const { pg } = b;
  try {
    await sleep(3000);
    const before = mem();
    const points = [];
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
    const settleSeconds = points.at(-1).secondsSinceStart;
    const cpu = cpuDelta(cpu0, cpuByTree(stackRoots(b)), settleSeconds);
    const first = points[0];
    const last = points.at(-1);
    const slopePer1k =
      points.length > 1 ? ((last.rssMb - first.rssMb) * 1000) / (last.openCases - first.openCases) : 0;

    // Wake-up: a payment to the oldest cases (evicted once there are more than the cache holds)
    // and to the newest ones (still cached).
    const K = Number(process.env.BENCH_WAKEUPS ?? 20);
    const wake = async (ids) => {
      const ms = [];
      for (const id of ids) ms.push((await payAndWait(b, id, 'wake')).paidMs);
      return stats(ms);
    };
    const total = last.openCases;
    const oldest = await wake(Array.from({ length: K }, (_, i) => `${prefix}${i}`));
    const newest = await wake(Array.from({ length: K }, (_, i) => `${prefix}${total - 1 - i}`));

    const goals = [];
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

// ---------------------------------------------------------------------------------------------
// Pacing: a wave of cases due at one instant, two worker replicas, Resend's limit enforced.

async function pacing() {
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
    const to = (i) => `wave-${i}@acme.example`;
    const cases = Array.from({ length: N }, (_, i) => {
      const inv = invoice(`${prefix}${i}`, policy, { dueDate: yesterday, email: to(i) });
      return { ...inv, client: { ...inv.client, timezone: 'UTC' } };
    });
    await pool(N, 10, (i) => b.register(cases[i]));
    const registeredAt = Date.now();
    const registeredBeforeWave = registeredAt <= waveAt;
    const ours = (e) => [e.body.to].flat().some((a) => /^wave-\d+@/.test(a));
    // The worker's send gate starts requests at SEND_MARGIN of RESEND_MAX_PER_SECOND (main.ts).
    const { SEND_MARGIN, TASK_QUEUE_PARTITIONS } = require(join(root, 'apps/worker/dist/main.js'));
    const gateRate = workerRate * SEND_MARGIN;
    const deadline = waveAt + ((N / gateRate) * 3 + 120) * 1000;
    // Every 10 s, what waits where: the case queue's workflow tasks and the email queue's sends
    // (a wave slower than the gate is held back upstream of it).
    const backlog = async (name, type) => {
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
    const perCase = new Map();
    for (const e of sent) for (const a of [e.body.to].flat()) perCase.set(a, (perCase.get(a) ?? 0) + 1);
    const duplicates = [...perCase.values()].reduce((a, n) => a + n - 1, 0);
    const missing = N - perCase.size;
    const times = sent.map((e) => e.receivedAt.getTime()).sort((x, y) => x - y);
    let maxInOneSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      maxInOneSecond = Math.max(maxInOneSecond, i - j + 1);
    }
    const totalSeconds = (times.at(-1) - waveAt) / 1000;
    // Sends per 10 s from the wave on: a flat line at the gate's rate, or whatever held it back.
    const per10s = [];
    for (const t of times) {
      const k = Math.max(0, Math.floor((t - waveAt) / 10_000));
      per10s[k] = (per10s[k] ?? 0) + 1;
    }
    // How the server enforces the queue's rate: the limit it reports and the partitions it spreads
    // the queue over (each partition dispatches on its own).
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
    // What the wave cost the case workflows: their task timeouts and failures (a sample of 100).
    const taskTrouble = {
      sampledCases: Math.min(N, 100),
      timedOut: 0,
      timedOutAfter: {},
      timeoutType: {},
      failed: 0,
      workflowTasks: 0,
    };
    const tally = (counts, key) => (counts[key] = (counts[key] ?? 0) + 1);
    for (let i = 0; i < taskTrouble.sampledCases; i++) {
      const { events } = await b.client.workflow.getHandle(`dunning:default:${prefix}${i}`).fetchHistory();
      events.forEach((e, k) => {
        const name = eventName(e);
        if (name === 'WORKFLOW_TASK_TIMED_OUT') {
          taskTrouble.timedOut++;
          // Where in the case it happened: the event that asked for the task.
          tally(taskTrouble.timedOutAfter, eventName(events[k - 2] ?? e));
          tally(taskTrouble.timeoutType, e.workflowTaskTimedOutEventAttributes?.timeoutType);
        }
        if (name === 'WORKFLOW_TASK_FAILED') taskTrouble.failed++;
        if (name === 'WORKFLOW_TASK_STARTED') taskTrouble.workflowTasks++;
      });
    }
    const budget = (N / limit) * 1.1;
    const goals = [];
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
        serverQueue: {
          partitions,
          effectiveRateLimit: effective
            ? { perSecond: effective.requestsPerSecond, source: effective.rateLimitSource }
            : undefined,
        },
        registeredBeforeWave,
        registeredSecondsAfterWave: round((registeredAt - waveAt) / 1000),
        sentPer10Seconds: Array.from(per10s, (n) => n ?? 0),
        backlogEvery10Seconds: backlogs,
        workflowTaskTrouble: taskTrouble,
        emails: sent.length,
        rateLimited: resend.rateLimited,
        duplicates,
        missing,
        maxSentInOneSecond: maxInOneSecond,
        firstSentSecondsAfterWave: round((times[0] - waveAt) / 1000),
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

const harness = {
  ...{ benchStack, save, goal, stats, pool, invoice, QUIET, waitSettled, sleep, round, pct },
  ...{ cpuByTree, stackRoots, cpuDelta },
};
const webhooks = () => webhookStorm(harness);
const all = { render, workflow, api, memory, pacing, webhooks };
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
for (const name of chosen) {
  if (!all[name]) throw new Error(`unknown benchmark ${name} (known: ${Object.keys(all).join(', ')})`);
}
for (const name of chosen) await all[name]();
if (summary.length) {
  console.log('\nGoals:');
  for (const g of summary) console.log(line(g));
  const missed = summary.filter((g) => !g.pass).length;
  console.log(`${summary.length - missed} PASS, ${missed} MISS`);
}
process.exit(0);
