import { Context } from '@temporalio/activity';
import { InvoiceDocumentEntity, row } from '@relance/persistence';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CaseContext } from './case-store';
import type { TenantPdfFetcher } from './tenant-pdf-fetcher';

export interface Attachment {
  filename: string;
  content: Buffer;
}

/**
 * The invoice PDF given at registration, if any: inline base64 (stored in `invoice_documents` by
 * the API), or downloaded from `pdfUrl` once (through the SSRF-safe fetch) and kept in `invoice_documents`, so every email and every
 * retry of the case attaches the same bytes even if the URL later serves something else.
 */
export class InvoiceAttachments {
  constructor(
    private readonly db: DataSource,
    private readonly fetcher: TenantPdfFetcher,
  ) {}

  async forCase(ctx: CaseContext): Promise<Attachment[] | undefined> {
    const filename = `${ctx.payload.number.replace(/[^A-Za-z0-9_.-]+/g, '_')}.pdf`;
    // A PDF given inline is stored here at registration; one already fetched from its URL too.
    const kept = await this.db.getRepository(InvoiceDocumentEntity).findOneBy({ invoiceId: ctx.invoice.id });
    if (kept) return [{ filename, content: kept.content }];
    // Registered by an API older than the move to invoice_documents (a rolling upgrade).
    if (ctx.payload.pdfBase64) return [{ filename, content: Buffer.from(ctx.payload.pdfBase64, 'base64') }];
    if (!ctx.payload.pdfUrl) return undefined;
    return [{ filename, content: await this.fetchedOnce(ctx, ctx.payload.pdfUrl) }];
  }

  private async fetchedOnce(ctx: CaseContext, url: string): Promise<Buffer> {
    const documents = this.db.getRepository(InvoiceDocumentEntity);
    const kept = await documents.findOneBy({ invoiceId: ctx.invoice.id });
    if (kept) return kept.content;
    const content = await this.fetcher.fetch(ctx.tenant.id, url, cancellationSignal());
    await documents
      .createQueryBuilder()
      .insert()
      .values(
        row<InvoiceDocumentEntity>({
          invoiceId: ctx.invoice.id,
          tenantId: ctx.tenant.id,
          sourceUrl: url,
          content,
          sha256: createHash('sha256').update(content).digest('hex'),
        }),
      )
      .orIgnore()
      .execute();
    // Two activities of the case may have downloaded at once: both use the copy stored first.
    return (await documents.findOneByOrFail({ invoiceId: ctx.invoice.id })).content;
  }
}

/** The running activity's cancellation signal; none outside an activity (scripts, tests). */
function cancellationSignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}
