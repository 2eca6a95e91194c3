import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { LogTimestamp } from '@temporalio/worker';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redact } from '@relance/persistence';

/**
 * One JSON object per line on stdout (or `destination`): ISO time, level label, `app`, and
 * whatever the caller adds (`workflowId` on every line about a case).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'relance-worker' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Secrets, PDFs and SQL parameters are replaced at any depth, inside errors too (see redact.ts).
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redact(fields) as Record<string, unknown>,
      },
      // Errors are serialised by `redact` already; pino's own serialiser would rename their type.
      serializers: { err: (err: unknown) => err },
    },
    destination,
  );
}

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger interface on top of pino, for `Runtime.install({ logger })`. The SDK
 * adds `workflowId`, `runId`, `activityType`… to workflow and activity lines, and forwards the
 * native core's lines here too, so every line of the process comes out as the same JSON.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    const { [LogTimestamp]: _nanos, error, ...rest } = meta as LogMetadata & { error?: unknown };
    const fields: Record<string, unknown> = { ...rest };
    if (error !== undefined) fields[error instanceof Error ? 'err' : 'error'] = error;
    logger[LEVELS[level]](fields, message);
  };
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}
