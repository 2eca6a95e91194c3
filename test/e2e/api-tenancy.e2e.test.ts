import { startStack, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowSenderDomains,
  api,
  apiCli,
  dateFromToday,
  eventually,
  invoiceBody,
  paymentSignature,
  postRaw,
  svixHeaders,
  tableCounts,
  UNCONSTRAINED_POLICY,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

describe('API: tenants, keys, isolation, reports and operations', () => {
  let stack: Stack;
  let asDefault: ReturnType<typeof api>;
  let asAcme: ReturnType<typeof api>;
  let acmeKey: string;

  beforeAll(async () => {
    stack = await startStack();
    asDefault = api(stack.apiUrl, stack.apiKey);
    const created = await apiCli(stack, ['tenant', 'create', 'acme']);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('tenant acme created') });
    const minted = await apiCli(stack, ['key', 'mint', 'acme', '--name', 'billing']);
    expect(minted.code).toBe(0);
    acmeKey = minted.stdout;
    asAcme = api(stack.apiUrl, acmeKey);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('CLI: tenants and keys', () => {
    it('creates tenants idempotently, refuses bad slugs, lists keys by prefix and revokes them', async () => {
      expect((await apiCli(stack, ['tenant', 'create', 'acme'])).stdout).toContain('already exists');
      expect((await apiCli(stack, ['tenant', 'create', 'Bad Slug'])).code).toBe(2);
      expect((await apiCli(stack, ['key', 'mint', 'nobody'])).code).toBe(2);
      expect((await apiCli(stack, ['tenant', 'list'])).stdout).toMatch(/acme[\s\S]*default/);
      const temp = (await apiCli(stack, ['key', 'mint', 'acme', '--name', 'temporary'])).stdout;
      expect(temp).toMatch(/^rk_[A-Za-z0-9_-]{8}_/);
      const prefix = temp.slice(3, 11);
      expect((await apiCli(stack, ['key', 'list', 'acme'])).stdout).toContain(`${prefix}\ttemporary`);
      expect((await api(stack.apiUrl, temp)('GET', '/v1/tenant')).status).toBe(200);
      expect((await apiCli(stack, ['key', 'revoke', 'acme', prefix])).code).toBe(0);
      expect((await api(stack.apiUrl, temp)('GET', '/v1/tenant')).status).toBe(401);
      expect((await asAcme('GET', '/v1/tenant')).status).toBe(200);
    });
  });

  describe('tenancy', () => {
    it('keeps two tenants apart: same externalId twice, and neither sees nor changes the other', async () => {
      const shared = invoiceBody({ policy: UNCONSTRAINED_POLICY });
      const a = await asDefault('POST', '/v1/invoices', shared);
      const b = await asAcme('POST', '/v1/invoices', shared);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.workflowId).toBe(`dunning:default:${shared.externalId}`);
      expect(b.body.workflowId).toBe(`dunning:acme:${shared.externalId}`);

      const onlyDefault = invoiceBody({ policy: UNCONSTRAINED_POLICY });
      expect((await asDefault('POST', '/v1/invoices', onlyDefault)).status).toBe(201);
      const id = onlyDefault.externalId as string;
      for (const [method, path, body] of [
        ['GET', `/v1/invoices/${id}`],
        ['GET', `/v1/invoices/${id}/timeline`],
        ['GET', `/v1/invoices/${id}/penalties`],
        ['POST', `/v1/invoices/${id}/payments`, { id: 'p', amount: '1.00', paidAt: '2026-11-20T10:00:00Z' }],
        ['POST', `/v1/invoices/${id}/pause`, { reason: 'x' }],
        ['POST', `/v1/invoices/${id}/cancel`, { reason: 'x' }],
      ] as [string, string, unknown?][]) {
        const res = await asAcme(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      const listed = (await asAcme('GET', '/v1/invoices?limit=100')).body.items.map((i: any) => i.workflowId);
      expect(listed).toContain(`dunning:acme:${shared.externalId}`);
      expect(listed.every((w: string) => w.startsWith('dunning:acme:'))).toBe(true);
      expect((await asDefault('GET', `/v1/invoices/${id}`)).body.status).not.toBe('cancelled');

      // Payment webhooks are per tenant: the default tenant's secret does not sign for acme.
      const event = JSON.stringify({
        id: 'evt_x',
        type: 'payment.succeeded',
        data: {
          invoiceId: shared.externalId,
          amount: '1.00',
          currency: 'EUR',
          paidAt: '2026-11-20T10:00:00Z',
        },
      });
      const crossed = await postRaw(`${stack.apiUrl}/v1/webhooks/payments/acme`, event, {
        'relance-signature': paymentSignature(stack.webhookSecret, event),
      });
      expect(crossed.status).toBe(401);
    });
  });

  describe('tenancy matrix: every /v1 route', () => {
    /** A valid request per case route, so that only the tenancy check can refuse it. */
    const SAMPLES: Record<string, { body?: unknown; query?: string }> = {
      'GET /v1/invoices/{externalId}': {},
      'GET /v1/invoices/{externalId}/timeline': {},
      'GET /v1/invoices/{externalId}/penalties': { query: `?asOf=${dateFromToday(0)}` },
      'POST /v1/invoices/{externalId}/payments': {
        body: { id: 'pay-x', amount: '1.00', paidAt: '2026-11-20T10:00:00Z' },
      },
      'POST /v1/invoices/{externalId}/replies': {
        body: { id: 'msg-x', from: 'compta@acme.example', receivedAt: '2026-11-20T10:00:00Z', text: 'hi' },
      },
      'POST /v1/invoices/{externalId}/pause': { body: { reason: 'x' } },
      'POST /v1/invoices/{externalId}/resume': { body: {} },
      'POST /v1/invoices/{externalId}/cancel': { body: { reason: 'x' } },
      'POST /v1/invoices/{externalId}/dispute': { body: { reason: 'x' } },
      'POST /v1/invoices/{externalId}/promise': { body: { date: dateFromToday(10) } },
      'POST /v1/invoices/{externalId}/payment-plan': {
        body: { instalments: [{ dueDate: dateFromToday(10), amount: '1200.00' }] },
      },
      'PATCH /v1/invoices/{externalId}/client': { body: { email: 'new@acme.example' } },
      'POST /v1/invoices/{externalId}/handoff': { body: { approve: true } },
      'POST /v1/invoices/{externalId}/calls': { body: { outcome: 'reached' } },
      'POST /v1/invoices/{externalId}/credit-notes': {
        body: { id: 'cn-x', amount: '1.00', issuedOn: dateFromToday(0) },
      },
      'POST /v1/invoices/{externalId}/letters': { body: { postedOn: dateFromToday(0) } },
      'PATCH /v1/invoices/{externalId}': { body: { dueDate: dateFromToday(5) } },
    };

    it("answers 404 to another tenant's key on every route of a case, and no other route shows the case", async () => {
      const caseOfA = invoiceBody({ policy: UNCONSTRAINED_POLICY });
      expect((await asDefault('POST', '/v1/invoices', caseOfA)).status).toBe(201);
      const id = caseOfA.externalId as string;

      const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const routes = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/v1/') && !path.startsWith('/v1/webhooks/'))
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
      const caseRoutes = routes.filter((r) => r.path.includes('{externalId}'));
      expect(caseRoutes.length).toBeGreaterThanOrEqual(12);
      for (const { method, path } of caseRoutes) {
        const route = `${method} ${path}`;
        const sample = SAMPLES[route];
        expect(sample, `a sample request for ${route} (new case route: add it to SAMPLES)`).toBeDefined();
        const url = path.replace('{externalId}', encodeURIComponent(id)) + (sample!.query ?? '');
        const res = await asAcme(method, url, sample!.body);
        expect(res.status, route).toBe(404);
        expect(JSON.stringify(res.body), route).not.toContain(caseOfA.number as string);
      }
      // The other routes answer with the caller's own data only.
      for (const { method, path } of routes.filter((r) => !r.path.includes('{') && r.method === 'GET')) {
        const res = await asAcme(method, path);
        expect(JSON.stringify(res.body), `${method} ${path}`).not.toContain(id);
      }
      const filtered = await asAcme('GET', `/v1/invoices?clientId=${caseOfA.client.id}&limit=100`);
      expect(filtered.body.items.map((i: any) => i.externalId)).not.toContain(id);
      // Nothing tenant B sent reached the case.
      const after = await asDefault('GET', `/v1/invoices/${id}`);
      expect(['pending', 'overdue']).toContain(after.body.status);
      expect(after.body.paid).toBe('0.00');
      const types = after.body.timeline.map((t: any) => t.type);
      for (const type of [
        'paused',
        'cancelled',
        'disputed',
        'payment_received',
        'reply_received',
        'promise_recorded',
      ])
        expect(types).not.toContain(type);
    });
  });

  describe('GET and PATCH /v1/tenant', () => {
    it('shows the settings without any secret', async () => {
      const res = await asDefault('GET', '/v1/tenant');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        slug: 'default',
        locale: 'fr',
        jurisdiction: 'FR',
        webhookSecrets: { count: 1 },
        senderDomains: [],
        defaultPolicy: { steps: expect.any(Array) },
      });
      expect(res.body.apiKeys).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ prefix: 'e2etest0', name: 'bootstrap', revokedAt: null }),
        ]),
      );
      const raw = JSON.stringify(res.body);
      expect(raw).not.toContain(stack.apiKey);
      expect(raw).not.toContain(stack.webhookSecret);
      expect(raw).not.toMatch(/hash/i);
    });

    it('replaces the fields given, validates the result as a whole, and refuses bad patches without writing', async () => {
      const patch = {
        company: {
          name: 'Studio Acme',
          address: '12 rue des Lilas, 75011 Paris',
          registrationNumber: '123 456 789 00012',
        },
        sender: {
          fromName: 'Studio Acme',
          fromEmail: 'factures@acme.example',
          replyToDomain: 'inbound.acme.example',
        },
        bank: { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP' },
        legalContact: { name: 'Maître Durand', email: 'cabinet@durand-avocats.example' },
        policies: {
          gentle: { steps: [{ id: 'reminder_1', after: 'P7D', action: 'reminder', tone: 'courtesy' }] },
        },
      };
      await allowSenderDomains(stack, 'acme', 'acme.example');
      const res = await asAcme('PATCH', '/v1/tenant', patch);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        slug: 'acme',
        company: patch.company,
        sender: patch.sender,
        legalContact: patch.legalContact,
        locale: 'fr',
      });
      expect(res.body.bank.iban).toBe('FR7630006000011234567890189');
      // Due in a month: the case sleeps, so nothing the worker writes lands between the counts below.
      const idle = invoiceBody({
        policy: 'gentle',
        issueDate: dateFromToday(-1),
        dueDate: dateFromToday(30),
      });
      expect((await asAcme('POST', '/v1/invoices', idle)).status).toBe(201);

      const before = await asAcme('GET', '/v1/tenant');
      // Timeline entries are the worker's, written on the cases' own schedule: not this request's.
      const written = async () => {
        const { timeline: _worker, ...rows } = await tableCounts(stack.databaseUrl);
        return rows;
      };
      const counts = await written();
      const bad = await asAcme('PATCH', '/v1/tenant', {
        notifyEmail: 'not-an-email',
        bank: { iban: 'FR76 3000 6000 0112 3456 7890 188' },
        timezone: 'Mars/Olympus',
        apiKey: 'x',
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: any) => e.path)).toEqual(
        expect.arrayContaining(['notifyEmail', 'bank.iban', 'timezone', 'apiKey']),
      );
      expect((await asAcme('GET', '/v1/tenant')).body).toEqual(before.body);
      expect(await written()).toEqual(counts);
    });
  });

  describe('GET /v1/reports/aging and /v1/reports/effectiveness', () => {
    it('buckets open balances by days past due per currency, for the caller only, and credits payments to the last step', async () => {
      // A tenant of its own, so the figures are exactly this test's.
      expect((await apiCli(stack, ['tenant', 'create', 'reports'])).code).toBe(0);
      const as = api(stack.apiUrl, (await apiCli(stack, ['key', 'mint', 'reports'])).stdout);
      const register = async (dueIn: number, overrides: Record<string, unknown> = {}) => {
        const body = invoiceBody({
          policy: UNCONSTRAINED_POLICY,
          issueDate: dateFromToday(dueIn - 30),
          dueDate: dateFromToday(dueIn),
          ...overrides,
        });
        expect((await as('POST', '/v1/invoices', body)).status).toBe(201);
        return body.externalId as string;
      };
      await register(5);
      const paidLater = await register(-10);
      await register(-12, { total: '300.00', net: '250.00', tax: '50.00', amountDue: '300.00' });
      await register(-45);
      await register(-75);
      await register(-120);
      await register(-20, { currency: 'USD' });
      // Paid in full after its first reminder: out of the aging, into the effectiveness report.
      await eventually(
        'the first reminder',
        async () =>
          (await as('GET', `/v1/invoices/${paidLater}`)).body.stage === 'reminder_1' ? true : undefined,
        90_000, // six first reminders share the paced email queue, on a busy machine
      );
      const paid = await as('POST', `/v1/invoices/${paidLater}/payments`, {
        id: 'pay-1',
        amount: '1200.00',
        paidAt: new Date().toISOString(),
      });
      expect(paid.body.status).toBe('paid');

      // Reports read the Postgres projection, which follows the workflow within a sync activity.
      await eventually('the paid case out of the projection of open cases', async () =>
        (await as('GET', `/v1/invoices?status=paid`)).body.items.length === 1 ? true : undefined,
      );
      const aging = await as('GET', '/v1/reports/aging');
      expect(aging.status).toBe(200);
      const eur = aging.body.currencies.find((c: any) => c.currency === 'EUR');
      expect(Object.fromEntries(eur.buckets.map((b: any) => [b.bucket, [b.cases, b.balance]]))).toEqual({
        not_due: [1, '1200.00'],
        '1_30': [1, '300.00'],
        '31_60': [1, '1200.00'],
        '61_90': [1, '1200.00'],
        '90_plus': [1, '1200.00'],
      });
      expect(eur.total).toEqual({ cases: 5, balance: '5100.00' });
      expect(aging.body.currencies.find((c: any) => c.currency === 'USD').total).toEqual({
        cases: 1,
        balance: '1200.00',
      });

      // The first reminders of the other overdue cases go out at the paced email queue's rate.
      const report = await eventually('every first reminder in the report', async () => {
        const r = await as(
          'GET',
          `/v1/reports/effectiveness?from=${dateFromToday(-1)}&to=${dateFromToday(1)}`,
        );
        const step = r.body.steps?.find((s: any) => s.step === 'reminder_1');
        return r.status === 200 && step?.reached >= 5 ? r : undefined;
      });
      expect(report.status).toBe(200);
      const first = report.body.steps.find((s: any) => s.step === 'reminder_1');
      expect(first.reached).toBeGreaterThanOrEqual(5);
      expect(first.paidAfter).toEqual({ cases: 1, amounts: [{ currency: 'EUR', amount: '1200.00' }] });
      expect(first.medianDaysToPayment).toBe(10);

      const inverted = await as(
        'GET',
        `/v1/reports/effectiveness?from=${dateFromToday(1)}&to=${dateFromToday(-1)}`,
      );
      expect(inverted.status).toBe(422);
      expect(inverted.body.errors[0].path).toBe('to');
      expect((await as('GET', '/v1/reports/effectiveness?from=yesterday')).status).toBe(422);
    }, 180_000);
  });

  describe('operations: health, metrics, OpenAPI, Resend without a secret', () => {
    it('answers live and ready with both dependencies up', async () => {
      expect((await fetch(`${stack.apiUrl}/health/live`)).status).toBe(200);
      const ready = await fetch(`${stack.apiUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'up', temporal: 'up' } });
    });

    it('exposes Prometheus metrics on the loopback metrics port only (no METRICS_TOKEN): HTTP traffic by route, cases by status, payments and amounts', async () => {
      const hidden = await fetch(`${stack.apiUrl}/metrics`);
      expect(hidden.status).toBe(404);
      expect(await hidden.text()).not.toContain('relance_');
      const res = await fetch(`http://127.0.0.1:${stack.env.METRICS_PORT}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toMatch(
        /relance_http_requests_total\{method="POST",route="\/v1\/invoices",status="201"\} \d+/,
      );
      expect(text).toMatch(/relance_http_request_duration_seconds_bucket\{/);
      expect(text).toMatch(/relance_cases\{status="paid"\} [1-9]/);
      expect(text).toMatch(/relance_payments_recorded\{currency="EUR"\} [1-9]/);
      expect(text).toMatch(/relance_amount_recovered\{currency="EUR"\} 1200/);
      expect(text).toMatch(/relance_webhooks_total\{source="payment",outcome="rejected"\} 1/);
      expect(text).toMatch(/relance_emails_sent\{template="friendly",status="sent"\} [1-9]/);
    });

    it('serves the OpenAPI document of every route, strict about unknown fields, and the docs UI', async () => {
      const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as any;
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/v1/invoices',
          '/v1/invoices/{externalId}',
          '/v1/invoices/{externalId}/timeline',
          '/v1/invoices/{externalId}/payments',
          '/v1/invoices/{externalId}/replies',
          '/v1/invoices/{externalId}/pause',
          '/v1/invoices/{externalId}/resume',
          '/v1/invoices/{externalId}/cancel',
          '/v1/invoices/{externalId}/dispute',
          '/v1/invoices/{externalId}/promise',
          '/v1/invoices/{externalId}/payment-plan',
          '/v1/invoices/{externalId}/penalties',
          '/v1/tenant',
          '/v1/reports/aging',
          '/v1/reports/effectiveness',
          '/v1/webhooks/payments/{tenantSlug}',
          '/v1/webhooks/resend',
          '/health/live',
          '/health/ready',
          '/metrics',
        ]),
      );
      expect(doc.paths['/v1/invoices'].post.operationId).toBe('registerInvoice');
      expect(doc.paths['/v1/invoices/{externalId}/payments'].post.operationId).toBe('recordPayment');
      const register = doc.components.schemas.RegisterInvoiceDto;
      expect(register.additionalProperties).toBe(false);
      expect(register.required).toEqual(
        expect.arrayContaining([
          'externalId',
          'number',
          'issueDate',
          'dueDate',
          'currency',
          'total',
          'amountDue',
          'client',
        ]),
      );
      expect(register.properties.client.additionalProperties).toBe(false);
      expect(
        doc.paths['/v1/invoices'].post.responses['422'].content['application/problem+json'],
      ).toBeDefined();
      expect(doc.paths['/v1/invoices'].get.parameters.map((p: any) => p.name)).toEqual([
        'status',
        'stage',
        'clientId',
        'limit',
        'cursor',
      ]);
      expect(
        doc.paths['/v1/invoices/{externalId}/payments'].post.requestBody.content['application/json'].schema
          .$ref,
      ).toContain('PaymentBodyDto');
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const docs = await fetch(`${stack.apiUrl}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger');
    });

    it('answers 503 on the Resend webhook when RESEND_WEBHOOK_SECRET is not configured', async () => {
      const body = JSON.stringify({
        type: 'email.delivered',
        created_at: new Date().toISOString(),
        data: { email_id: 're_1' },
      });
      const res = await postRaw(
        `${stack.apiUrl}/v1/webhooks/resend`,
        body,
        svixHeaders(`whsec_${Buffer.from('k'.repeat(32)).toString('base64')}`, 'msg_1', body),
      );
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });
  });
});
