import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: the sending domains an operator allows each tenant (a tenant cannot send from a
 * domain nobody vetted), and an audit trail that TRUNCATE cannot empty either.
 */
export class TenantSecurity1764300000000 implements MigrationInterface {
  name = 'TenantSecurity1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" ADD "sender_domains" text array NOT NULL DEFAULT '{}'`);
    // Row triggers do not fire on TRUNCATE: a statement trigger refuses it with the same message.
    await q.query(`CREATE TRIGGER timeline_events_no_truncate BEFORE TRUNCATE ON "timeline_events"
      FOR EACH STATEMENT EXECUTE FUNCTION timeline_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER timeline_events_no_truncate ON "timeline_events"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "sender_domains"`);
  }
}
