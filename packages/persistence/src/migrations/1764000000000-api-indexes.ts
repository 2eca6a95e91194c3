import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the API's reports, metrics and webhook audit (apps/api/README.md). */
export class ApiIndexes1764000000000 implements MigrationInterface {
  name = 'ApiIndexes1764000000000';

  async up(q: QueryRunner): Promise<void> {
    // Effectiveness report: the steps a tenant's cases reached in a period.
    await q.query(`CREATE INDEX "timeline_by_tenant_type" ON "timeline_events" ("tenant_id", "type", "at")`);
    // Aging report: the open cases of a tenant by due date.
    await q.query(`CREATE INDEX "invoices_open_by_due" ON "invoices" ("tenant_id", "currency", "due_date")
      WHERE "status" NOT IN ('paid', 'cancelled', 'unrecovered')`);
    await q.query(`CREATE INDEX "payments_by_tenant" ON "payments" ("tenant_id", "paid_at")`);
    await q.query(`CREATE INDEX "webhook_events_by_tenant" ON "webhook_events" ("tenant_id", "received_at")`);
    // Resend events are not tied to a tenant until mapped: the source alone is the audit key.
    await q.query(`CREATE INDEX "webhook_events_by_source" ON "webhook_events" ("source", "received_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'webhook_events_by_source',
      'webhook_events_by_tenant',
      'payments_by_tenant',
      'invoices_open_by_due',
      'timeline_by_tenant_type',
    ]) {
      await q.query(`DROP INDEX "${index}"`);
    }
  }
}
