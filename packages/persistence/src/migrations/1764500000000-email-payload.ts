import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An email is stored in full (`payload`) before it is handed to the provider, so a retried send
 * carries the same bytes and the same idempotency key; `sent_at` stays empty until it is sent.
 *
 * Row ids of timeline entries and emails become `<invoice uuid>:<key>` (see keys.ts): ids built
 * from the workflow id, which embeds a free-form externalId, could collide between cases. Existing
 * ids are rewritten so that a step retried across the upgrade still finds what it wrote.
 */
export class EmailPayload1764500000000 implements MigrationInterface {
  name = 'EmailPayload1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "emails" ADD "payload" jsonb, ADD "content_hash" text,
      ADD "idempotency_key" text, ADD "failure" text, ALTER COLUMN "sent_at" DROP NOT NULL`);
    await rewriteIds(q, 'emails', 'workflow_id', 'i."id"::text');
    // The audit trail refuses updates; this one-off rename keeps every entry, only its id changes.
    await q.query(`ALTER TABLE "timeline_events" DISABLE TRIGGER "timeline_events_append_only"`);
    await rewriteIds(q, 'timeline_events', 'workflow_id', 'i."id"::text');
    await q.query(`ALTER TABLE "timeline_events" ENABLE TRIGGER "timeline_events_append_only"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "timeline_events" DISABLE TRIGGER "timeline_events_append_only"`);
    await rewriteIds(q, 'timeline_events', 'id', 'i."workflow_id"');
    await q.query(`ALTER TABLE "timeline_events" ENABLE TRIGGER "timeline_events_append_only"`);
    await rewriteIds(q, 'emails', 'id', 'i."workflow_id"');
    // Emails prepared but never sent have no place in the old schema.
    await q.query(`DELETE FROM "emails" WHERE "sent_at" IS NULL`);
    await q.query(`ALTER TABLE "emails" DROP COLUMN "payload", DROP COLUMN "content_hash",
      DROP COLUMN "idempotency_key", DROP COLUMN "failure", ALTER COLUMN "sent_at" SET NOT NULL`);
  }
}

/**
 * Replaces the `<old prefix>:` of each row id by `<new prefix>:`, where the old prefix is the
 * invoice's `workflow_id` (up) or its `id` (down). Rows with another id shape, or whose new id is
 * already taken, are left alone.
 */
async function rewriteIds(
  q: QueryRunner,
  table: 'emails' | 'timeline_events',
  from: 'workflow_id' | 'id',
  to: 'i."id"::text' | 'i."workflow_id"',
): Promise<void> {
  const prefix = `i."${from}"::text || ':'`;
  const renamed = `${to} || ':' || substr(e."id", length(${prefix}) + 1)`;
  await q.query(`UPDATE "${table}" e SET "id" = ${renamed}
    FROM "invoices" i
    WHERE i."id" = e."invoice_id" AND left(e."id", length(${prefix})) = ${prefix}
      AND NOT EXISTS (SELECT 1 FROM "${table}" taken WHERE taken."id" = ${renamed})`);
}
