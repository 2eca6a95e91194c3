import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows moved per round: a PDF is up to 1 MB, so the migration never holds many at once. */
const BATCH = 50;

/**
 * Issue 18: the inline invoice PDF (`pdfBase64`, up to 1 MB) leaves the registration payload for
 * `invoice_documents` (`source_url` null: given inline), so reads of the invoice row stop carrying
 * it. `payload_hash` is untouched: it was computed over the whole body, PDF included, and still
 * tells a repeated registration from a changed one.
 */
export class InvoicePdfOutOfPayload1764820000000 implements MigrationInterface {
  name = 'InvoicePdfOutOfPayload1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invoice_documents" ALTER COLUMN "source_url" DROP NOT NULL`);
    // Keyset over the primary key: each row is read once, however many batches.
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = (await q.query(
        `SELECT "id", "tenant_id", "payload"->>'pdfBase64' AS "pdf" FROM "invoices"
          WHERE "id" > $1 AND "payload" ? 'pdfBase64' ORDER BY "id" LIMIT ${BATCH}`,
        [after],
      )) as { id: string; tenant_id: string; pdf: string | null }[];
      if (rows.length === 0) return;
      after = rows.at(-1)!.id;
      for (const r of rows) {
        // Decoded as the worker decoded it to attach it (lenient), so the email bytes do not change.
        const content = Buffer.from(r.pdf ?? '', 'base64');
        if (content.length > 0) {
          await q.query(
            `INSERT INTO "invoice_documents" ("invoice_id", "tenant_id", "source_url", "content", "sha256")
             VALUES ($1, $2, NULL, $3, $4) ON CONFLICT ("invoice_id") DO NOTHING`,
            [r.id, r.tenant_id, content, createHash('sha256').update(content).digest('hex')],
          );
        }
        await q.query(`UPDATE "invoices" SET "payload" = "payload" - 'pdfBase64' WHERE "id" = $1`, [r.id]);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "invoices" i SET "payload" = i."payload" || jsonb_build_object('pdfBase64', translate(encode(d."content", 'base64'), E'\\n', ''))
      FROM "invoice_documents" d WHERE d."invoice_id" = i."id" AND d."source_url" IS NULL`);
    await q.query(`DELETE FROM "invoice_documents" WHERE "source_url" IS NULL`);
    await q.query(`ALTER TABLE "invoice_documents" ALTER COLUMN "source_url" SET NOT NULL`);
  }
}
