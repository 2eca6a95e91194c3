import { DataSource } from 'typeorm';

/** A sustained rate with a burst: `burst` requests at once, then one per `60 / perMinute` s. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: whole seconds until one more request is allowed (at least 1). */
  retryAfterSeconds: number;
}

/**
 * Per-tenant request budgets shared by every API replica (GCRA over `api_rate_limits`). Each
 * tenant's row holds its theoretical arrival time `tat`: a request at `now` is allowed while
 * `tat <= now + tolerance`, and pushes `tat` one interval further. One atomic statement per
 * request, one row per tenant (nothing to clean up: it goes with its tenant).
 */
export class RateLimits {
  constructor(private readonly db: DataSource) {}

  /** Counts one request of the tenant; `at` defaults to the database clock (one clock for all replicas). */
  async take(tenantId: string, limit: RateLimit, at?: Date): Promise<RateDecision> {
    const intervalMs = 60_000 / limit.perMinute;
    const toleranceMs = intervalMs * (limit.burst - 1);
    // EXCLUDED.tat is now + interval: the row a first request would insert.
    const [row] = (await this.db.query(
      `INSERT INTO api_rate_limits AS r (tenant_id, tat, allowed)
       VALUES ($1, coalesce($2::timestamptz, now()) + $3::float8 * interval '1 millisecond', true)
       ON CONFLICT (tenant_id) DO UPDATE SET
         allowed = r.tat <= EXCLUDED.tat + ($4::float8 - $3::float8) * interval '1 millisecond',
         tat = CASE WHEN r.tat <= EXCLUDED.tat + ($4::float8 - $3::float8) * interval '1 millisecond'
                    THEN greatest(r.tat + $3::float8 * interval '1 millisecond', EXCLUDED.tat)
                    ELSE r.tat END
       RETURNING allowed, extract(epoch FROM tat - coalesce($2::timestamptz, now())) * 1000 AS "aheadMs"`,
      [tenantId, at ?? null, intervalMs, toleranceMs],
    )) as { allowed: boolean; aheadMs: string | number }[];
    if (!row) throw new Error('the rate limit statement returned no row');
    if (row.allowed) return { allowed: true, retryAfterSeconds: 0 };
    // Refused: the next request fits once tat - now is back to the tolerance.
    const waitMs = Number(row.aheadMs) - toleranceMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
