import { MigrationInterface, QueryRunner } from 'typeorm';

/** The invoice PDF downloaded once from `pdfUrl` and reused by every email of the case. */
export class InvoiceDocuments1764400000000 implements MigrationInterface {
  name = 'InvoiceDocuments1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "invoice_documents" (
      "invoice_id" uuid NOT NULL REFERENCES "invoices"("id"), "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
      "source_url" text NOT NULL, "content" bytea NOT NULL, "sha256" text NOT NULL,
      "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "invoice_documents_pk" PRIMARY KEY ("invoice_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "invoice_documents"`);
  }
}
