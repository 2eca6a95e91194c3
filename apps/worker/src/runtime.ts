import {
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  type NativeConnectionOptions,
} from '@temporalio/worker';
import { temporalConnectionOptions } from '@relance/workflows';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config';
import { temporalLogger } from './logging';

/**
 * Installs the process-wide Temporal runtime: SDK and native-core logs through pino, Prometheus
 * metrics on `config.metrics.bindAddress` (scraped at `/metrics`), and the default shutdown
 * signals (SIGINT, SIGTERM, SIGQUIT, SIGUSR2), on which running workers stop polling and drain.
 */
export function installRuntime(config: { metrics?: { bindAddress: string } }, logger: Logger): Runtime {
  return Runtime.install({
    logger: temporalLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(config.metrics
        ? {
            metrics: {
              prometheus: { bindAddress: config.metrics.bindAddress },
              globalTags: { service: 'relance-worker' },
            },
          }
        : {}),
    },
  });
}

export class TemporalUnreachableError extends Error {
  override name = 'TemporalUnreachableError';
}

/**
 * Connects once, failing with a message naming the address instead of hanging: a dead or
 * misconfigured frontend makes the process exit non-zero so the orchestrator restarts it.
 */
export async function connectToTemporal(temporal: WorkerConfig['temporal']): Promise<NativeConnection> {
  const options: NativeConnectionOptions = temporalConnectionOptions(temporal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TemporalUnreachableError(
            `no answer from Temporal at ${temporal.address} within ${temporal.connectTimeoutMs} ms`,
          ),
        ),
      temporal.connectTimeoutMs,
    );
  });
  try {
    return await Promise.race([NativeConnection.connect(options), timeout]);
  } catch (err) {
    if (err instanceof TemporalUnreachableError) throw err;
    throw new TemporalUnreachableError(
      `cannot connect to Temporal at ${temporal.address}: ${(err as Error).message}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
