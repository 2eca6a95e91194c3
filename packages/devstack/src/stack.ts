import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './postgres';
import { Managed, startProcess } from './processes';
import { startTemporalDevServer, TemporalDevServer } from './temporal-dev-server';
import { repoRoot } from './tools';
import { WORKER_MAIN, workerEnv } from './worker-process';

async function withFreshPorts<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= attempts) throw err;
      process.stderr.write(`[stack] start failed (${(err as Error).message}); retrying on fresh ports\n`);
    }
  }
}

export interface Stack {
  apiUrl: string;
  apiKey: string;
  webhookSecret: string;
  databaseUrl: string;
  temporal: TemporalDevServer;
  postgres: EmbeddedPostgresHandle;
  api: Managed;
  worker: Managed;
  dataDir: string;
  env: Record<string, string>;
  /** Restarts the worker (e.g. after killing it) with the same environment. */
  startWorker(): Promise<Managed>;
  stop(): Promise<void>;
}

/**
 * The real system for end-to-end tests: a Temporal dev server, an embedded Postgres, and the
 * built API and worker as child processes, all on free ports and a temporary data folder.
 */
export async function startStack(
  opts: { env?: Record<string, string>; logs?: boolean } = {},
): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relance-e2e-'));
  // Postgres runs as an unprivileged user when we are root: it must be able to reach its folder.
  chmodSync(dataDir, 0o755);
  const quiet = !opts.logs;
  // Ports are picked free a moment before use, and the dev server also opens internal ports of
  // its own: with several stacks starting at once a collision is possible, so retry on fresh ports.
  const [postgres, temporal] = await Promise.all([
    withFreshPorts(async () =>
      startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), port: await freePort(), quiet }),
    ),
    withFreshPorts(async () =>
      startTemporalDevServer({
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: await freePort(),
        uiPort: await freePort(),
        quiet,
      }),
    ),
  ]);
  const apiKey = `rk_e2etest0_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const webhookSecret = `whsec_e2e_${Math.random().toString(36).slice(2)}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    HOST: '127.0.0.1',
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    RELANCE_DATA_DIR: dataDir,
    RELANCE_BOOTSTRAP_API_KEY: apiKey,
    RELANCE_BOOTSTRAP_WEBHOOK_SECRET: webhookSecret,
    RELANCE_SECRET_KEY: randomBytes(32).toString('hex'),
    // Alerts carry action links to this stack's API (RELANCE_PUBLIC_URL is set with its port).
    RELANCE_LINK_KEY: randomBytes(32).toString('hex'),
    // Tests read the business gauges right after the events they count.
    METRICS_CACHE_SECONDS: '0',
    LOG_LEVEL: 'warn',
    // Tests, the fuzz run and the benches send thousands of requests as one tenant: a budget
    // far above theirs (production default: 1200 per minute); the rate-limit test sets its own.
    RELANCE_RATE_LIMIT_PER_MINUTE: '1000000',
    RELANCE_RATE_LIMIT_BURST: '100000',
    // Tests serve invoice PDFs (`pdfUrl`) from local HTTP servers: development allow-list.
    RELANCE_PDF_FETCH_ALLOW_HOSTS: '127.0.0.1',
    ...opts.env,
  };
  const logFile = (name: string) => (quiet ? join(dataDir, `${name}.log`) : undefined);
  const { api, apiUrl } = await withFreshPorts(async () => {
    env.PORT = opts.env?.PORT ?? String(await freePort());
    env.RELANCE_PUBLIC_URL = opts.env?.RELANCE_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`;
    // Without METRICS_TOKEN the API serves /metrics on 127.0.0.1:METRICS_PORT: a free one per stack.
    env.METRICS_PORT = opts.env?.METRICS_PORT ?? String(await freePort());
    const proc = startProcess('api', process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
      env,
      logFile: logFile('api'),
    });
    const url = `http://127.0.0.1:${env.PORT}`;
    try {
      await waitFor('the API', async () => {
        if (proc.child.exitCode !== null)
          throw new Error(`the API exited (${proc.child.exitCode}); see ${dataDir}/api.log`);
        return (await fetch(`${url}/health/live`).catch(() => undefined))?.ok ?? false;
      });
    } catch (err) {
      await proc.stop();
      throw err;
    }
    return { api: proc, apiUrl: url };
  });
  const launchWorker = () =>
    startProcess('worker', process.execPath, [WORKER_MAIN], {
      env: workerEnv(env),
      logFile: logFile('worker'),
    });
  const stack: Stack = {
    apiUrl,
    apiKey,
    webhookSecret,
    databaseUrl: postgres.url,
    temporal,
    postgres,
    api,
    worker: launchWorker(),
    dataDir,
    env,
    async startWorker() {
      stack.worker = launchWorker();
      return stack.worker;
    },
    async stop() {
      await Promise.all([stack.worker.stop(), stack.api.stop()]);
      await stack.temporal.stop(); // possibly a restarted one
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
