import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redact } from '@relance/persistence';

export function createJsonLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level: level === 'silent' ? 'silent' : level,
      base: { app: 'relance-api' },
      // Secrets, PDFs and SQL parameters are replaced at any depth, inside errors too (see redact.ts).
      formatters: { log: (fields) => redact(fields) as Record<string, unknown> },
      // Errors are serialised by `redact` already; pino's own serialiser would rename their type.
      serializers: { err: (err: unknown) => err },
    },
    destination,
  );
}

/**
 * Nest's logger interface over pino: one JSON object per line. Structured messages (objects)
 * keep their fields, so a line about a case carries its `workflowId`.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    params: unknown[],
  ) {
    const rest = [...params];
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const fields: Record<string, unknown> = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (message && typeof message === 'object')
      this.logger[level]({ ...fields, ...(message as object) });
    else this.logger[level](fields, String(message));
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }
}
