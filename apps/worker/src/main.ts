import { Runtime, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { createDataSource, SecretBox } from '@relance/persistence';
import { emailTaskQueueOf, endpointWaker, workflowBundlerOptions, workflowsPath } from '@relance/workflows';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createActivities } from './activities';
import { InvoiceAttachments } from './activities/attachments';
import { TenantPdfFetcher } from './activities/tenant-pdf-fetcher';
import { CaseStore } from './activities/case-store';
import { warnDisallowedSenders } from './activities/sender-check';
import { describeConfig, loadWorkerConfig, redactUrl, type WorkerConfig } from './config';
import { createLogger } from './logging';
import { OutboxMailer } from './mail/outbox-mailer';
import { PacedMailer } from './mail/paced-mailer';
import { ResendMailer } from './mail/resend-mailer';
import type { Mailer } from './mail/mailer';
import { emailMetrics } from './metrics';
import { freeLoopbackPort, serveMetrics } from './metrics-server';
import { installProcessGuard } from './process-guard';
import { processMetrics, type ProcessMetrics } from './process-metrics';
import { connectToTemporal, installRuntime } from './runtime';
import { createWebhookActivities } from './webhooks/activities';

/**
 * The share of the provider's limit the worker uses: requests start evenly spaced, and this slack
 * absorbs the jitter between a request's start and its arrival, so no window of one second ever
 * holds more than the limit. At 0.95 a busy host (a 2-core CI machine compiling beside it) let
 * about 50 ms of jitter through as a 429; 0.9 absorbs about 110 ms at 5/s, for a wave 5 % longer.
 */
export const SEND_MARGIN = 0.9;

/** The partitions Temporal spreads a task queue over (`matching.numTaskqueueReadPartitions`, default 4). */
export const TASK_QUEUE_PARTITIONS = 4;

function mailerFor(config: WorkerConfig, db: DataSource): Mailer {
  if (!config.resend) return new OutboxMailer(config.outboxDir);
  const resend = new ResendMailer(config.resend.apiKey, config.resend.baseUrl);
  return new PacedMailer(resend, () => db.createQueryRunner(), 1000 / (config.emailPerSecond * SEND_MARGIN));
}

async function openDatabase(config: WorkerConfig) {
  // One connection more than the activities use: the send gate's session (PacedMailer).
  const db = createDataSource({ url: config.databaseUrl, poolSize: 6 });
  try {
    return await db.initialize();
  } catch (err) {
    throw new Error(
      `cannot connect to Postgres at ${redactUrl(config.databaseUrl)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Runs until SIGINT/SIGTERM, then stops polling and lets in-flight activities finish (up to
 * WORKER_SHUTDOWN_GRACE_MS) before resolving. Rejects on any fatal error: an unreachable
 * Temporal or Postgres at start, or a worker that dies while running.
 */
export async function runWorker(
  config: WorkerConfig,
  logger: Logger,
  own: ProcessMetrics = processMetrics(),
): Promise<void> {
  // The runtime's exporter has no authentication: it listens on loopback, behind our `/metrics`.
  const exporter = config.metrics ? `127.0.0.1:${await freeLoopbackPort()}` : undefined;
  installRuntime({ metrics: exporter ? { bindAddress: exporter } : undefined }, logger);
  const metricsServer = config.metrics
    ? await serveMetrics({
        ...config.metrics,
        upstream: `http://${exporter}/metrics`,
        registry: own.registry,
      })
    : undefined;
  try {
    await runWorkers(config, logger);
  } finally {
    metricsServer?.closeAllConnections(); // a scraper's keep-alive connection would hold close()
    await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
  }
}

