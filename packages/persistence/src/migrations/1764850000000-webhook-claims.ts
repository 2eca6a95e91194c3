import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery claims an inbound event before handing it to Temporal: `claim` names the delivery
 * holding it, `claimed_until` ends its lease (a delivery that crashed is taken over after it).
 * Nullable: existing rows are either handed off or free to be claimed by the next delivery.
 */
export class WebhookClaims1764850000000 implements MigrationInterface {
  name = 'WebhookClaims1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "webhook_events" ADD "claim" uuid, ADD "claimed_until" TIMESTAMP WITH TIME ZONE`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_events" DROP COLUMN "claimed_until", DROP COLUMN "claim"`);
  }
}
