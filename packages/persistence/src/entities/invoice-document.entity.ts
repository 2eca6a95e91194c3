import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The invoice PDF: given inline at registration (`pdfBase64`, moved out of the payload), or
 * fetched from the registration's `pdfUrl` and kept after the first successful download, so every
 * email of the case attaches the same bytes, whatever the URL serves later.
 */
@Entity('invoice_documents')
export class InvoiceDocumentEntity {
  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' }) invoiceId!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  /** Where the bytes came from (the `pdfUrl` at the time of the download); null: inline at registration. */
  @Column({ name: 'source_url', type: 'text', nullable: true }) sourceUrl!: string | null;
  @Column({ type: 'bytea' }) content!: Buffer;
  @Column({ type: 'text' }) sha256!: string;
  @CreateDateColumn({ name: 'fetched_at', type: 'timestamptz' }) fetchedAt!: Date;
}