async function runWorkers(config: WorkerConfig, logger: Logger): Promise<void> {
  const connection = await connectToTemporal(config.temporal);
  try {
    const db = await openDatabase(config);
    const mailer = mailerFor(config, db);
    try {
      await warnDisallowedSenders(db, logger);
      const temporal = new Client({ connection, namespace: config.temporal.namespace });
      const activities = {
        ...createActivities({
          temporal,
          store: new CaseStore(db, endpointWaker(temporal, config.temporal.taskQueue)),
          mailer,
          logger,
          ...(config.links ? { links: config.links } : {}),
          invoicePdf: new InvoiceAttachments(
            db,
            new TenantPdfFetcher({ ...config.pdfFetch, log: logger }, config.pdfFetchesPerTenant),
          ),
        }),
        ...createWebhookActivities({
          db,
          box: config.secretKeys && new SecretBox(config.secretKeys.key, config.secretKeys.previous),
          allowHosts: config.pdfFetch.allowHosts,
          logger,
        }),
      };
      const common = {
        connection,
        namespace: config.temporal.namespace,
        activities,
        interceptors: { activity: [emailMetrics(Runtime.instance().metricMeter)] },
        shutdownGraceTime: config.shutdownGraceMs,
        // Past grace + margin the process exits non-zero rather than hang on a stuck activity.
        shutdownForceTime: config.shutdownGraceMs + 15_000,
      };
      const cases = await Worker.create({
        ...common,
        taskQueue: config.temporal.taskQueue,
        ...(config.workflowBundlePath
          ? { workflowBundle: { codePath: config.workflowBundlePath } }
          : { workflowsPath, bundlerOptions: workflowBundlerOptions }),
        maxCachedWorkflows: config.maxCachedWorkflows,
        maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
        // A replica that dies without draining (SIGKILL, OOM) leaves its cases bound to its sticky
        // queue: for about 10 s the server still hands their next task there, where it waits this
        // long before any replica may take it. The SDK's 10 s default made the first payment
        // after a crash take 10.9 s (bench: BENCH_RESTART=crash pnpm bench api); a live replica
        // picks its sticky tasks up within ~100 ms even on a loaded host, so 2 s only costs a
        // replay when a replica is badly backlogged (and then lets another replica take the task).
        stickyQueueScheduleToStartTimeout: '2s',
      });
      // Sends run on their own queue. The server holds a wave back for every replica at once; the
      // mailer's gate spaces the requests themselves at the provider's rate (the server's limiter
      // bursts, see PacedMailer). The server splits the queue's limit over its partitions, and a
      // wave's last sends sit in one or two of them: at the provider's rate the tail of a
      // 2,000-case wave drained at a quarter of it (1.25/s, `pnpm bench pacing`). So each
      // partition may hand sends out at the full rate, and the gate alone sets the pace. Few
      // slots: a send waits its turn in the gate inside its 60-second start-to-close timeout,
      // behind at most every replica's slots.
      const email = await Worker.create({
        ...common,
        taskQueue: emailTaskQueueOf(config.temporal.taskQueue),
        maxTaskQueueActivitiesPerSecond: config.emailPerSecond * TASK_QUEUE_PARTITIONS,
        maxConcurrentActivityTaskExecutions: Math.min(
          config.maxConcurrentActivities,
          Math.max(2, Math.ceil(config.emailPerSecond * 2)),
        ),
      });
      logger.info(describeConfig(config), 'worker started');
      // Either worker failing stops both; a shutdown signal drains both.
      await Promise.all([
        cases.run().finally(() => email.getState() === 'RUNNING' && email.shutdown()),
        email.run().finally(() => cases.getState() === 'RUNNING' && cases.shutdown()),
      ]);
      logger.info('worker stopped: drained after a shutdown signal');
    } finally {
      if (mailer instanceof PacedMailer) await mailer.close();
      await db.destroy();
    }
  } finally {
    await connection.close();
  }
}

/** The process entry point: a clear message and exit code 1 on any failure, 0 after a drain. */
export async function main(): Promise<number> {
  let config: WorkerConfig;
  try {
    config = loadWorkerConfig();
  } catch (err) {
    process.stderr.write(`relance worker: ${(err as Error).message}\n`);
    return 1;
  }
  const logger = createLogger(config.logLevel);
  const own = processMetrics();
  installProcessGuard(logger, own.uncaught);
  try {
    await runWorker(config, logger, own);
    return 0;
  } catch (err) {
    logger.fatal({ err }, `worker failed: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
