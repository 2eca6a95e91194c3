import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ids of one-shot action links already used (SPEC 3.2b): inserted in the transaction that
 * applies the link's action, so a replayed link finds its id and changes nothing.
 */
export class UsedActionLinks1764886000000 implements MigrationInterface {
  name = 'UsedActionLinks1764886000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "used_action_links" (
      "link_id" text PRIMARY KEY,
      "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
      "action" text NOT NULL,
      "target" text NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "used_action_links"`);
  }
}
