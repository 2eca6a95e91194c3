import { ApplicationFailure } from '@temporalio/activity';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from 'pino';
import { checkedUrl, fetchPdf, isPublicAddress, type PdfFetchOptions } from './safe-fetch';

const PDF = Buffer.from('%PDF-1.7\n% invoice F-2026-0042\n%%EOF\n');
const MiB = 1024 * 1024;

/** A file server on 127.0.0.1 playing every kind of answer a `pdfUrl` can give. */
let server: Server;
let port: number;
let hits: string[] = [];
let big: { sentAll: boolean; clientGone: boolean };

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => unknown> = {
  '/invoice.pdf': (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF),
  '/redirect': (_req, res) => res.writeHead(302, { location: '/invoice.pdf' }).end(),
  '/page.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'),
  '/missing.pdf': (_req, res) => res.writeHead(404).end('not found'),
  '/unavailable.pdf': (_req, res) => res.writeHead(503).end('try later'),
  '/declared-huge.pdf': (_req, res) => {
    res.writeHead(200, { 'content-length': String(11 * MiB) });
    res.write(PDF); // then stalls: a client that waits for the body would hang
  },
  '/reset.pdf': (req) => req.socket.destroy(),
  '/stalled.pdf': () => undefined,
  // 11 MiB, chunked (no length announced): 10.5 MiB at once, then the rest only after the
  // client hangs up or 5 s. A client that reads everything before checking the size waits.
  '/huge.pdf': async (req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    const gone = new Promise<void>((done) =>
      req.socket.once('close', () => {
        big.clientGone = true;
        done();
      }),
    );
    req.socket.on('error', () => undefined); // the client hanging up resets the connection
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    PDF.copy(chunk);
    for (let sent = 0; sent < 10.5 * MiB && !big.clientGone; sent += chunk.length) {
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), gone]);
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
    if (!big.clientGone) {
      res.end(Buffer.alloc(MiB / 2, 0x20));
      big.sentAll = true;
    }
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route) void route(req, res);
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  hits = [];
  big = { sentAll: false, clientGone: false };
});

const local = (path: string) => `http://127.0.0.1:${port}${path}`;
/** The development set-up: RELANCE_PDF_FETCH_ALLOW_HOSTS=127.0.0.1 */
const allowLocal: PdfFetchOptions = { allowHosts: ['127.0.0.1'] };
/** A resolver answering fixed addresses, counting its calls. */
function dns(...answers: string[][]) {
  const resolve = async () => {
    const next = answers[Math.min(resolve.calls++, answers.length - 1)]!;
    return next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  resolve.calls = 0;
  return resolve;
}

/** A logger keeping what the worker log would get. */
function warnings() {
  const lines: unknown[] = [];
  const warn = ((fields: unknown) => void lines.push(fields)) as unknown as Logger['warn'];
  return { lines, warn };
}

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}
/** Rejected for good: the activity must not retry. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await failure(promise);
  expect(err).toMatchObject({ type: 'InvoicePdfUnavailable', nonRetryable: true });
  return err.message;
}
/** Failed for now: the activity retries with backoff. */
async function transientFailure(promise: Promise<unknown>): Promise<string> {
  const err = await failure(promise);
  expect(err).toMatchObject({ type: 'InvoicePdfFetchFailed', nonRetryable: false });
  return err.message;
}

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    'fd00::',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:8.8.8.8',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:a9fe:a9fe::1',
    '2001:db8::1',
    'not-an-ip',
  ])('refuses %s', (a) => {
    expect(isPublicAddress(a)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450::1'])(
    'accepts the public address %s',
    (a) => {
      expect(isPublicAddress(a)).toBe(true);
    },
  );
});

