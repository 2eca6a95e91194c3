import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Problem, unavailable } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Operator routes (`/v1/admin/…`): `Authorization: Bearer <RELANCE_ADMIN_TOKEN>`, compared in
 * constant time. Tenant API keys do not open them. Without a token configured they answer 503.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.config.admin.token;
    if (!token) {
      throw unavailable('admin API disabled: set RELANCE_ADMIN_TOKEN to enable the /v1/admin routes');
    }
    const req = context.switchToHttp().getRequest<Request>();
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      throw new Problem(
        401,
        'Unauthorized',
        'the /v1/admin routes need Authorization: Bearer <RELANCE_ADMIN_TOKEN>',
        undefined,
        {},
        { 'WWW-Authenticate': 'Bearer realm="admin"' },
      );
    }
    return true;
  }
}
