import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 40 hex characters (160 bits) from two random UUIDs: lower case survives mail servers that fold
 * the local part, and the length tells it from the 32-character invoice uuid of older addresses.
 * Also what `UPDATE invoices SET reply_token = DEFAULT` uses to revoke a case's address.
 */
export const REPLY_TOKEN_DEFAULT = `substr(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 1, 40)`;

/** How long replies to the old `reply+<invoice uuid>` addresses stay routable (issue 18). */
export const LEGACY_REPLY_GRACE = `interval '90 days'`;

/**
 * Issue 18: a case's reply-to address carries a random per-case token instead of the invoice
 * uuid. Every existing case gets its own token (volatile default: one per row), and a grace
 * period during which replies to the addresses already sent still route, if the sender is
 * the client; cases registered from now on have no grace (NULL).
 */
export class ReplyTokens1764840000000 implements MigrationInterface {
  name = 'ReplyTokens1764840000000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default fills existing rows without a rewrite; dropped so new rows get NULL.
    await q.query(
      `ALTER TABLE "invoices" ADD "legacy_reply_until" timestamptz DEFAULT (now() + ${LEGACY_REPLY_GRACE})`,
    );
    await q.query(`ALTER TABLE "invoices" ALTER COLUMN "legacy_reply_until" DROP DEFAULT`);
    await q.query(`ALTER TABLE "invoices" ADD "reply_token" text NOT NULL DEFAULT ${REPLY_TOKEN_DEFAULT}`);
    await q.query(`CREATE UNIQUE INDEX "invoices_reply_token" ON "invoices" ("reply_token")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "invoices_reply_token"`);
    await q.query(`ALTER TABLE "invoices" DROP COLUMN "reply_token"`);
    await q.query(`ALTER TABLE "invoices" DROP COLUMN "legacy_reply_until"`);
  }
}