describe('fetchPdf', () => {
  it('downloads a PDF from an allow-listed development host over http', async () => {
    const body = await fetchPdf(local('/invoice.pdf'), allowLocal);
    expect(body.equals(PDF)).toBe(true);
  });

  it('refuses http: for a host that is not allow-listed, before any DNS lookup or connection', async () => {
    const resolve = dns(['93.184.216.34']);
    expect(await refusal(fetchPdf('http://pdf.example/invoice.pdf', { allowHosts: [], resolve }))).toMatch(
      /must be an https:\/\/ URL/,
    );
    expect(resolve.calls).toBe(0);
    expect(await refusal(fetchPdf(local('/invoice.pdf'), { allowHosts: [] }))).toMatch(/https/);
    // an allow-list entry with a port allows that port only
    expect(await refusal(fetchPdf(local('/invoice.pdf'), { allowHosts: [`127.0.0.1:${port + 1}`] }))).toMatch(
      /https/,
    );
    for (const url of ['ftp://pdf.example/x.pdf', 'file:///etc/passwd', 'not a url'])
      await refusal(fetchPdf(url, { allowHosts: [] }));
    expect(hits).toEqual([]);
  });

  it('refuses loopback over https when the host is not allow-listed', async () => {
    expect(await refusal(fetchPdf('https://127.0.0.1/invoice.pdf', { allowHosts: [] }))).toMatch(
      /127\.0\.0\.1 is not a public internet address/,
    );
    expect(
      await refusal(
        fetchPdf('https://localhost/invoice.pdf', { allowHosts: [], resolve: dns(['127.0.0.1']) }),
      ),
    ).toMatch(/localhost is not a public internet address/);
    expect(hits).toEqual([]);
  });

  it.each(['169.254.169.254', '::1', 'fd00::', '::ffff:127.0.0.1'])(
    'refuses a name resolving to %s, and the same address as a literal; the address goes to the log only',
    async (address) => {
      const resolve = dns([address]);
      const log = warnings();
      const message = await refusal(fetchPdf('https://pdf.example/i.pdf', { allowHosts: [], resolve, log }));
      expect(message).toMatch(/pdf\.example is not a public internet address/);
      expect(message).not.toContain(address);
      expect(log.lines).toEqual([{ host: 'pdf.example', address }]);
      const literal = address.includes(':') ? `[${address}]` : address;
      expect(await refusal(fetchPdf(`https://${literal}/latest/meta-data`, { allowHosts: [] }))).toMatch(
        /not a public internet address/,
      );
    },
  );

  it('refuses a name with one public and one private address (possible rebinding), naming neither', async () => {
    const resolve = dns(['93.184.216.34', '10.0.0.7']);
    const log = warnings();
    const message = await refusal(fetchPdf('https://pdf.example/i.pdf', { allowHosts: [], resolve, log }));
    expect(message).not.toContain('10.0.0.7');
    expect(message).not.toContain('93.184.216.34');
    expect(log.lines).toEqual([{ host: 'pdf.example', address: '10.0.0.7' }]);
  });

  it('refuses https on any port but 443 unless the host:port (or the host) is allow-listed', async () => {
    const resolve = dns(['93.184.216.34']);
    for (const url of [
      'https://pdf.example:8443/i.pdf',
      'https://93.184.216.34:22/i.pdf',
      'https://pdf.example:80/',
    ])
      expect(await refusal(fetchPdf(url, { allowHosts: [], resolve }))).toMatch(
        /must use the https port 443/,
      );
    expect(resolve.calls).toBe(0);
    // :443 spelled out is the default port, not another one
    expect(checkedUrl('https://pdf.example:443/i.pdf', []).url.port).toBe('');
    expect(
      await refusal(
        fetchPdf(local('/invoice.pdf').replace('http:', 'https:'), { allowHosts: ['127.0.0.2'] }),
      ),
    ).toMatch(/port 443/);
  });

  it('connects to the address it resolved once, whatever DNS answers afterwards', async () => {
    // `pdf.test` exists only in this resolver: success proves the socket used the pinned answer.
    const resolve = dns(['127.0.0.1'], ['10.9.9.9']);
    const body = await fetchPdf(`http://pdf.test:${port}/invoice.pdf`, { allowHosts: ['pdf.test'], resolve });
    expect(body.equals(PDF)).toBe(true);
    expect(resolve.calls).toBe(1);
  });

  it('refuses a redirect instead of following it', async () => {
    expect(await refusal(fetchPdf(local('/redirect'), allowLocal))).toMatch(/redirect \(302\)/);
    expect(hits).toEqual(['/redirect']);
  });

  it('refuses an answer that is not a PDF', async () => {
    expect(await refusal(fetchPdf(local('/page.html'), allowLocal))).toMatch(/not a PDF/);
  });

  it('stops reading past 10 MiB while streaming, without waiting for the rest of the body', async () => {
    const started = Date.now();
    expect(await refusal(fetchPdf(local('/huge.pdf'), allowLocal))).toMatch(/larger than 10485760 bytes/);
    expect(big.sentAll).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => big.clientGone).toBe(true);
  });

  it('refuses a declared length over the cap before reading the body', async () => {
    expect(await refusal(fetchPdf(local('/declared-huge.pdf'), { ...allowLocal, timeoutMs: 5_000 }))).toMatch(
      /larger than/,
    );
  });

  it('refuses a 4xx for good', async () => {
    expect(await refusal(fetchPdf(local('/missing.pdf'), allowLocal))).toMatch(/answered 404/);
  });

  it('leaves 5xx, a reset connection and a timeout retryable', async () => {
    expect(await transientFailure(fetchPdf(local('/unavailable.pdf'), allowLocal))).toMatch(/503/);
    await transientFailure(fetchPdf(local('/reset.pdf'), allowLocal));
    expect(
      await transientFailure(fetchPdf(local('/stalled.pdf'), { ...allowLocal, timeoutMs: 300 })),
    ).toMatch(/within 300 ms/);
    const hangingDns = () => new Promise<never>(() => undefined);
    expect(
      await transientFailure(
        fetchPdf('https://pdf.example/i.pdf', { allowHosts: [], resolve: hangingDns, timeoutMs: 300 }),
      ),
    ).toMatch(/within 300 ms/);
  });
});

