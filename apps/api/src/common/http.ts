import type { NextFunction, Request, Response } from 'express';
import { Problem } from './problem';

const JSON_TYPES = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** 415 for a body that is not JSON: every body route of the API takes JSON, webhooks included. */
export function requireJsonBodies(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (BODY_METHODS.has(req.method) && hasBody && !JSON_TYPES.test(req.headers['content-type'] ?? '')) {
    next(
      new Problem(
        415,
        'Unsupported media type',
        `send the body as application/json (got ${req.headers['content-type'] ?? 'no content type'})`,
      ),
    );
    return;
  }
  next();
}
