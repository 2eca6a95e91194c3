import { ApplicationFailure } from '@temporalio/activity';
import { fetchPdf, type PdfFetchOptions } from './safe-fetch';

/**
 * Invoice PDF downloads with at most `perTenant` running at once for one tenant in this process
 * (WORKER_PDF_FETCHES_PER_TENANT). The download runs inside a send activity on the email queue,
 * which has few slots: waiting for a turn would hold one of them, so a tenant with many cases on
 * a slow file server would still block everyone's sends. Over the cap the activity fails at once,
 * retryably, and Temporal's backoff (SEND_OPTIONS: 5 s doubling) spaces its next attempts,
 * without a slot held meanwhile. Each replica has its own count.
 */
export class TenantPdfFetcher {
  private readonly running = new Map<string, number>();

  constructor(
    private readonly options: Omit<PdfFetchOptions, 'signal'>,
    private readonly perTenant: number,
  ) {}

  async fetch(tenantId: string, url: string, signal?: AbortSignal): Promise<Buffer> {
    const now = this.running.get(tenantId) ?? 0;
    if (now >= this.perTenant) {
      throw ApplicationFailure.retryable(
        `invoice PDF fetch postponed: ${now} downloads of this tenant already running`,
        'InvoicePdfFetchBusy',
      );
    }
    this.running.set(tenantId, now + 1);
    try {
      return await fetchPdf(url, { ...this.options, signal });
    } finally {
      const left = (this.running.get(tenantId) ?? 1) - 1;
      if (left > 0) this.running.set(tenantId, left);
      else this.running.delete(tenantId);
    }
  }
}
