import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError, toIssues, ValidationError } from '@relance/domain';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { RouteIndex } from './routes';

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem raised anywhere in the API. */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title, status);
  }
}

/**
 * 503: nothing was done, the caller repeats the request (after `retryAfterS` seconds when given).
 * Every 503 of the API is built here; a Temporal call's through `CaseUnreachable`.
 */
export function unavailable(
  detail: string,
  retryAfterS?: number,
  extra: Record<string, unknown> = {},
): Problem {
  const headers: Record<string, string> =
    retryAfterS === undefined ? {} : { 'Retry-After': String(retryAfterS) };
  return new Problem(503, 'Service unavailable', detail, undefined, extra, headers);
}

export const fieldPath = (path: (string | number)[]) => path.map(String).join('.') || '(body)';

export function invalid(errors: FieldError[], detail = `${errors.length} invalid field(s)`): Problem {
  return new Problem(422, 'Invalid request', detail, errors);
}

export function zodProblem(error: ZodError, where?: string): Problem {
  const prefix = where ? [where] : [];
  // Unknown fields at their own path; a failed union (policy by name or inline) as its branch's issues.
  const errors = toIssues(error).map((i) => ({
    path: fieldPath([...prefix, ...i.path]),
    message: i.message,
  }));
  return invalid(errors);
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Invalid request',
  500: 'Internal server error',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

// Connection failures (Node socket codes, Postgres classes 08 and 57P): the request can be repeated.
const UNAVAILABLE_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|08\d{3}|57P0[1-3])$/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

function databaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined,
      depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.test(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

/** Every error leaves as `application/problem+json` (RFC 9457), unknown routes and parser errors included. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');
  private routes?: RouteIndex;

  constructor(@Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const problem = this.toProblem(exception, req);
    const status = problem.getStatus();
    if (status >= 500 && status !== 503)
      this.logger.error({ err: exception, path: req.path }, 'request failed');
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res
      .status(status)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: problem.title,
        status,
        detail: problem.detail,
        instance: req.originalUrl,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...problem.extra,
      });
  }

  private toProblem(exception: unknown, req: Request): Problem {
    if (exception instanceof Problem) return exception;
    if (exception instanceof ZodValidationException) return zodProblem(exception.getZodError() as ZodError);
    if (exception instanceof ValidationError) {
      return invalid(
        exception.issues.map((i) => ({ path: fieldPath(i.path), message: i.message })),
        exception.message,
      );
    }
    if (exception instanceof DomainError) {
      return invalid([{ path: fieldPath(exception.path), message: exception.message }], exception.message);
    }
    if (exception instanceof NotFoundException) return this.unmatched(req);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return new Problem(status, TITLES[status] ?? HttpStatus[status] ?? 'Error', exception.message);
    }
    // body-parser errors carry a status (400 malformed JSON, 413 too large, 415 charset).
    const { status, type } = (exception ?? {}) as { status?: number; type?: string };
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail =
        type === 'entity.parse.failed' || status === 400
          ? `the body is not valid JSON: ${(exception as Error).message}`
          : type === 'entity.too.large'
            ? 'the body is larger than 1 MiB'
            : (exception as Error).message;
      return new Problem(status, TITLES[status] ?? 'Bad request', detail);
    }
    if (databaseUnavailable(exception)) {
      return unavailable('the database is unavailable; nothing was recorded, repeat the request', 5);
    }
    return new Problem(500, TITLES[500]!, 'an unexpected error occurred; it has been logged');
  }

  /** No route for this method and path: 405 with `Allow` when the path exists for other methods. */
  private unmatched(req: Request): Problem {
    this.routes ??= RouteIndex.of(this.adapterHost?.httpAdapter?.getInstance());
    const allowed = this.routes.allowedMethods(req.path);
    if (allowed.length > 0) {
      return new Problem(
        405,
        TITLES[405]!,
        `${req.method} is not allowed on ${req.path}`,
        undefined,
        {},
        { Allow: allowed.join(', ') },
      );
    }
    return new Problem(404, TITLES[404]!, `no route ${req.method} ${req.path}`);
  }
}
