import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * The worker's `/metrics`: the Temporal runtime's Prometheus text (its exporter listens on a
 * loopback port of its own, which has no authentication) followed by the process's own metrics
 * (prom-client). With a token, only `Authorization: Bearer <token>` is answered, as the API does.
 */
export async function serveMetrics(options: {
  bindAddress: string;
  token?: string;
  /** The Temporal runtime's exporter, e.g. http://127.0.0.1:40123/metrics. */
  upstream: string;
  registry: Registry;
}): Promise<Server> {
  const { bindAddress, token, upstream, registry } = options;
  const split = bindAddress.lastIndexOf(':');
  const host = bindAddress.slice(0, split).replace(/^\[(.*)\]$/, '$1');
  const port = Number(bindAddress.slice(split + 1));
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    if (token && !bearerMatches(req, token)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    Promise.all([
      fetch(upstream, { signal: AbortSignal.timeout(5_000) }).then((r) => {
        if (!r.ok) throw new Error(`the Temporal runtime's exporter answered ${r.status}`);
        return r.text();
      }),
      registry.metrics(),
    ]).then(
      ([temporal, own]) =>
        res.writeHead(200, { 'content-type': registry.contentType }).end(`${temporal.trimEnd()}\n${own}`),
      (err: Error) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `cannot serve metrics on ${bindAddress} (${err.code ?? err.message}): set WORKER_METRICS_PORT to a free port`,
        ),
      ),
    );
    server.listen(port, host, resolve);
  });
  return server;
}

function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** A loopback port free right now, for the Temporal runtime's exporter (it needs a fixed one). */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
