import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { RateLimits, TenantEntity } from '@relance/persistence';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ApiProblems, ProblemDto } from '../common/openapi';
import { Problem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { ApiKeyGuard } from './api-key.guard';

/**
 * Runs after ApiKeyGuard: counts the request against its tenant's budget (shared by every API
 * replica through Postgres) and answers 429 with Retry-After when it is spent. The payment and
 * Resend webhooks are not counted: they carry no API key, and a budget keyed on the tenant slug in
 * their path would let anyone who knows the slug spend it with unsigned requests and make the
 * provider's real deliveries bounce; their cost before the signature check is one HMAC.
 */
@Injectable()
export class TenantRateLimitGuard implements CanActivate {
  private readonly limits: RateLimits;

  constructor(
    @Inject(DataSource) db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.limits = new RateLimits(db);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const tenant = context.switchToHttp().getRequest<Request & { tenant?: TenantEntity }>().tenant;
    if (!tenant) throw new Problem(401, 'Unauthorized', 'no tenant on the request');
    const { perMinute, burst } = this.config.rateLimit;
    const decision = await this.limits.take(tenant.id, this.config.rateLimit);
    if (decision.allowed) return true;
    const wait = String(decision.retryAfterSeconds);
    throw new Problem(
      429,
      'Too many requests',
      `this tenant's request budget (${perMinute} per minute, bursts of ${burst}) is spent; retry after ${wait} s`,
      undefined,
      {},
      { 'Retry-After': wait },
    );
  }
}

/** The API-key routes: authentication, the per-tenant budget, and both documented (401, 429). */
export function TenantAuth() {
  return applyDecorators(
    ApiBearerAuth(),
    ApiProblems([401, 'Missing, unknown or revoked API key']),
    ApiExtraModels(ProblemDto),
    ApiResponse({
      status: 429,
      description:
        "The tenant's request budget is spent (shared by all its API keys): retry after Retry-After seconds",
      headers: {
        'Retry-After': {
          description: 'seconds to wait before the next request',
          schema: { type: 'integer', minimum: 1 },
        },
      },
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
    }),
    UseGuards(ApiKeyGuard, TenantRateLimitGuard),
  );
}
