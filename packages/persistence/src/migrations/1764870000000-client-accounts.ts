import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20, client accounts. Every tenant gets the `grouping` setting ("client", the default), so
 * a tenant row always says how its cases are chased; and a payment naming a client keeps the split
 * it was first given (`client_payments`), so a redelivery hands each case the same part.
 */
export class ClientAccounts1764870000000 implements MigrationInterface {
  name = 'ClientAccounts1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE "tenants" SET "settings" = "settings" || '{"grouping": "client"}'::jsonb
        WHERE NOT "settings" ? 'grouping'`,
    );
    await q.query(`CREATE TABLE "client_payments" (
      "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
      "payment_id" text NOT NULL,
      "client_id" text NOT NULL,
      "currency" char(3) NOT NULL,
      "amount_minor" bigint NOT NULL CHECK ("amount_minor" > 0),
      "paid_at" timestamptz NOT NULL,
      "reference" text,
      "parts" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "payment_id")
    )`);
    await q.query(
      `CREATE INDEX "client_payments_by_client" ON "client_payments" ("tenant_id", "client_id", "created_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "client_payments"`);
    await q.query(`UPDATE "tenants" SET "settings" = "settings" - 'grouping'`);
  }
}
