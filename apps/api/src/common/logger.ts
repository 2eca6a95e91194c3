import type { DynamicModule, LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
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

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** An incoming id is kept when it is a plain token (a UUID, a ULID, a trace id), else replaced. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's `X-Request-Id` when valid, else a new UUID; echoed in the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER.toLowerCase()];
  const id = typeof given === 'string' && VALID_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

const isHealth = (req: IncomingMessage) => req.url?.startsWith('/health') ?? false;

export interface RequestLogging {
  /** pino-http: assigns the request id and logs each response; mounted before any other middleware. */
  middleware: HttpLogger;
  /** nestjs-pino over that middleware: Nest's `Logger` lines within a request carry its `requestId`. */
  module: DynamicModule;
}

/**
 * One line per response (method, path without the query string, status, duration, `requestId`),
 * through `logger`, so the redaction of secrets applies; no headers, bodies or query strings,
 * where credentials and personal data would be. Health probes log at debug.
 */
export function requestLogging(logger: Logger): RequestLogging {
  const middleware = pinoHttp({
    logger,
    genReqId: requestId,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (req, res, err) =>
      err || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400
          ? 'warn'
          : isHealth(req)
            ? 'debug'
            : 'info',
    // Our serializers see the raw request; the response goes in as a plain object, since the
    // redacting formatter copies what it is given before any serializer runs.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id: unknown }) => ({
        id: req.id,
        method: req.method,
        path: req.url?.split('?')[0],
      }),
    },
    customSuccessObject: (_req, res, value: object) => ({ ...value, res: { statusCode: res.statusCode } }),
    customErrorObject: (_req, res, _err, value: object) => ({
      ...value,
      res: { statusCode: res.statusCode },
    }),
  });
  return {
    middleware,
    module: LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true }),
  };
}
