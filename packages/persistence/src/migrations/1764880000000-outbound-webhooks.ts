import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC 3.2b, events back to the billing system. `webhook_endpoints`: a tenant's receivers, their
 * signing secret sealed like the payment-webhook secrets (RELANCE_SECRET_KEY). `webhook_outbox`:
 * one row per event, written in the transaction of the timeline entry it comes from, numbered per
 * case (`case_seq`). `webhook_deliveries`: one row per event and endpoint (and per redelivery),
 * posted in `seq` order by the endpoint's delivery workflow.
 */
export class OutboundWebhooks1764880000000 implements MigrationInterface {
  name = 'OutboundWebhooks1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhook_endpoints" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
      "url" text NOT NULL,
      "events" text[],
      "description" text,
      "secret" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "deleted_at" timestamptz
    )`);
    await q.query(
      `CREATE INDEX "webhook_endpoints_live" ON "webhook_endpoints" ("tenant_id", "created_at") WHERE "deleted_at" IS NULL`,
    );
    await q.query(`CREATE TABLE "webhook_outbox" (
      "id" text PRIMARY KEY,
      "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
      "invoice_id" uuid NOT NULL REFERENCES "invoices"("id") ON DELETE CASCADE,
      "timeline_id" text NOT NULL,
      "case_seq" integer NOT NULL,
      "type" text NOT NULL,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      UNIQUE ("invoice_id", "case_seq")
    )`);
    await q.query(`CREATE TABLE "webhook_deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "seq" bigserial NOT NULL,
      "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
      "endpoint_id" uuid NOT NULL REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE,
      "event_id" text NOT NULL REFERENCES "webhook_outbox"("id") ON DELETE CASCADE,
      "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed')),
      "attempts" integer NOT NULL DEFAULT 0,
      "last_status_code" integer,
      "last_error" text,
      "last_attempt_at" timestamptz,
      "delivered_at" timestamptz,
      "failed_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX "webhook_deliveries_pending" ON "webhook_deliveries" ("endpoint_id", "seq") WHERE "status" = 'pending'`,
    );
    await q.query(`CREATE INDEX "webhook_deliveries_log" ON "webhook_deliveries" ("tenant_id", "seq" DESC)`);
    await q.query(`CREATE INDEX "webhook_deliveries_by_event" ON "webhook_deliveries" ("event_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhook_outbox"`);
    await q.query(`DROP TABLE "webhook_endpoints"`);
  }
}
