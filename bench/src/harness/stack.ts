// The stack: Temporal dev server, Postgres, the API and the worker as child processes, run as the
// image runs them (a prebuilt workflow bundle), and measured only once the worker polls its queues.
import { FakeResend, repoRoot, startProcess, startStack, type Managed, type Stack } from '@relance/devstack';
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as Pg } from 'pg';
import { built } from './built';
import { TaskQueueType } from './history';
import { sleep } from './stats';

type BundleModule = typeof import('../../../apps/worker/src/bundle');

let bundlePath: string | undefined;
/** The workflow bundle the image ships, built once per run (as `build:bundle` does). */
async function workflowBundle(): Promise<string> {
  if (!bundlePath) {
    const dir = mkdtempSync(join(tmpdir(), 'relance-bench-bundle-'));
    const s = performance.now();
    const { buildWorkflowBundle } = await built<BundleModule>('apps/worker/dist/bundle.js');
    bundlePath = (await buildWorkflowBundle(join(dir, 'workflow-bundle.js'))).path;
    console.log(`(workflow bundle built in ${Math.round(performance.now() - s)} ms)`);
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return bundlePath;
}

/** Whether a process with this pid polls `queue` (Temporal lists pollers by identity `pid@host`). */
async function polling(
  client: Client,
  queue: string,
  type: (typeof TaskQueueType)[keyof typeof TaskQueueType],
  pid: number | undefined,
): Promise<boolean> {
  const res = await client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: queue },
    taskQueueType: type,
  });
  return (res.pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
}

/** Resolves once `worker` polls the case queue (workflows) and the email queue (activities). */
async function workerReady(client: Client, worker: Managed, timeoutMs = 90_000): Promise<number> {
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

async function apiReady(url: string, api: Managed, timeoutMs = 60_000): Promise<void> {
  const start = performance.now();
  for (;;) {
    if (!api.isRunning()) throw new Error(`the API exited: ${api.recentOutput()}`);
    if ((await fetch(`${url}/health/ready`).catch(() => undefined))?.ok) return;
    if (performance.now() - start > timeoutMs) throw new Error('the API is not ready');
    await sleep(50);
  }
}

export interface BenchStack {
  stack: Stack;
  resend: FakeResend;
  client: Client;
  pg: Pg;
  ready(): Promise<number>;
  /** A deploy: the worker drains and a new one starts; resolves when it polls. */
  restartWorker(opts?: { crash?: boolean }): Promise<number>;
  restartApi(): Promise<void>;
  /** One more worker replica on the same queues. */
  addWorker(): Promise<Managed>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  register(body: unknown): Promise<void>;
  /** The API's case view of an invoice. */
  view(externalId: string): Promise<{ status?: string }>;
  stop(): Promise<void>;
}

/** The whole system, ready: the API answers /health/ready and the worker polls. */
export async function benchStack({
  env = {},
  resendLimit,
}: { env?: Record<string, string>; resendLimit?: number } = {}): Promise<BenchStack> {
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
  const pg = new Pg({ connectionString: stack.databaseUrl });
  await pg.connect();
  const extra: Managed[] = [];
  const b: BenchStack = {
    stack,
    resend,
    client,
    pg,
    async ready() {
      await apiReady(stack.apiUrl, stack.api);
      return workerReady(client, stack.worker);
    },
    async restartWorker({ crash = false } = {}) {
      if (crash) {
        stack.worker.child.kill('SIGKILL');
        await stack.worker.exited;
      } else await stack.worker.stop();
      await stack.startWorker();
      return workerReady(client, stack.worker);
    },
    async restartApi() {
      await stack.api.stop();
      stack.api = startProcess('api', process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
        env: stack.env,
        logFile: join(stack.dataDir, 'api.log'),
      });
      await apiReady(stack.apiUrl, stack.api);
    },
    async addWorker() {
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
      return (await res.json()) as { status?: string };
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
