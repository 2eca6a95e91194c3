import { isAllowListedHost, isPublicAddress, pdfUrlProblem } from '@relance/workflows';
import { ApplicationFailure } from '@temporalio/activity';
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Logger } from 'pino';

/**
 * Fetches a tenant-supplied URL (the invoice's `pdfUrl`) from inside the network without
 * becoming a proxy into it (SSRF): https on port 443 only, no credentials, every resolved address must be public, the
 * connection goes to the address that was checked (no second DNS answer), redirects are
 * refused rather than followed, and the body is streamed under a byte cap and a deadline.
 */

export const PDF_MAX_BYTES = 10 * 1024 * 1024;
export const PDF_FETCH_TIMEOUT_MS = 20_000;
const PDF_MAGIC = Buffer.from('%PDF-');

export interface PdfFetchOptions {
  /**
   * Normalised `host` or `host:port` entries (RELANCE_PDF_FETCH_ALLOW_HOSTS) that may be reached
   * over plain http and on any address, e.g. a local file server in development.
   */
  allowHosts: readonly string[];
  maxBytes?: number;
  timeoutMs?: number;
  /** Cancels the download (the activity's cancellation signal). */
  signal?: AbortSignal;
  /** DNS resolution, all addresses; tests substitute one. */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
  /** Where the detail of a refusal goes that the tenant must not read (an internal address). */
  log?: Pick<Logger, 'warn'>;
}

/** How a guarded request fails: for good (refused) or worth retrying (5xx, timeout, reset connection). */
export interface FetchFailures {
  refused(message: string): ApplicationFailure;
  transient(message: string): ApplicationFailure;
}

const PDF_FAILURES: FetchFailures = {
  refused: (message) =>
    ApplicationFailure.nonRetryable(`invoice PDF unavailable: ${message}`, 'InvoicePdfUnavailable'),
  transient: (message) =>
    ApplicationFailure.retryable(`invoice PDF fetch failed: ${message}`, 'InvoicePdfFetchFailed'),
};
const { refused, transient } = PDF_FAILURES;

export { isPublicAddress };

async function resolveAll(host: string): Promise<{ address: string; family: number }[]> {
  return dnsLookup(host, { all: true, order: 'verbatim' });
}

/** The one address the request will connect to, after checking every address the name has. */
async function checkedAddress(
  host: string,
  trusted: boolean,
  resolve: NonNullable<PdfFetchOptions['resolve']>,
  log: PdfFetchOptions['log'],
  { refused, transient }: FetchFailures = PDF_FAILURES,
): Promise<{ address: string; family: number }> {
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') throw refused(`the host ${host} does not exist`);
      throw transient(`cannot resolve ${host} (${code ?? (err as Error).message})`);
    }
  }
  if (addresses.length === 0) throw refused(`the host ${host} has no address`);
  if (!trusted) {
    // One private answer refuses the name: it may be rebinding between answers. The tenant reads
    // the reason on its timeline: the address (a map of our network) goes to the worker log only.
    const internal = addresses.find((a) => !isPublicAddress(a.address));
    if (internal) {
      log?.warn(
        { host, address: internal.address },
        'outbound request refused: the host resolves to a non-public address',
      );
      throw refused(`${host} is not a public internet address`);
    }
  }
  return addresses[0]!;
}

/** A `lookup` that always answers the address checked above, whatever DNS says now. */
function pinnedLookup(pinned: { address: string; family: number }): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * Downloads the PDF at `rawUrl`, or throws an ApplicationFailure: non-retryable
 * `InvoicePdfUnavailable` when the URL or the answer can never do (refused scheme or address,
 * redirect, 4xx, not a PDF, too large), retryable `InvoicePdfFetchFailed` otherwise.
 */
