import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The invoice PDF fetched from the registration's `pdfUrl`, kept after the first successful
 * download so every email of the case attaches the same bytes, whatever the URL serves later.
 */
@Entity('invoice_documents')
export class InvoiceDocumentEntity {
  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' }) invoiceId!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  /** Where the bytes came from (the `pdfUrl` at the time of the download). */
  @Column({ name: 'source_url', type: 'text' }) sourceUrl!: string;
  @Column({ type: 'bytea' }) content!: Buffer;
  @Column({ type: 'text' }) sha256!: string;
  @CreateDateColumn({ name: 'fetched_at', type: 'timestamptz' }) fetchedAt!: Date;
}
