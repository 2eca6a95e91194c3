import { ApplicationFailure } from '@temporalio/activity';
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantPdfFetcher } from './tenant-pdf-fetcher';

const PDF = Buffer.from('%PDF-1.7\n% invoice\n%%EOF\n');

/** A file server on 127.0.0.1 whose `/slow.pdf` answers only when the test lets it. */
let server: Server;
let base: string;
const held: ServerResponse[] = [];
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/slow.pdf') held.push(res);
    else if (req.url === '/invoice.pdf') res.writeHead(200).end(PDF);
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const settledState = (p: Promise<unknown>) => {
  const state = { settled: false };
  void p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
};

describe('TenantPdfFetcher', () => {
  it("lets a second tenant fetch while the first one's downloads fill its cap, and postpones the first one's next", async () => {
    const fetcher = new TenantPdfFetcher({ allowHosts: ['127.0.0.1'] }, 2);
    const slow = [
      fetcher.fetch('tenant-a', `${base}/slow.pdf`),
      fetcher.fetch('tenant-a', `${base}/slow.pdf`),
    ];
    const states = slow.map(settledState);
    await expect.poll(() => held.length).toBe(2);

    // Tenant A at its cap: the next download is refused for now (retryable), without a request.
    const busy = await fetcher.fetch('tenant-a', `${base}/invoice.pdf`).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ApplicationFailure);
    expect(busy).toMatchObject({ type: 'InvoicePdfFetchBusy', nonRetryable: false });
    expect(seen.filter((u) => u === '/invoice.pdf')).toEqual([]);

    // Tenant B is not behind A's slow server.
    expect((await fetcher.fetch('tenant-b', `${base}/invoice.pdf`)).equals(PDF)).toBe(true);
    expect(states.map((s) => s.settled)).toEqual([false, false]);

    for (const res of held.splice(0)) res.writeHead(200).end(PDF);
    for (const body of await Promise.all(slow)) expect(body.equals(PDF)).toBe(true);
    // Slots come back when a download ends, and after a failure too.
    await expect(fetcher.fetch('tenant-a', `${base}/missing.pdf`)).rejects.toMatchObject({
      type: 'InvoicePdfUnavailable',
    });
    expect((await fetcher.fetch('tenant-a', `${base}/invoice.pdf`)).equals(PDF)).toBe(true);
  });
});
