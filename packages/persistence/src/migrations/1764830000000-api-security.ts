import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: per-tenant API rate limits shared by every API replica, and a marker that a tenant
 * has had a payment-webhook secret, so the bootstrap secret is seeded once and a removed one
 * stays removed.
 */
export class ApiSecurity1764830000000 implements MigrationInterface {
  name = 'ApiSecurity1764830000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per tenant (GCRA: the theoretical arrival time), so the table never grows past the
    // tenants. UNLOGGED: no WAL per request; a crash empties it, which only forgives some requests.
    await q.query(`CREATE UNLOGGED TABLE "api_rate_limits" (
      "tenant_id" uuid PRIMARY KEY REFERENCES "tenants"("id") ON DELETE CASCADE,
      "tat" timestamptz NOT NULL,
      "allowed" boolean NOT NULL
    )`);
    await q.query(`ALTER TABLE "tenants" ADD "webhook_secret_set_at" timestamptz`);
    // Existing data: a tenant holding a secret has had one; so has `default`, which only the
    // bootstrap (with its secret) creates in practice, so a secret removed before this migration
    // is not seeded back either.
    await q.query(
      `UPDATE "tenants" SET "webhook_secret_set_at" = now() WHERE cardinality("webhook_secrets") > 0 OR "slug" = 'default'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "webhook_secret_set_at"`);
    await q.query(`DROP TABLE "api_rate_limits"`);
  }
}
