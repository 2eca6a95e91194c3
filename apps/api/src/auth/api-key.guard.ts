import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ApiKeys, TenantEntity } from '@relance/persistence';
import type { Request } from 'express';
import { Problem } from '../common/problem';
import { hashApiKey, keyPrefix, sameHash } from './api-keys';

type Authed = Request & { tenant?: TenantEntity };

/** `Authorization: Bearer <api key>`: resolves the key's tenant, or answers 401. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(ApiKeys) private readonly keys: ApiKeys) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Authed>();
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw this.unauthorized('missing Authorization: Bearer <api key>');
    const key = match[1]!;
    const hash = hashApiKey(key);
    const candidates = await this.keys.activeByPrefix(keyPrefix(key));
    const found = candidates.find((c) => sameHash(c.hash, hash));
    if (!found?.tenant) throw this.unauthorized('unknown or revoked API key');
    req.tenant = found.tenant;
    return true;
  }

  private unauthorized(detail: string) {
    return new Problem(401, 'Unauthorized', detail, undefined, {});
  }
}

/** The tenant of the API key that authenticated the request. */
export const CurrentTenant = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantEntity => {
  const tenant = ctx.switchToHttp().getRequest<Authed>().tenant;
  if (!tenant) throw new Problem(401, 'Unauthorized', 'no tenant on the request');
  return tenant;
});
