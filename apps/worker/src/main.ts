import { Runtime, Worker } from '@temporalio/worker';
import { createDataSource } from '@relance/persistence';
import { workflowsPath } from '@relance/workflows';
import type { Logger } from 'pino';
import { createActivities } from './activities';
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
      const worker = await Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        ...(config.workflowBundlePath
          ? { workflowBundle: { codePath: config.workflowBundlePath } }
          : { workflowsPath }),
        activities: createActivities({ store: new CaseStore(db), mailer: mailerFor(config), logger }),
        interceptors: { activity: [emailMetrics(Runtime.instance().metricMeter)] },
        maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
        shutdownGraceTime: config.shutdownGraceMs,
        // Past grace + margin the process exits non-zero rather than hang on a stuck activity.
        shutdownForceTime: config.shutdownGraceMs + 15_000,
      });
      logger.info(describeConfig(config), 'worker started');
      await worker.run();
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
