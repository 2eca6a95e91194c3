import { sampleClient } from '@relance/domain/testing';
import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  api,
  apiCli,
  dateFromToday,
  eventually,
  invoiceBody,
  paymentSignature,
  postRaw,
  sql,
  startStackWithResend,
  stopAll,
  svixHeaders,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-clients-signing-key-32').toString('base64')}`;

/** Issue 20 "Chase the client, not the invoice": client accounts through the API. */
describe('API: client accounts', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend({ RESEND_WEBHOOK_SECRET: RESEND_SECRET }));
  });
  afterAll(() => stopAll(stack, resend));

  let serial = 0;
  /** A client id of its own per test, so accounts never share cases across tests. */
  const newClientId = (what: string) => `CLI-${what}-${Date.now().toString(36)}-${++serial}`;
  const clientUrl = (clientId: string, tail = '') => `/v1/clients/${encodeURIComponent(clientId)}${tail}`;

  /** Registers an invoice of `clientId` due `dueInDays` from today; answers its externalId and number. */
  async function registerFor(clientId: string, dueInDays: number, email = 'compta@client.example') {
    const body = invoiceBody({
      policy: UNCONSTRAINED_POLICY,
      issueDate: dateFromToday(dueInDays - 30),
      dueDate: dateFromToday(dueInDays),
      client: sampleClient({ id: clientId, name: `Client ${clientId}`, email }),
    });
    const res = await call('POST', '/v1/invoices', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { externalId: body.externalId as string, number: body.number as string };
  }
  const view = async (id: string) => (await call('GET', `/v1/invoices/${encodeURIComponent(id)}`)).body;
  /** A request the worker may not be ready for on a fresh stack (503: repeat it, as a client would). */
  const answered = (method: string, path: string, body?: unknown) =>
    eventually(
      `${method} ${path} answered`,
      async () => {
        const res = await call(method, path, body);
        return res.status === 503 ? undefined : res;
      },
      60_000,
    );
  const problemPaths = (res: { body: any }) => (res.body.errors as { path: string }[]).map((e) => e.path);

  describe('tenant setting grouping', () => {
    it('is "client" by default, changes to "invoice" through PATCH /v1/tenant, is stored on the tenant row, and refuses anything else', async () => {
      expect((await call('GET', '/v1/tenant')).body.grouping).toBe('client');
      const patched = await call('PATCH', '/v1/tenant', { grouping: 'invoice' });
      expect(patched.status).toBe(200);
      expect(patched.body.grouping).toBe('invoice');
      const [row] = await sql<{ grouping: string }>(
        stack.databaseUrl,
        `SELECT settings->>'grouping' AS grouping FROM tenants WHERE slug = 'default'`,
      );
      expect(row!.grouping).toBe('invoice');
      const bad = await call('PATCH', '/v1/tenant', { grouping: 'team' });
      expect(bad.status).toBe(422);
      expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(problemPaths(bad)).toEqual(['grouping']);
      expect((await call('PATCH', '/v1/tenant', { grouping: 'client' })).body.grouping).toBe('client');
    });
  });

  describe('GET /v1/clients and /v1/clients/{clientId}', () => {
    it('shows the account: open cases, balances, aging, contact history, next contact, bounced addresses', async () => {
      // One message per invoice here (the grouped message is client-contact-rules.e2e's subject).
      expect((await call('PATCH', '/v1/tenant', { grouping: 'invoice' })).status).toBe(200);
      onTestFinished(async () => {
        await call('PATCH', '/v1/tenant', { grouping: 'client' });
      });
      const clientId = newClientId('read');
      const old = await registerFor(clientId, -40);
      const recent = await registerFor(clientId, -10);
      const notDue = await registerFor(clientId, 20);
      // The reminders of the two late invoices go out at once (UNCONSTRAINED_POLICY).
      const detail = await eventually(
        'both reminders in the contact history',
        async () => {
          const res = await call('GET', clientUrl(clientId));
          return res.body.contactHistory?.length >= 2 ? res : undefined;
        },
        60_000,
      );
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        id: clientId,
        name: `Client ${clientId}`,
        company: 'ACME SARL',
        openCases: 3,
        balances: [{ currency: 'EUR', cases: 3, balance: '3600.00' }],
        oldestDueDate: dateFromToday(-40),
        lastContactAt: expect.any(String),
      });
      expect(detail.body.cases.map((c: any) => c.externalId)).toEqual([
        old.externalId,
        recent.externalId,
        notDue.externalId,
      ]);
      expect(detail.body.cases[0]).toMatchObject({
        number: old.number,
        balance: '1200.00',
        client: { id: clientId },
      });
      const buckets = Object.fromEntries(
        detail.body.aging.currencies[0].buckets.map((b: any) => [b.bucket, b.cases]),
      );
      expect(buckets).toMatchObject({ not_due: 1, '1_30': 1, '31_60': 1, '61_90': 0, '90_plus': 0 });
      const history = detail.body.contactHistory as any[];
      expect(history.map((h) => h.invoices[0].externalId).sort()).toEqual(
        [old.externalId, recent.externalId].sort(),
      );
      expect(history[0]).toMatchObject({
        template: 'friendly',
        to: ['compta@client.example'],
        status: 'sent',
      });
      expect(Date.parse(history[0].sentAt)).toBeGreaterThanOrEqual(Date.parse(history[1].sentAt));
      expect(detail.body.suppressedAddresses).toEqual([]);
      // The not-yet-due invoice's reminder is planned: the account's next contact.
      expect(detail.body.nextContact).toMatchObject({ externalId: notDue.externalId, action: 'reminder' });

      // A bounce of a reminder suppresses the address for the account.
      const sent = resend.emails.find(
        (e) => e.body.headers?.['X-Relance-Case'] === `dunning:default:${old.externalId}`,
      )!;
      const bounce = JSON.stringify({
        type: 'email.bounced',
        created_at: new Date().toISOString(),
        data: {
          email_id: sent.id,
          created_at: new Date().toISOString(),
          to: ['compta@client.example'],
          bounce: { message: 'mailbox does not exist', type: 'Permanent' },
        },
      });
      const ack = await postRaw(
        `${stack.apiUrl}/v1/webhooks/resend`,
        bounce,
        svixHeaders(RESEND_SECRET, `msg_${clientId}`, bounce),
      );
      expect(ack.status).toBe(200);
      const suppressed = await eventually('the bounced address on the account', async () => {
        const res = await call('GET', clientUrl(clientId));
        return res.body.suppressedAddresses.length > 0 ? res.body.suppressedAddresses : undefined;
      });
      expect(suppressed).toEqual([
        {
          address: 'compta@client.example',
          complaint: false,
          lastAt: expect.any(String),
          cases: [old.externalId],
        },
      ]);

      // The list, page by page in client id order, finds the account with the same figures.
      let cursor: string | null = null;
      let line: any;
      let pages = 0;
      do {
        const page = await call('GET', `/v1/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        line ??= page.body.items.find((c: any) => c.id === clientId);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      expect(line).toMatchObject({
        id: clientId,
        openCases: 3,
        balances: [{ currency: 'EUR', balance: '3600.00' }],
      });
      expect(line).not.toHaveProperty('cases');

      const unknown = await call('GET', clientUrl('no-such-client'));
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await call('GET', '/v1/clients?cursor=nope')).status).toBe(422);
      expect(problemPaths(await call('GET', '/v1/clients?limit=0'))).toEqual(['limit']);

      // Another tenant's key does not see the account.
      expect((await apiCli(stack, ['tenant', 'create', 'other'])).code).toBe(0);
      const asOther = api(stack.apiUrl, (await apiCli(stack, ['key', 'mint', 'other'])).stdout);
      expect((await asOther('GET', clientUrl(clientId))).status).toBe(404);
      expect((await asOther('POST', clientUrl(clientId, '/pause'), { reason: 'x' })).status).toBe(404);
      expect(JSON.stringify((await asOther('GET', '/v1/clients?limit=100')).body)).not.toContain(clientId);
      expect((await call('GET', clientUrl(clientId))).body.openCases).toBe(3);
    }, 120_000);
  });

  describe('GET /v1/reports/aging?by=client', () => {
    it("gives each client account the report's buckets, and refuses paging without by=client", async () => {
      const clientId = newClientId('aging');
      await registerFor(clientId, -45);
      await registerFor(clientId, -5);
      let line: any;
      let cursor: string | null = null;
      for (let pages = 0; !line && pages < 50; pages++) {
        const res = await call(
          'GET',
          `/v1/reports/aging?by=client&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.by).toBe('client');
        line = res.body.clients.find((c: any) => c.client.id === clientId);
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(line.client.name).toBe(`Client ${clientId}`);
      const eur = line.currencies.find((c: any) => c.currency === 'EUR');
      expect(eur.total).toEqual({ cases: 2, balance: '2400.00' });
      expect(eur.buckets.filter((b: any) => b.cases > 0).map((b: any) => [b.bucket, b.balance])).toEqual([
        ['1_30', '1200.00'],
        ['31_60', '1200.00'],
      ]);
      const plain = await call('GET', '/v1/reports/aging');
      expect(plain.status).toBe(200);
      expect(plain.body).not.toHaveProperty('clients');
      const bad = await call('GET', '/v1/reports/aging?limit=5');
      expect(bad.status).toBe(422);
      expect(problemPaths(bad)).toEqual(['limit']);
    });
  });

  describe('PATCH /v1/clients/{clientId}', () => {
    it('changes the contact of every open case, answers per case, and writes nothing on a validation error', async () => {
      const clientId = newClientId('patch');
      const a = await registerFor(clientId, -10);
      const b = await registerFor(clientId, -3);
      const emails = () =>
        sql<{ external_id: string; email: string; name: string; phone: string | null }>(
          stack.databaseUrl,
          `SELECT external_id, payload->'client'->>'email' AS email, payload->'client'->>'name' AS name,
                  payload->'client'->>'phone' AS phone
             FROM invoices WHERE client_id = $1 ORDER BY due_date`,
          [clientId],
        );

      for (const [body, paths] of [
        [{ email: 'not-an-email' }, ['email']],
        [{ email: 'ok@client.example', phone: '+33\n1' }, ['phone']],
        [{ nickname: 'x' }, ['nickname']],
        [{}, ['(body)']],
      ] as const) {
        const res = await call('PATCH', clientUrl(clientId), body);
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(problemPaths(res)).toEqual(paths);
      }
      expect((await emails()).map((r) => r.email)).toEqual([
        'compta@client.example',
        'compta@client.example',
      ]);

      const res = await answered('PATCH', clientUrl(clientId), {
        email: 'paiements@client.example',
        phone: '+33 6 12 34 56 78',
        name: 'Service comptable',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({
        clientId,
        results: [
          { externalId: a.externalId, number: a.number, outcome: 'applied', status: expect.any(String) },
          { externalId: b.externalId, number: b.number, outcome: 'applied', status: expect.any(String) },
        ],
      });
      expect(await emails()).toEqual([
        {
          external_id: a.externalId,
          email: 'paiements@client.example',
          name: 'Service comptable',
          phone: '+33 6 12 34 56 78',
        },
        {
          external_id: b.externalId,
          email: 'paiements@client.example',
          name: 'Service comptable',
          phone: '+33 6 12 34 56 78',
        },
      ]);
      expect((await call('GET', clientUrl(clientId))).body.name).toBe('Service comptable');
      expect((await call('PATCH', clientUrl('no-such-client'), { email: 'x@client.example' })).status).toBe(
        404,
      );
    }, 120_000);
  });

  describe('POST /v1/clients/{clientId}/pause and /resume', () => {
    it('pauses and resumes every open case, a case whose status forbids it listed as refused', async () => {
      const clientId = newClientId('hold');
      const a = await registerFor(clientId, -10);
      const b = await registerFor(clientId, -20);
      expect(problemPaths(await call('POST', clientUrl(clientId, '/pause'), {}))).toEqual(['reason']);

      const paused = await answered('POST', clientUrl(clientId, '/pause'), {
        reason: 'the client called: paying next week',
      });
      expect(paused.status, JSON.stringify(paused.body)).toBe(200);
      expect(paused.body.results.map((r: any) => [r.externalId, r.outcome, r.status])).toEqual([
        [b.externalId, 'applied', 'paused'],
        [a.externalId, 'applied', 'paused'],
      ]);
      expect((await view(a.externalId)).pausedReason).toBe('the client called: paying next week');

      const resumed = await answered('POST', clientUrl(clientId, '/resume'), {});
      expect(resumed.status).toBe(200);
      expect(resumed.body.results.map((r: any) => [r.outcome, r.status])).toEqual([
        ['applied', 'overdue'],
        ['applied', 'overdue'],
      ]);
      // Nothing to resume any more: each case says why, and the request still answers 200.
      const again = await call('POST', clientUrl(clientId, '/resume'));
      expect(again.status).toBe(200);
      expect(again.body.results.map((r: any) => r.outcome)).toEqual(['refused', 'refused']);
      expect(again.body.results[0].detail).toEqual(expect.any(String));
      expect((await call('POST', clientUrl('no-such-client', '/resume'))).status).toBe(404);
    }, 120_000);
  });

  describe('payments naming the client', () => {
    it('allocates to the invoices the reference names, then the oldest; redelivery never pays twice; a surplus is overpaid', async () => {
      const clientId = newClientId('pay');
      const oldest = await registerFor(clientId, -30);
      const middle = await registerFor(clientId, -20);
      const newest = await registerFor(clientId, -10);
      const balances = async () => [
        (await view(oldest.externalId)).balance,
        (await view(middle.externalId)).balance,
        (await view(newest.externalId)).balance,
      ];

      // REST: the reference names the newest invoice, which is paid first; the rest to the oldest.
      const payment = {
        id: `pay-${clientId}`,
        amount: '1500.00',
        paidAt: '2026-11-22T10:00:00Z',
        reference: `VIR ${newest.number}`,
      };
      const paid = await answered('POST', clientUrl(clientId, '/payments'), payment);
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      expect(paid.body).toMatchObject({
        clientId,
        paymentId: payment.id,
        currency: 'EUR',
        amount: '1500.00',
      });
      expect(
        paid.body.parts.map((p: any) => [p.externalId, p.amount, p.outcome, p.status, p.balance]),
      ).toEqual([
        [newest.externalId, '1200.00', 'applied', 'paid', '0.00'],
        [oldest.externalId, '300.00', 'applied', 'overdue', '900.00'],
      ]);
      const again = await call('POST', clientUrl(clientId, '/payments'), payment);
      expect(again.status).toBe(200);
      expect(again.body.parts.map((p: any) => [p.externalId, p.amount])).toEqual([
        [newest.externalId, '1200.00'],
        [oldest.externalId, '300.00'],
      ]);
      expect(await balances()).toEqual(['900.00', '1200.00', '0.00']);
      const reused = await call('POST', clientUrl(clientId, '/payments'), { ...payment, amount: '1.00' });
      expect(reused.status).toBe(409);
      expect(problemPaths(reused)).toEqual(['id']);
      expect(
        problemPaths(
          await call('POST', clientUrl(clientId, '/payments'), { ...payment, id: 'x', amount: '1.001' }),
        ),
      ).toEqual(['amount']);
      expect(
        (await call('POST', clientUrl('no-such-client', '/payments'), { ...payment, id: 'y' })).status,
      ).toBe(404);

      // The webhook: oldest due first (900 to the oldest, 1100 to the middle), delivered twice, counted once.
      const deliver = (body: string) =>
        postRaw(`${stack.apiUrl}/v1/webhooks/payments/default`, body, {
          'relance-signature': paymentSignature(stack.webhookSecret, body),
        });
      const event = (id: string, amount: string) =>
        JSON.stringify({
          id,
          type: 'payment.succeeded',
          data: { clientId, amount, currency: 'EUR', paidAt: '2026-11-23T10:00:00Z', reference: 'VIR 8841' },
        });
      const first = await deliver(event(`evt-${clientId}-1`, '2000.00'));
      expect(first.status, JSON.stringify(first.body)).toBe(202);
      expect(first.body).toEqual({ id: `evt-${clientId}-1`, outcome: 'handed_off' });
      expect((await deliver(event(`evt-${clientId}-1`, '2000.00'))).body.outcome).toBe('duplicate');
      await eventually('the webhook payment on both cases', async () => {
        const now = await balances();
        return now[0] === '0.00' && now[1] === '100.00' ? true : undefined;
      });
      const rows = await sql<{ external_id: string; payment_id: string; amount_minor: string }>(
        stack.databaseUrl,
        `SELECT i.external_id, p.payment_id, p.amount_minor FROM payments p JOIN invoices i ON i.id = p.invoice_id
          WHERE i.client_id = $1 ORDER BY p.created_at, i.external_id`,
        [clientId],
      );
      expect(rows.map((r) => [r.external_id, r.payment_id, Number(r.amount_minor)]).sort()).toEqual(
        [
          [newest.externalId, payment.id, 120_000],
          [oldest.externalId, payment.id, 30_000],
          [oldest.externalId, `evt-${clientId}-1`, 90_000],
          [middle.externalId, `evt-${clientId}-1`, 110_000],
        ].sort(),
      );

      // More than the client owes: the last case is paid and records the surplus.
      expect((await deliver(event(`evt-${clientId}-2`, '300.00'))).status).toBe(202);
      const overpaid = await eventually('the surplus on the last case', async () => {
        const v = await view(middle.externalId);
        return v.status === 'paid' ? v : undefined;
      });
      expect(overpaid.overpaid).toBe('200.00');
      const detail = (await call('GET', clientUrl(clientId))).body;
      expect(detail).toMatchObject({ openCases: 0, balances: [], cases: [] });

      // Nothing left open: the payment is recorded on the last closed case and the creditor alerted.
      const late = await call('POST', clientUrl(clientId, '/payments'), {
        ...payment,
        id: `late-${clientId}`,
      });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ title: 'Case closed', paymentRecorded: true });
      expect(late.body.parts).toEqual([
        expect.objectContaining({
          externalId: newest.externalId,
          amount: '1500.00',
          surplus: '1500.00',
          outcome: 'case_closed',
        }),
      ]);
      const timeline = (await view(newest.externalId)).timeline as any[];
      expect(timeline).toContainEqual(
        expect.objectContaining({
          type: 'payment_received',
          data: expect.objectContaining({ paymentId: `late-${clientId}`, accepted: false }),
        }),
      );
    }, 180_000);
  });

  it('documents every client route in /openapi.json', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as any;
    expect(doc.paths['/v1/clients'].get.operationId).toBe('listClients');
    expect(doc.paths['/v1/clients/{clientId}'].get.operationId).toBe('getClient');
    expect(doc.paths['/v1/clients/{clientId}'].patch.operationId).toBe('updateClientAccountContact');
    expect(doc.paths['/v1/clients/{clientId}/pause'].post.operationId).toBe('pauseClient');
    expect(doc.paths['/v1/clients/{clientId}/resume'].post.operationId).toBe('resumeClient');
    expect(doc.paths['/v1/clients/{clientId}/payments'].post.operationId).toBe('recordClientPayment');
    expect(doc.paths['/v1/clients/{clientId}'].get.security).toEqual(
      doc.paths['/v1/invoices/{externalId}'].get.security,
    );
    expect(doc.paths['/v1/reports/aging'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['by', 'limit', 'cursor']),
    );
    expect(doc.components.schemas.TenantViewDto.properties.grouping.enum).toEqual(['client', 'invoice']);
  });
});
