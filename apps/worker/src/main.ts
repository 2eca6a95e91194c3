import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { createDataSource } from '@relance/persistence';
import { TASK_QUEUE, workflowsPath } from '@relance/workflows';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createActivities } from './activities';
import { CaseStore } from './activities/case-store';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { OutboxMailer } from './mail/outbox-mailer';
import { ResendMailer } from './mail/resend-mailer';
import type { Mailer } from './mail/mailer';

function mailerFor(config: WorkerConfig): Mailer {
  return config.resend ? new ResendMailer(config.resend.apiKey, config.resend.baseUrl) : new OutboxMailer(config.outboxDir);
}

/** Runs until SIGINT/SIGTERM (drains in-flight tasks) or a fatal error (exit code 1). */
export async function runWorker(config: WorkerConfig = loadWorkerConfig()): Promise<void> {
  const logger = pino({ level: config.logLevel, base: { app: 'relance-worker' } });
  Runtime.install({
    logger: undefined,
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const db = createDataSource({ url: config.databaseUrl, poolSize: 5 });
  await db.initialize();
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    apiKey: config.temporal.apiKey,
    tls: config.temporal.tls
      ? { clientCertPair: { crt: readFileSync(config.temporal.tls.certPath), key: readFileSync(config.temporal.tls.keyPath) } }
      : config.temporal.apiKey
        ? true
        : undefined,
  });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue || TASK_QUEUE,
      ...(config.workflowBundlePath
        ? { workflowBundle: { codePath: config.workflowBundlePath } }
        : { workflowsPath }),
      activities: createActivities({ store: new CaseStore(db), mailer: mailerFor(config), logger }),
    });
    logger.info(
      { taskQueue: config.temporal.taskQueue, address: config.temporal.address, mail: config.resend ? 'resend' : config.outboxDir },
      'worker started',
    );
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await db.destroy();
  }
}

if (require.main === module) {
  runWorker().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`relance worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
