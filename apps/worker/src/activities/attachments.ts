import type { CaseContext } from './case-store';

const MAX_PDF_BYTES = 10 * 1024 * 1024;

/** The invoice PDF given at registration, if any (inline base64, or fetched from `pdfUrl`). */
export async function invoiceAttachment(
  ctx: CaseContext,
): Promise<{ filename: string; content: Buffer }[] | undefined> {
  const filename = `${ctx.payload.number.replace(/[^A-Za-z0-9_.-]+/g, '_')}.pdf`;
  if (ctx.payload.pdfBase64) return [{ filename, content: Buffer.from(ctx.payload.pdfBase64, 'base64') }];
  if (!ctx.payload.pdfUrl) return undefined;
  const res = await fetch(ctx.payload.pdfUrl, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`could not fetch the invoice PDF (${res.status}) from pdfUrl`);
  const content = Buffer.from(await res.arrayBuffer());
  if (content.length > MAX_PDF_BYTES) throw new Error('the invoice PDF at pdfUrl is larger than 10 MiB');
  return [{ filename, content }];
}
