import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * The file server of a hostile tenant on 127.0.0.1 (allow-listed in the test stack, so the worker
 * really downloads from it): every kind of answer that is not a PDF, and one that never comes.
 */
export async function hostileFileServer(): Promise<{
  url: (path: string) => string;
  hits: Map<string, number>;
  stop(): void;
}> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/redirect.pdf')
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    else if (path === '/page.pdf')
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
    else if (path === '/huge.pdf')
      res.writeHead(200, { 'content-length': String(50 * 2 ** 20) }).end('%PDF-');
    else if (path === '/reset.pdf') req.socket.destroy();
    else if (path === '/unavailable.pdf' || path === '/first-attempt.pdf') res.writeHead(503).end();
    else if (path === '/stalled.pdf')
      res.flushHeaders(); // headers, then nothing until the deadline
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    hits,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * `pdfUrl`s the API accepts (https on 443) that the worker must refuse: internal addresses. Not
 * 127.0.0.1, which the test stack allow-lists for its file servers.
 */
export const REFUSED_BY_THE_WORKER = [
  'https://127.0.0.2/i.pdf',
  'https://10.0.0.1/%ZZ/i.pdf',
  'https://169.254.169.254/latest/meta-data',
  'https://[::1]/i.pdf',
  'https://[::ffff:127.0.0.1]/i.pdf',
  'https://localhost/i.pdf',
];

/** `pdfUrl`s the API must refuse with 422 on pdfUrl: the first one crashed every worker (issue 18). */
export const REFUSED_BY_THE_API = [
  'https://%ZZ@93.184.215.14/i.pdf',
  'https://user:%ZZ@93.184.215.14/i.pdf',
  'https://user:pass@pdf.example/i.pdf',
  'https://pdf.example:8443/i.pdf',
  'https://93.184.215.14:22/i.pdf',
  'http://pdf.example/i.pdf',
  'ftp://pdf.example/i.pdf',
];

/** Paths of the hostile file server: every answer the worker must refuse or retry. */
export const HOSTILE_PATHS = [
  '/redirect.pdf',
  '/page.pdf',
  '/huge.pdf',
  '/reset.pdf',
  '/unavailable.pdf',
  '/stalled.pdf',
];

/** `pdfBase64` values that pass the schema and are not PDFs: the worker attaches what it was given. */
export const HOSTILE_BASE64 = ['QUFB', 'AAAA', Buffer.alloc(600_000, 0xff).toString('base64')];

/** The emails the stack's outbox holds for one case. */
export function outboxEmails(dataDir: string, workflowId: string): { subject: string }[] {
  let files: string[];
  try {
    files = readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map(
      (f) =>
        JSON.parse(readFileSync(join(dataDir, 'outbox', f), 'utf8')) as {
          subject: string;
          headers?: Record<string, string>;
        },
    )
    .filter((e) => e.headers?.['X-Relance-Case'] === workflowId);
}
