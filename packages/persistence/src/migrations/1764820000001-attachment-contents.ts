import { MigrationInterface, QueryRunner } from 'typeorm';

/** The attachments of one email as stored, each element rewritten by `element` (SQL over `att`). */
const rewritten = (element: string) => `(SELECT jsonb_agg(${element} ORDER BY ord)
  FROM jsonb_array_elements(e."payload"->'attachments') WITH ORDINALITY AS x(att, ord))`;

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
    // The worker wrote this base64 with Buffer#toString('base64'): strict, so decode() takes it.
    await q.query(`INSERT INTO "attachment_contents" ("tenant_id", "sha256", "content", "size")
      SELECT DISTINCT ON (e."tenant_id", encode(sha256(c.content), 'hex'))
             e."tenant_id", encode(sha256(c.content), 'hex'), c.content, length(c.content)
        FROM "emails" e
       CROSS JOIN LATERAL jsonb_array_elements(e."payload"->'attachments') att
       CROSS JOIN LATERAL (SELECT decode(att->>'contentBase64', 'base64') AS content) c
       WHERE ${hasAttachment('contentBase64')} AND att ? 'contentBase64'
      ON CONFLICT DO NOTHING`);
    await q.query(
      `UPDATE "emails" e SET "payload" = jsonb_set(e."payload", '{attachments}', ${rewritten(
        `CASE WHEN att ? 'contentBase64' THEN jsonb_build_object('filename', att->'filename',
         'sha256', encode(sha256(decode(att->>'contentBase64', 'base64')), 'hex')) ELSE att END`,
      )}) WHERE ${hasAttachment('contentBase64')}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE "emails" e SET "payload" = jsonb_set(e."payload", '{attachments}', ${rewritten(
        `CASE WHEN att ? 'sha256' THEN jsonb_build_object('filename', att->'filename', 'contentBase64',
         (SELECT translate(encode(a."content", 'base64'), E'\\n', '') FROM "attachment_contents" a
           WHERE a."tenant_id" = e."tenant_id" AND a."sha256" = att->>'sha256')) ELSE att END`,
      )}) WHERE ${hasAttachment('sha256')}`,
    );
    await q.query(`DROP TABLE "attachment_contents"`);
  }
}
