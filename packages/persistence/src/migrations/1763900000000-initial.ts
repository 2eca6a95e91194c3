import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "tenants" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}',
      "webhook_secrets" text array NOT NULL DEFAULT '{}',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "tenants_slug" UNIQUE ("slug"), CONSTRAINT "tenants_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "api_keys" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
      "prefix" text NOT NULL, "hash" text NOT NULL, "name" text NOT NULL DEFAULT '',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "api_keys_hash" UNIQUE ("hash"), CONSTRAINT "api_keys_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "api_keys_prefix" ON "api_keys" ("prefix")`);
    await q.query(`CREATE TABLE "invoices" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
      "external_id" text NOT NULL, "number" text NOT NULL, "workflow_id" text NOT NULL, "client_id" text NOT NULL,
      "currency" character(3) NOT NULL, "total_minor" bigint NOT NULL, "paid_minor" bigint NOT NULL DEFAULT 0,
      "balance_minor" bigint NOT NULL, "issue_date" date NOT NULL, "due_date" date NOT NULL,
      "status" text NOT NULL DEFAULT 'pending', "stage" text NOT NULL DEFAULT 'none', "next_action" jsonb,
      "payload" jsonb NOT NULL, "payload_hash" text NOT NULL, "workflow_started_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "invoices_workflow_id" UNIQUE ("workflow_id"),
      CONSTRAINT "invoices_tenant_external" UNIQUE ("tenant_id", "external_id"),
      CONSTRAINT "invoices_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "invoices_list" ON "invoices" ("tenant_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "invoices_status" ON "invoices" ("tenant_id", "status", "created_at")`);
    await q.query(`CREATE INDEX "invoices_stage" ON "invoices" ("tenant_id", "stage", "created_at")`);
    await q.query(`CREATE INDEX "invoices_client" ON "invoices" ("tenant_id", "client_id", "created_at")`);
    await q.query(`CREATE TABLE "timeline_events" (
      "id" text NOT NULL, "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
      "invoice_id" uuid NOT NULL REFERENCES "invoices"("id"), "at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "type" text NOT NULL, "step" text, "data" jsonb NOT NULL DEFAULT '{}',
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "timeline_events_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "timeline_by_invoice" ON "timeline_events" ("invoice_id", "at")`);
    // The timeline is the audit trail: rows are never changed or removed.
    await q.query(`CREATE FUNCTION timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'timeline_events is append-only'; END $$`);
    await q.query(`CREATE TRIGGER timeline_events_append_only BEFORE UPDATE OR DELETE ON "timeline_events"
      FOR EACH ROW EXECUTE FUNCTION timeline_append_only()`);
    await q.query(`CREATE TABLE "emails" (
      "id" text NOT NULL, "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
      "invoice_id" uuid NOT NULL REFERENCES "invoices"("id"), "provider_id" text, "step" text,
      "template" text NOT NULL, "recipients" text array NOT NULL, "subject" text NOT NULL, "text" text NOT NULL,
      "status" text NOT NULL DEFAULT 'sent', "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "emails_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "emails_provider_id" ON "emails" ("provider_id")`);
    await q.query(`CREATE INDEX "emails_by_invoice" ON "emails" ("invoice_id", "sent_at")`);
    await q.query(`CREATE TABLE "payments" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
      "invoice_id" uuid NOT NULL REFERENCES "invoices"("id"), "payment_id" text NOT NULL,
      "amount_minor" bigint NOT NULL, "currency" character(3) NOT NULL, "paid_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "reference" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "payments_invoice_payment" UNIQUE ("invoice_id", "payment_id"), CONSTRAINT "payments_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "webhook_events" (
      "id" text NOT NULL, "source" text NOT NULL, "tenant_id" uuid REFERENCES "tenants"("id"), "payload" jsonb NOT NULL,
      "handed_off_at" TIMESTAMP WITH TIME ZONE, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "webhook_events_pk" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'webhook_events',
      'payments',
      'emails',
      'timeline_events',
      'invoices',
      'api_keys',
      'tenants',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP FUNCTION timeline_append_only()`);
  }
}
