import { Context } from '@temporalio/activity';
import { InvoiceDocuments } from '@relance/persistence';
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
  private readonly documents: InvoiceDocuments;

  constructor(
    db: DataSource,
    private readonly fetcher: TenantPdfFetcher,
  ) {
    this.documents = new InvoiceDocuments(db);
  }

  async forCase(ctx: CaseContext): Promise<Attachment[] | undefined> {
    const filename = `${ctx.payload.number.replace(/[^A-Za-z0-9_.-]+/g, '_')}.pdf`;
    // A PDF given inline is stored here at registration; one already fetched from its URL too.
    const kept = await this.documents.byInvoiceId(ctx.invoice.id);
    if (kept) return [{ filename, content: kept.content }];
    // Registered by an API older than the move to invoice_documents (a rolling upgrade).
    if (ctx.payload.pdfBase64) return [{ filename, content: Buffer.from(ctx.payload.pdfBase64, 'base64') }];
    if (!ctx.payload.pdfUrl) return undefined;
    return [{ filename, content: await this.fetchedOnce(ctx, ctx.payload.pdfUrl) }];
  }

  private async fetchedOnce(ctx: CaseContext, url: string): Promise<Buffer> {
    const kept = await this.documents.byInvoiceId(ctx.invoice.id);
    if (kept) return kept.content;
    const content = await this.fetcher.fetch(ctx.tenant.id, url, cancellationSignal());
    // Two activities of the case may have downloaded at once: both use the copy stored first.
    const first = await this.documents.keepFirst({
      invoiceId: ctx.invoice.id,
      tenantId: ctx.tenant.id,
      sourceUrl: url,
      content,
    });
    return first.content;
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
