import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { row } from '../entities/columns';
import { InvoiceDocumentEntity } from '../entities/invoice-document.entity';

/** A document to keep: `sourceUrl` null says it came inline with the registration. */
export type NewInvoiceDocument = Pick<
  InvoiceDocumentEntity,
  'invoiceId' | 'tenantId' | 'sourceUrl' | 'content'
>;

const stored = (doc: NewInvoiceDocument) =>
  row<InvoiceDocumentEntity>({ ...doc, sha256: createHash('sha256').update(doc.content).digest('hex') });

/** The invoice PDFs (`invoice_documents`), one per invoice, kept once stored. */
export class InvoiceDocuments {
  constructor(private readonly db: DataSource) {}

  byInvoiceId(invoiceId: string): Promise<InvoiceDocumentEntity | null> {
    return this.db.getRepository(InvoiceDocumentEntity).findOneBy({ invoiceId });
  }

  /** Stores the document; an invoice that already has one is an error (registration writes it first). */
  async insert(m: EntityManager, doc: NewInvoiceDocument): Promise<void> {
    await m.getRepository(InvoiceDocumentEntity).insert(stored(doc));
  }

  /**
   * Stores the document unless the invoice has one, and answers the one stored first: two
   * downloads of the same case at once both use the same bytes.
   */
  async keepFirst(doc: NewInvoiceDocument): Promise<InvoiceDocumentEntity> {
    const repo = this.db.getRepository(InvoiceDocumentEntity);
    await repo.createQueryBuilder().insert().values(stored(doc)).orIgnore().execute();
    return repo.findOneByOrFail({ invoiceId: doc.invoiceId });
  }
}
