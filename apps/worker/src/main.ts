import { Runtime, Worker } from '@temporalio/worker';
import { createDataSource } from '@relance/persistence';
import { emailTaskQueueOf, workflowsPath } from '@relance/workflows';
import type { Logger } from 'pino';
import { createActivities } from './activities';
import { InvoiceAttachments } from './activities/attachments';
import { CaseStore } from './activities/case-store';
import { describeConfig, loadWorkerConfig, redactUrl, type WorkerConfig } from './config';
import { createLogger } from './logging';
import { OutboxMailer } from './mail/outbox-mailer';
import { ResendMailer } from './mail/resend-mailer';
import type { Mailer } from './mail/mailer';
import { emailMetrics } from './metrics';
import { connectToTemporal, installRuntime } from './runtime';

function mailerFor(config: WorkerConfig): Mailer {
  return config.resend
    ? new ResendMailer(config.resend.apiKey, config.resend.baseUrl)
    : new OutboxMailer(config.outboxDir);
}

async function openDatabase(config: WorkerConfig) {
  const db = createDataSource({ url: config.databaseUrl, poolSize: 5 });
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
export async function runWorker(config: WorkerConfig, logger: Logger): Promise<void> {
  installRuntime(config, logger);
  const connection = await connectToTemporal(config.temporal);
  try {
    const db = await openDatabase(config);
    try {
      const activities = createActivities({
        store: new CaseStore(db),
        mailer: mailerFor(config),
        logger,
        invoicePdf: new InvoiceAttachments(db, config.pdfFetch),
      });
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
          : { workflowsPath }),
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
      // Sends run on their own queue, paced by the server for every replica at once.
      const email = await Worker.create({
        ...common,
        taskQueue: emailTaskQueueOf(config.temporal.taskQueue),
        // Temporal's limiter is a token bucket whose burst equals its rate: in one second it may
        // admit up to twice the rate, so the queue runs at half the provider's limit (measured,
        // 30 sends due at once against a 5/s provider: 9 refused at the full rate, 1–5 at half).
        maxTaskQueueActivitiesPerSecond: config.emailPerSecond / 2,
        maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
      });
      logger.info(describeConfig(config), 'worker started');
      // Either worker failing stops both; a shutdown signal drains both.
      await Promise.all([
        cases.run().finally(() => email.getState() === 'RUNNING' && email.shutdown()),
        email.run().finally(() => cases.getState() === 'RUNNING' && cases.shutdown()),
      ]);
      logger.info('worker stopped: drained after a shutdown signal');
    } finally {
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
  try {
    await runWorker(config, logger);
    return 0;
  } catch (err) {
    logger.fatal({ err }, `worker failed: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
