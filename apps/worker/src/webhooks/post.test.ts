import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/activity';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from './post';

const secret = `whsec_${Buffer.from('a unit test secret of 32 bytes!!').toString('base64')}`;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let base: string;
let answer = 204;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const event = { id: 'evt_unit_1', body: JSON.stringify({ type: 'case.paid', data: { n: 1 } }), secret };

describe('postSigned', () => {
  it('posts a body the standardwebhooks library verifies with the endpoint secret', async () => {
    answer = 204;
    const outcome = await postSigned(`${base}/hooks`, event, { allowHosts: ['127.0.0.1'] });
    expect(outcome).toEqual({ statusCode: 204, error: null });
    const last = received.at(-1)!;
    expect(last.headers['webhook-id']).toBe('evt_unit_1');
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toEqual({
      type: 'case.paid',
      data: { n: 1 },
    });
  });

  it('signs every attempt of one event with the same webhook-id, and a wrong secret fails verification', async () => {
    answer = 500;
    const later = new Date(Date.now() + 5_000);
    expect(await postSigned(`${base}/hooks`, event, { allowHosts: ['127.0.0.1'], now: later })).toEqual({
      statusCode: 500,
      error: null,
    });
    const [a, b] = received.slice(-2);
    expect(b!.headers['webhook-id']).toBe(a!.headers['webhook-id']);
    const other = `whsec_${Buffer.from('another secret of thirty-two byte').toString('base64')}`;
    expect(() => new Webhook(other).verify(b!.body, b!.headers as Record<string, string>)).toThrow();
  });

  it('reports a connection refused as an error, not a status', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const outcome = await postSigned(`http://127.0.0.1:${port}/`, event, { allowHosts: ['127.0.0.1'] });
    expect(outcome).toEqual({ statusCode: null, error: 'ECONNREFUSED' });
  });

  it('refuses for good, before any connection, a loopback address that is not allow-listed', async () => {
    const count = received.length;
    const err = await postSigned(`${base}/hooks`, event, { allowHosts: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe('WebhookRefused');
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect(received.length).toBe(count);
  });

  it('refuses a public-looking name that resolves to a private address', async () => {
    const err = await postSigned('https://hooks.billing.example/relance', event, {
      allowHosts: [],
      resolve: async () => [{ address: '10.1.2.3', family: 4 }],
    }).catch((e: unknown) => e);
    expect((err as ApplicationFailure).type).toBe('WebhookRefused');
    expect((err as ApplicationFailure).message).toMatch(/not a public internet address/);
  });
});