export async function fetchPdf(rawUrl: string, options: PdfFetchOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? PDF_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? PDF_FETCH_TIMEOUT_MS;
  // Everything that can be refused is refused here, before any timer or socket exists.
  const { url, host, trusted } = checkedUrl(rawUrl, options.allowHosts);
  // One deadline for the name resolution, the connection and the whole body.
  const deadline = Date.now() + timeoutMs;
  const tooSlow = () => transient(`no complete answer within ${timeoutMs} ms`);
  let dnsTimer: NodeJS.Timeout | undefined;
  const pinned = await Promise.race([
    checkedAddress(host, trusted, options.resolve ?? resolveAll, options.log),
    new Promise<never>((_, reject) => (dnsTimer = setTimeout(() => reject(tooSlow()), timeoutMs))),
  ]).finally(() => clearTimeout(dnsTimer));

  return new Promise<Buffer>((resolvePromise, rejectPromise) => {
    let req: http.ClientRequest;
    try {
      req = (url.protocol === 'https:' ? https : http).request({
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { accept: 'application/pdf', 'accept-encoding': 'identity', 'user-agent': 'relance-worker' },
        // A fresh socket, never a pooled one opened for another address.
        agent: false,
        lookup: pinnedLookup(pinned),
      });
    } catch (err) {
      // Node refuses some request options synchronously: nothing was sent, nothing to clean up.
      return rejectPromise(
        refused(`pdfUrl cannot be requested (${(err as NodeJS.ErrnoException).code ?? 'invalid'})`),
      );
    }
    // From here on every callback only calls `finish`, which cannot throw: no error can escape
    // the promise into the event loop (where it would be the process's uncaught exception).
    let settled = false;
    const finish = (err: Error | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (err) rejectPromise(err);
      else resolvePromise(body!);
    };
    const onAbort = () => finish(transient('cancelled'));
    const timer = setTimeout(() => finish(tooSlow()), Math.max(0, deadline - Date.now()));
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onAbort();
    req.on('error', (err: NodeJS.ErrnoException) => finish(transient(err.code ?? err.message)));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        return finish(refused(`${url.host} answered a redirect (${status}); redirects are not followed`));
      }
      if (status >= 500 || status === 408 || status === 429) {
        return finish(transient(`${url.host} answered ${status}`));
      }
      if (status !== 200) return finish(refused(`${url.host} answered ${status}`));
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) return finish(refused(`the PDF is larger than ${maxBytes} bytes`));

      const chunks: Buffer[] = [];
      let received = 0;
      let magicChecked = false;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return finish(refused(`the PDF is larger than ${maxBytes} bytes`));
        chunks.push(chunk);
        if (!magicChecked && received >= PDF_MAGIC.length) {
          magicChecked = true;
          if (!isPdfStart(Buffer.concat(chunks))) finish(refused('the answer is not a PDF'));
        }
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (!isPdfStart(body)) return finish(refused('the answer is not a PDF'));
        finish(undefined, body);
      });
      res.on('error', (err: NodeJS.ErrnoException) => finish(transient(err.code ?? err.message)));
      // After 'end' this is a no-op; before it, the server hung up mid-body.
      res.on('close', () => finish(transient('the connection closed before the end of the body')));
    });
    req.end();
  });
}

/** `rawUrl` parsed, or refused for good by the rule the API applies at registration. */
export function checkedUrl(
  rawUrl: string,
  allowHosts: readonly string[],
  { refused, field }: Pick<FetchFailures, 'refused'> & { field: string } = {
    ...PDF_FAILURES,
    field: 'pdfUrl',
  },
): { url: URL; host: string; trusted: boolean } {
  const problem = pdfUrlProblem(rawUrl, allowHosts);
  const url = problem ? undefined : URL.parse(rawUrl);
  if (!url) throw refused(`${field} ${problem ?? 'must be an absolute URL'}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { url, host, trusted: isAllowListedHost(url, allowHosts) };
}

function isPdfStart(bytes: Buffer): boolean {
  return bytes.length >= PDF_MAGIC.length && bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC);
}

/**
 * The guard of `fetchPdf` for another request to a tenant-supplied URL (a webhook endpoint): the
 * URL rule, every resolved address public (unless allow-listed), and a `lookup` pinned to the
 * address checked. The caller opens the request with `agent: false` and follows no redirect.
 */
export async function guardedTarget(
  rawUrl: string,
  options: Pick<PdfFetchOptions, 'allowHosts' | 'resolve' | 'log'>,
  failures: FetchFailures & { field: string },
): Promise<{ url: URL; host: string; lookup: LookupFunction }> {
  const { url, host, trusted } = checkedUrl(rawUrl, options.allowHosts, failures);
  const pinned = await checkedAddress(host, trusted, options.resolve ?? resolveAll, options.log, failures);
  return { url, host, lookup: pinnedLookup(pinned) };
}
