import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeResend, Stack } from '@relance/devstack';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dateFromToday,
  eventually,
  invoiceBody,
  sql,
  startStackWithResend,
  stopAll,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- event bodies are checked field by field */

// SPEC 3.2b "Events go back to the billing system": a receiver on the stack's allow-listed
// loopback host verifies every post with the standardwebhooks library; it is killed and restarted
// while cases emit events, and nothing is lost, each case's events arrive in order, and a
// duplicate only ever repeats a webhook-id.

interface Received {
  id: string;
  body: string;
  event: any;
  verified: boolean;
}

function verifies(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

/** A billing system's webhook receiver that can be stopped and started again on its port. */
class Receiver {
  readonly received: Received[] = [];
  secret = '';
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const verified = verifies(this.secret, body, req.headers as Record<string, string>);
        this.received.push({
          id: String(req.headers['webhook-id']),
          body,
          event: JSON.parse(body),
          verified,
        });
        res.statusCode = verified ? 204 : 401;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}/billing/relance-events`;
  }
}

describe('outbound webhooks, end to end', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;
  const receiver = new Receiver();
  let endpointId: string;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend());
    await receiver.start();
  });
  afterAll(() => stopAll(receiver, stack, resend));

  /** An invoice issued today (2026-12-08 when this was written), due in 30 days. */
  const todayCase = async () => {
    const body = invoiceBody({ issueDate: dateFromToday(0), dueDate: dateFromToday(30) });
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    return body.externalId as string;
  };
  const control = async (id: string, path: string, body: unknown) => {
    const res = await call('POST', `/v1/invoices/${id}/${path}`, body);
    expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200);
  };
  const eventsOf = (externalIds: string[]) =>
    sql<{ id: string; external_id: string; case_seq: number; type: string }>(
      stack.databaseUrl,
      `SELECT o.id, i.external_id, o.case_seq, o.type FROM webhook_outbox o JOIN invoices i ON i.id = o.invoice_id
        WHERE i.external_id = ANY($1) ORDER BY i.external_id, o.case_seq`,
      [externalIds],
    );

  it('refuses an endpoint on a private address with 422 naming url', async () => {
    for (const url of ['https://10.20.30.40/hooks', 'https://[::1]/hooks', 'http://billing.example/hooks']) {
      const res = await call('POST', '/v1/webhook-endpoints', { url, events: 'all' });
      expect(res.status, url).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: any) => e.path)).toEqual(['url']);
    }
    const unknown = await call('POST', '/v1/webhook-endpoints', { url: receiver.url, events: ['case.nope'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toMatch(/^events/);
    expect((await call('GET', '/v1/webhook-endpoints')).body.items).toEqual([]);
  });

  it('registers an endpoint whose secret is shown once', async () => {
    const res = await call('POST', '/v1/webhook-endpoints', { url: receiver.url, description: 'ERP' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ url: receiver.url, events: 'all', description: 'ERP' });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    endpointId = res.body.id;
    receiver.secret = res.body.secret;
    const listed = await call('GET', '/v1/webhook-endpoints');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].secret).toBeUndefined();
    const [row] = await sql<{ secret: string }>(stack.databaseUrl, `SELECT secret FROM webhook_endpoints`);
    expect(row!.secret).toMatch(/^enc:v2:/);
    expect(row!.secret).not.toContain(res.body.secret.slice(6));
  });

  it('delivers every event signed, in order per case, across a receiver restart', async () => {
    const cases = [await todayCase(), await todayCase(), await todayCase()];
    for (const id of cases) await control(id, 'dispute', { reason: 'amount contested' });
    await eventually('the first events', () => receiver.received.length >= cases.length || undefined, 60_000);

    // The billing system goes down while the cases go on.
    await receiver.stop();
    await control(cases[0]!, 'payments', {
      id: 'pay-1',
      amount: '1200.00',
      paidAt: new Date().toISOString(),
    });
    await control(cases[1]!, 'cancel', { reason: 'credit note issued' });
    await control(cases[2]!, 'resume', {});
    await control(cases[2]!, 'dispute', { reason: 'again' });
    await eventually(
      'a failed attempt logged',
      async () => {
        const log = await call('GET', `/v1/webhook-deliveries?endpointId=${endpointId}&status=pending`);
        return log.body.items.some((d: any) => d.attempts >= 1 && d.lastError) || undefined;
      },
      60_000,
    );
    await receiver.start();

    const expected = await eventually(
      'every event of the cases delivered',
      async () => {
        const events = await eventsOf(cases);
        const got = new Set(receiver.received.map((r) => r.id));
        return events.length >= 6 && events.every((e) => got.has(e.id)) ? events : undefined;
      },
      120_000,
    );
    expect(expected.filter((e) => e.external_id === cases[0]).map((e) => e.type)).toEqual([
      'case.disputed',
      'case.paid',
    ]);
    expect(expected.filter((e) => e.external_id === cases[1]).map((e) => e.type)).toEqual([
      'case.disputed',
      'case.cancelled',
    ]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);

    // Duplicates only repeat a webhook-id, with the same body.
    const bodies = new Map<string, string>();
    for (const r of receiver.received) {
      expect(bodies.get(r.id) ?? r.body).toBe(r.body);
      bodies.set(r.id, r.body);
      expect(r.event.data.eventId).toBe(r.id);
    }
    // Each case's events first arrived in their order, numbered 1, 2, … without gaps.
    for (const id of cases) {
      const order = receiver.received
        .filter((r) => r.event.data.case.externalId === id)
        .map((r) => r.event.data.sequence as number)
        .filter((s, i, all) => all.indexOf(s) === i);
      expect(order).toEqual([1, 2]);
    }

    const log = await call('GET', `/v1/webhook-deliveries?endpointId=${endpointId}&limit=100`);
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBe(expected.length);
    expect(log.body.items.every((d: any) => d.status === 'delivered' && d.lastStatusCode === 204)).toBe(true);
    expect(log.body.items.some((d: any) => d.attempts >= 2)).toBe(true);
    const paid = log.body.items.find((d: any) => d.type === 'case.paid');
    expect(paid).toMatchObject({ externalId: cases[0], sequence: 2 });
  });

  it('redelivers an event with the same webhook-id, and pages the log', async () => {
    const page = await call('GET', '/v1/webhook-deliveries?limit=2');
    expect(page.body.items).toHaveLength(2);
    const next = await call('GET', `/v1/webhook-deliveries?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const target = page.body.items[1];
    const before = receiver.received.filter((r) => r.id === target.eventId).length;
    const res = await call('POST', `/v1/webhook-deliveries/${target.id}/redeliver`, {});
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ eventId: target.eventId, status: 'pending' });
    await eventually(
      'the redelivery',
      () => receiver.received.filter((r) => r.id === target.eventId).length > before || undefined,
    );
    const missing = await call(
      'POST',
      '/v1/webhook-deliveries/00000000-0000-4000-8000-000000000000/redeliver',
      {},
    );
    expect(missing.status).toBe(404);
  });

  it('posts nothing more to a deleted endpoint', async () => {
    expect((await call('DELETE', `/v1/webhook-endpoints/${endpointId}`)).status).toBe(204);
    expect((await call('GET', '/v1/webhook-endpoints')).body.items).toEqual([]);
    const id = await todayCase();
    await control(id, 'dispute', { reason: 'late' });
    await eventually('the dispute on the timeline', async () => {
      const t = (await call('GET', `/v1/invoices/${id}/timeline`)).body as any;
      return ((Array.isArray(t) ? t : t.timeline) as any[]).some((e) => e.type === 'disputed') || undefined;
    });
    const [{ n }] = (await sql<{ n: string }>(
      stack.databaseUrl,
      `SELECT count(*) AS n FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.event_id
         JOIN invoices i ON i.id = o.invoice_id WHERE i.external_id = $1`,
      [id],
    )) as [{ n: string }];
    expect(n).toBe('0');
  });
});