describe('fetchPdf with a user name or password in the URL (issue 18: one tenant crashed every worker)', () => {
  /** Errors thrown outside the returned promise: each one used to end the worker process. */
  function escapes() {
    const seen: unknown[] = [];
    const count = (err: unknown) => void seen.push(err);
    process.on('uncaughtException', count);
    process.on('unhandledRejection', count);
    return {
      seen,
      stop: () => {
        process.off('uncaughtException', count);
        process.off('unhandledRejection', count);
      },
    };
  }

  it.each([
    'https://%ZZ@93.184.215.14/i.pdf', // the reproduction: a malformed escape in the user part
    'https://user:%ZZ@93.184.215.14/i.pdf', // … in the password
    'https://%E0%A4%A@pdf.example/i.pdf', // a truncated UTF-8 escape
    'https://user:pass@pdf.example/i.pdf',
    'https://user@pdf.example/i.pdf',
    'https://:pass@pdf.example/i.pdf',
  ])('refuses %s for good before any lookup, and nothing fails after the deadline', async (url) => {
    const escaped = escapes();
    const resolve = dns(['93.184.216.34']);
    try {
      const message = await refusal(fetchPdf(url, { allowHosts: [], resolve, timeoutMs: 50 }));
      expect(message).toMatch(/must not contain a user name or password/);
      expect(resolve.calls).toBe(0);
      // Past the 50 ms deadline: the old code's timer fired here and threw in the event loop.
      await new Promise((r) => setTimeout(r, 300));
      expect(escaped.seen).toEqual([]);
    } finally {
      escaped.stop();
    }
  });

  it('refuses credentials for an allow-listed host too, without sending a request', async () => {
    const escaped = escapes();
    try {
      for (const auth of ['%ZZ@', 'u:%ZZ@', 'u:p@'])
        await refusal(
          fetchPdf(local('/invoice.pdf').replace('//', `//${auth}`), { ...allowLocal, timeoutMs: 50 }),
        );
      await new Promise((r) => setTimeout(r, 300));
      expect(escaped.seen).toEqual([]);
      expect(hits).toEqual([]);
    } finally {
      escaped.stop();
    }
  });
});
