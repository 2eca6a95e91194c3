import type { Logger } from 'pino';

export interface UncaughtCounter {
  inc(labels: { origin: string }): void;
}

/**
 * The last resort against an error thrown outside any promise chain (a timer or an event callback
 * of one activity): logged at error with its stack, counted, and the worker keeps running.
 *
 * Why running on is safe here: the worker keeps no state of its own that such an error could
 * leave half-written. A case's state lives in its Temporal history and in Postgres; the activity
 * whose callback threw has either settled already or fails its start-to-close timeout and is
 * retried; polling and heartbeats run in the native core, untouched by a JS callback. Exiting
 * instead turns one tenant's bad input into a fleet-wide crash loop (its retries land on every
 * replica). The errors that do mean the process is broken still stop it: a Temporal worker that
 * fails makes `worker.run()` reject (exit 1), and running out of memory is not an exception.
 */
export function installProcessGuard(logger: Logger, counter: UncaughtCounter): () => void {
  const onError = (err: unknown, origin: string) => {
    try {
      counter.inc({ origin });
      logger.error({ err, origin }, `uncaught error (${origin}), the worker keeps running: ${describe(err)}`);
    } catch {
      // The guard itself must never throw: that would end the process after all.
    }
  };
  const onException = (err: Error, origin: string) => onError(err, origin);
  const onRejection = (reason: unknown) => onError(reason, 'unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
