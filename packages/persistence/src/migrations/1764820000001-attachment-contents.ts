import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Emails rewritten per round: each may carry several MB of base64, so few at a time. */
const BATCH = 50;

interface Attachment {
  filename: string;
  sha256?: string;
  contentBase64?: string;
}

const hasAttachment = (key: string) => `jsonb_typeof(e."payload"->'attachments') = 'array'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(e."payload"->'attachments') att WHERE att ? '${key}')`;

/**
 * Issue 18: attachment bytes are stored once per tenant and sha256 (`attachment_contents`), not
 * once per email: the invoice PDF of every reminder of a case was a full base64 copy in each
 * email's stored payload. Existing emails keep their attachments, now named by hash; the bytes,
 * hence every retried send and the copies of the messages, are unchanged.
 */
export class AttachmentContents1764820000001 implements MigrationInterface {
  name = 'AttachmentContents1764820000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "attachment_contents" (
      "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"), "sha256" text NOT NULL,
      "content" bytea NOT NULL, "size" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "attachment_contents_pk" PRIMARY KEY ("tenant_id", "sha256"))`);
    // Keyset over the primary key: each email is read once, a batch at a time.
    for (let after = ''; ;) {
      const rows = (await q.query(
        `SELECT e."id", e."tenant_id", e."payload"->'attachments' AS "attachments" FROM "emails" e
          WHERE e."id" > $1 AND ${hasAttachment('contentBase64')} ORDER BY e."id" LIMIT ${BATCH}`,
        [after],
      )) as { id: string; tenant_id: string; attachments: Attachment[] }[];
      if (rows.length === 0) return;
      after = rows.at(-1)!.id;
      for (const r of rows) {
        const named: Attachment[] = [];
        for (const a of r.attachments) {
          if (a.contentBase64 === undefined) {
            named.push(a);
            continue;
          }
          // Decoded as the worker decoded it to send it: the bytes a retry sends do not change.
          const content = Buffer.from(a.contentBase64, 'base64');
          const sha256 = createHash('sha256').update(content).digest('hex');
          await q.query(
            `INSERT INTO "attachment_contents" ("tenant_id", "sha256", "content", "size")
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
            [r.tenant_id, sha256, content, content.length],
          );
          named.push({ filename: a.filename, sha256 });
        }
        await q.query(
          `UPDATE "emails" SET "payload" = jsonb_set("payload", '{attachments}', $2::jsonb) WHERE "id" = $1`,
          [r.id, JSON.stringify(named)],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "emails" e SET "payload" = jsonb_set(e."payload", '{attachments}', (
        SELECT jsonb_agg(CASE WHEN att ? 'sha256' THEN jsonb_build_object('filename', att->'filename',
          'contentBase64', (SELECT translate(encode(a."content", 'base64'), E'\\n', '') FROM "attachment_contents" a
            WHERE a."tenant_id" = e."tenant_id" AND a."sha256" = att->>'sha256')) ELSE att END ORDER BY ord)
          FROM jsonb_array_elements(e."payload"->'attachments') WITH ORDINALITY AS x(att, ord)))
      WHERE ${hasAttachment('sha256')}`);
    await q.query(`DROP TABLE "attachment_contents"`);
  }
}
