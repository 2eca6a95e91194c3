import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ValidationError } from '@relance/domain';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';

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
  ) {
    super(detail ?? title, status);
  }
}

export const fieldPath = (path: (string | number)[]) => path.map(String).join('.') || '(body)';

export function zodProblem(error: ZodError, where?: string): Problem {
  const errors = error.issues.map((i) => ({
    path: fieldPath([...(where ? [where] : []), ...i.path]),
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
  return new Problem(422, 'Invalid request', `${errors.length} invalid field(s)`, errors);
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
  503: 'Service unavailable',
};

/** Every error leaves as `application/problem+json` (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const problem = this.toProblem(exception);
    if (problem.getStatus() >= 500) this.logger.error({ err: exception, path: req.path }, 'request failed');
    res
      .status(problem.getStatus())
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: problem.title,
        status: problem.getStatus(),
        detail: problem.detail,
        instance: req.originalUrl,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...problem.extra,
      });
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof Problem) return exception;
    if (exception instanceof ZodValidationException) return zodProblem(exception.getZodError() as ZodError);
    if (exception instanceof ValidationError) {
      return new Problem(422, 'Invalid request', exception.message, exception.issues.map((i) => ({ path: fieldPath(i.path), message: i.message })));
    }
    if (exception instanceof DomainError) {
      return new Problem(422, 'Invalid request', exception.message, [{ path: fieldPath(exception.path), message: exception.message }]);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return new Problem(status, TITLES[status] ?? HttpStatus[status] ?? 'Error', exception.message);
    }
    // body-parser errors carry a status (400 malformed JSON, 413 too large, 415 charset).
    const status = (exception as { status?: number; type?: string })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail = status === 400 ? 'the body is not valid JSON' : (exception as Error).message;
      return new Problem(status, TITLES[status] ?? 'Bad request', detail);
    }
    return new Problem(500, 'Internal server error', 'an unexpected error occurred; it has been logged');
  }
}
