import { ACTION_LINK_PATH } from '@relance/persistence';
import type { NextFunction, Request, Response } from 'express';
import { Problem } from './problem';

const JSON_TYPES = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * 415 for a body that is not JSON: every body route of the API takes JSON, webhooks included;
 * only the action-link pages (`/a/{token}`) take the HTML form they render.
 */
export function requireJsonBodies(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'] ?? '';
  const form = req.path.startsWith(`${ACTION_LINK_PATH}/`) && FORM_TYPE.test(type);
  if (BODY_METHODS.has(req.method) && hasBody && !form && !JSON_TYPES.test(type)) {
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
