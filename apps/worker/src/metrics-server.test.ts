import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort, serveMetrics } from './metrics-server';

const TOKEN = 'scrape-token-0123456789';

/** Plays the Temporal runtime's exporter: Prometheus text on a loopback port. */
let exporter: Server;
let upstream: string;
const registry = new Registry();
new Counter({ name: 'relance_worker_uncaught_errors_total', help: 'test', registers: [registry] }).inc();

beforeAll(async () => {
  exporter = createServer((_req, res) =>
    res.writeHead(200).end('temporal_num_pollers{poller_type="activity_task"} 5\n'),
  );
  exporter.listen(0, '127.0.0.1');
  await once(exporter, 'listening');
  upstream = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
});
afterAll(() => {
  exporter.closeAllConnections();
  exporter.close();
});

async function serving(token?: string) {
  const port = await freeLoopbackPort();
  const server = await serveMetrics({ bindAddress: `127.0.0.1:${port}`, token, upstream, registry });
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('serveMetrics', () => {
  it("serves the runtime's metrics then the process's own, without a token", async () => {
    const m = await serving();
    try {
      const text = await (await fetch(m.url)).text();
      expect(text).toMatch(/^temporal_num_pollers\{/m);
      expect(text).toMatch(/^relance_worker_uncaught_errors_total 1$/m);
    } finally {
      m.close();
    }
  });

  it('answers only Authorization: Bearer <token> when a token is set', async () => {
    const m = await serving(TOKEN);
    try {
      expect((await fetch(m.url)).status).toBe(401);
      expect(
        (await fetch(m.url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
      ).toBe(401);
      const ok = await fetch(m.url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^temporal_num_pollers\{/m);
    } finally {
      m.close();
    }
  });
});
