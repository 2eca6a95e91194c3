import { repoRoot, startStack, type Stack } from '@relance/devstack';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowSenderDomains,
  api,
  apiCli,
  eventually,
  invoiceBody,
  paymentSignature,
  postRaw,
  registerCase,
  sql,
  svixHeaders,
  tableCounts,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-security-signing-key').toString('base64')}`;
const METRICS_TOKEN = 'e2e-metrics-token-0123456789';

/**
 * Issues 9 and 10: input refused before anything is written (payment amounts, control characters,
 * URLs, policy errors at their path), senders bound to operator-allowed domains, secrets encrypted
 * at rest and handled by the CLI without argv, metrics behind a token, tenant slugs not probed,
 * inbound replies bound to their tenant's domain, an audit trail that TRUNCATE cannot empty.
 */
describe('API: security and validation (issues 9 and 10)', () => {
  let stack: Stack;
  let call: Api;

  beforeAll(async () => {
    stack = await startStack({ env: { METRICS_TOKEN, RESEND_WEBHOOK_SECRET: RESEND_SECRET } });
    call = api(stack.apiUrl, stack.apiKey);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const paymentUrl = (slug = 'default') => `${stack.apiUrl}/v1/webhooks/payments/${slug}`;
  const paymentEvent = (id: string, invoiceId: string, data: Record<string, unknown>) =>
    JSON.stringify({
      id,
      type: 'payment.succeeded',
      data: { invoiceId, amount: '10.00', currency: 'EUR', paidAt: '2026-11-22T10:00:00Z', ...data },
    });
  const deliver = (body: string, slug = 'default', secret = stack.webhookSecret) =>
    postRaw(paymentUrl(slug), body, { 'relance-signature': paymentSignature(secret, body) });
  const register = (overrides?: Record<string, unknown>) => registerCase(call, overrides);
  /** Rows a refused request could have written; the timeline grows meanwhile with the cases' own steps. */
  const requestWrites = async () => {
    const { timeline: _timeline, ...rest } = await tableCounts(stack.databaseUrl);
    return rest;
  };
  const paths = (res: { body: Record<string, any> }) => (res.body.errors ?? []).map((e: any) => e.path);
  /** A case control, repeated while the case cannot answer yet (a worker starting): each is idempotent. */
  const control = (path: string, body: unknown) =>
    eventually(
      `${path} answered`,
      async () => {
        const res = await call('POST', path, body);
        return res.status === 503 ? undefined : res;
      },
      90_000,
    );

  describe('payment amounts are refused before anything is written (issue 9)', () => {
    let eur: string;
    let jpy: string;

    beforeAll(async () => {
      eur = await register();
      jpy = await register({
        currency: 'JPY',
        total: '120000',
        net: '100000',
        tax: '20000',
        amountDue: '120000',
      });
      // With no worker, a payment that reached the case would wait for it (503): a 422 now proves
      // that the API decided alone, before any signal or Update.
      await stack.worker.stop();
    });
    afterAll(async () => {
      await stack.startWorker();
    });

    it('POST …/payments: zero, too many decimals for the currency (EUR 2, JPY 0), another currency → 422 naming the field', async () => {
      const counts = await tableCounts(stack.databaseUrl);
      const bad: [string, Record<string, unknown>, string][] = [
        [eur, { amount: '0.00' }, 'amount'],
        [eur, { amount: '0' }, 'amount'],
        [eur, { amount: '10.001' }, 'amount'],
        [jpy, { amount: '10.5' }, 'amount'],
        [eur, { amount: '10.00', currency: 'USD' }, 'currency'],
      ];
      for (const [id, fields, path] of bad) {
        const started = Date.now();
        const res = await call('POST', `/v1/invoices/${id}/payments`, {
          id: `pay-${path}`,
          paidAt: '2026-11-20T10:00:00Z',
          ...fields,
        });
        expect(res.status, JSON.stringify(fields)).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(paths(res), JSON.stringify(fields)).toEqual([path]);
        expect(Date.now() - started, 'answered without waiting for the case').toBeLessThan(5_000);
      }
      expect(await tableCounts(stack.databaseUrl)).toEqual(counts);
    });

    it('payment webhook: zero, too many decimals, another currency → 422 on data.*, no webhook_events row, no signal', async () => {
      const counts = await tableCounts(stack.databaseUrl);
      const bad: [string, Record<string, unknown>, string][] = [
        [eur, { amount: '0.00' }, 'data.amount'],
        [eur, { amount: '10.001' }, 'data.amount'],
        [jpy, { amount: '10.5', currency: 'JPY' }, 'data.amount'],
        [jpy, { amount: '10.00', currency: 'EUR' }, 'data.currency'],
      ];
      for (const [id, data, path] of bad) {
        const res = await deliver(paymentEvent(`evt_${id}_${path}_${String(data.amount)}`, id, data));
        expect(res.status, JSON.stringify(data)).toBe(422);
        expect(paths(res), JSON.stringify(data)).toEqual([path]);
      }
      expect(await tableCounts(stack.databaseUrl)).toEqual(counts);
    });
  });

  describe('overpayment is not refused by the API (issue 9)', () => {
    it('records a payment above the balance, through the API and through the webhook', async () => {
      const id = await register();
      const res = await control(`/v1/invoices/${id}/payments`, {
        id: 'pay-over',
        amount: '1240.00',
        paidAt: '2026-11-20T10:00:00Z',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.status).toBe('paid');
      const other = await register();
      const hook = await deliver(paymentEvent(`evt_${other}_over`, other, { amount: '1300.00' }));
      expect(hook.status).toBe(202);
      await eventually('the overpaid case closed', async () =>
        (await call('GET', `/v1/invoices/${other}`)).body.status === 'paid' ? true : undefined,
      );
    });
  });

  describe('policy errors at their path (issue 9)', () => {
    const outOfOrder = {
      steps: [
        { id: 'reminder_1', after: 'P8D', action: 'reminder', tone: 'friendly' },
        { id: 'reminder_2', after: 'P1D', action: 'reminder', tone: 'firm' },
      ],
    };
    const message = 'must come strictly after steps[0] ("P8D") whatever the due date';

    it('registration with an inline policy out of order → 422 at policy.steps.1.after with the policy rule', async () => {
      const counts = await requestWrites();
      const res = await call('POST', '/v1/invoices', invoiceBody({ policy: outOfOrder }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ path: 'policy.steps.1.after', message }]);
      const unknownField = await call(
        'POST',
        '/v1/invoices',
        invoiceBody({ policy: { ...outOfOrder, steps: outOfOrder.steps.slice(0, 1), colour: 'red' } }),
      );
      expect(unknownField.body.errors).toEqual([{ path: 'policy.colour', message: 'unknown field' }]);
      expect(await requestWrites()).toEqual(counts);
    });

    it('PATCH /v1/tenant reports defaultPolicy and named policies at the same precise paths', async () => {
      const res = await call('PATCH', '/v1/tenant', {
        defaultPolicy: outOfOrder,
        policies: { gentle: outOfOrder },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        { path: 'defaultPolicy.steps.1.after', message },
        { path: 'policies.gentle.steps.1.after', message },
      ]);
    });
  });

  describe('senders bound to tenants (issue 10)', () => {
    let asGamma: ReturnType<typeof api>;
    const sender = (fromEmail: string) => ({ sender: { fromName: 'Studio Gamma', fromEmail } });

    beforeAll(async () => {
      expect((await apiCli(stack, ['tenant', 'create', 'gamma'])).code).toBe(0);
      asGamma = api(stack.apiUrl, (await apiCli(stack, ['key', 'mint', 'gamma'])).stdout);
    });

    it('refuses a From address while no sending domain is allowed, naming sender.fromEmail; the placeholder may stay', async () => {
      const res = await asGamma('PATCH', '/v1/tenant', sender('billing@bank.example'));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        { path: 'sender.fromEmail', message: expect.stringContaining('bank.example is not allowed') },
      ]);
      // Renaming the sender while keeping the address a new tenant starts with is not a new sender.
      expect((await asGamma('PATCH', '/v1/tenant', sender('factures@gamma.example'))).status).toBe(200);
      expect((await asGamma('GET', '/v1/tenant')).body.sender.fromName).toBe('Studio Gamma');
    });

    it('accepts exactly the domains an operator allowed with the CLI, not their subdomains', async () => {
      expect((await apiCli(stack, ['sender-domains', 'set', 'gamma', 'not a domain'])).code).toBe(2);
      const set = await apiCli(stack, [
        'sender-domains',
        'set',
        'gamma',
        'Gamma.example',
        'studio-gamma.example',
      ]);
      expect(set).toMatchObject({
        code: 0,
        stdout: 'gamma may send from: gamma.example, studio-gamma.example',
      });
      expect((await apiCli(stack, ['sender-domains', 'list', 'gamma'])).stdout).toBe(
        'gamma.example\nstudio-gamma.example',
      );
      expect((await asGamma('PATCH', '/v1/tenant', sender('hello@studio-gamma.example'))).status).toBe(200);
      const sub = await asGamma('PATCH', '/v1/tenant', sender('hello@mail.gamma.example'));
      expect(sub.status).toBe(422);
      expect(paths(sub)).toEqual(['sender.fromEmail']);
      const view = await asGamma('GET', '/v1/tenant');
      expect(view.body.senderDomains).toEqual(['gamma.example', 'studio-gamma.example']);
      expect(view.body.sender.fromEmail).toBe('hello@studio-gamma.example');
      // A tenant cannot allow itself a domain.
      const self = await asGamma('PATCH', '/v1/tenant', { senderDomains: ['bank.example'] });
      expect(self.status).toBe(422);
      expect(paths(self)).toEqual(['senderDomains']);
    });

    it('refuses at send time a sender whose domain an operator removed since: the case waits on action_required (issue 18)', async () => {
      // gamma sends from hello@studio-gamma.example (above); the operator now takes that domain away.
      expect((await apiCli(stack, ['sender-domains', 'set', 'gamma', 'gamma.example'])).code).toBe(0);
      const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
      expect((await asGamma('POST', '/v1/invoices', body)).status).toBe(201);
      const view = await eventually('the case waiting on the creditor', async () => {
        const res = await asGamma('GET', `/v1/invoices/${body.externalId}`);
        return res.body.actionRequired ? res.body : undefined;
      });
      expect(view).toMatchObject({
        status: 'paused',
        pausedReason: 'action_required',
        actionRequired: {
          step: 'reminder_1',
          reason: expect.stringContaining('hello@studio-gamma.example is not allowed'),
        },
        nextAction: { action: 'action_required' },
      });
      const types = view.timeline.map((t: { type: string }) => t.type);
      expect(types).toEqual(expect.arrayContaining(['email_failed', 'action_required']));
      expect(types).not.toContain('reminder_sent');
      // Nothing reached the mailer: no email of the case was accepted (the creditor alert neither).
      const sent = await sql<{ n: number }>(
        stack.databaseUrl,
        `SELECT count(*)::int AS n FROM emails e JOIN invoices i ON i.id = e.invoice_id
          WHERE i.external_id = $1 AND e.provider_id IS NOT NULL`,
        [body.externalId],
      );
      expect(sent[0]!.n).toBe(0);
    });
  });

  describe('control characters and URLs (issue 10)', () => {
    it('refuses CR, LF and other control characters in single-line fields, naming each, writing nothing', async () => {
      const counts = await requestWrites();
      const body = invoiceBody({
        number: 'F-1\r\nBcc: victim@example.com',
        paymentUrl: 'javascript:alert(1)',
      });
      Object.assign(body.client, {
        name: 'Jeanne\nMartin',
        company: 'ACME\u2028SARL',
        phone: '+33\u0000',
        id: 'C\u0085',
      });
      const res = await call('POST', '/v1/invoices', body);
      expect(res.status).toBe(422);
      expect(paths(res).sort()).toEqual(
        ['client.company', 'client.id', 'client.name', 'client.phone', 'number', 'paymentUrl'].sort(),
      );
      const tenant = await call('PATCH', '/v1/tenant', {
        company: { name: 'Studio\rDupont', address: '12 rue des Lilas\n75011 Paris' },
        legalContact: { name: 'Maître\tDurand', email: 'cabinet@durand.example' },
        paymentUrlTemplate: 'data:text/html,{externalId}',
      });
      expect(tenant.status).toBe(422);
      expect(paths(tenant).sort()).toEqual(
        ['company.address', 'company.name', 'legalContact.name', 'paymentUrlTemplate'].sort(),
      );
      const id = await register();
      const counted = await requestWrites();
      const payment = await call('POST', `/v1/invoices/${id}/payments`, {
        id: 'pay\n1',
        amount: '1.00',
        paidAt: '2026-11-20T10:00:00Z',
        reference: 'VIR\u20298841',
      });
      expect(paths(payment).sort()).toEqual(['id', 'reference']);
      const hook = await deliver(paymentEvent(`evt_${id}_ctl`, id, { reference: 'VIR\r\n8841' }));
      expect(hook.status).toBe(422);
      expect(paths(hook)).toEqual(['data.reference']);
      expect(await requestWrites()).toEqual(counted);
      expect(counted.invoices).toBe(counts.invoices + 1);
    });

    it('keeps newlines in multi-line fields (a reason, a reply)', async () => {
      const paused = await control(`/v1/invoices/${await register()}/pause`, {
        reason: 'Client called:\nwill pay Friday',
      });
      expect(paused.status, JSON.stringify(paused.body)).toBe(200);
      const reply = await control(`/v1/invoices/${await register()}/replies`, {
        id: 'msg-multi',
        from: 'compta@acme.example',
        receivedAt: '2026-11-20T10:00:00Z',
        text: 'Bonjour,\r\n\r\nNous payons vendredi.\n',
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    });
  });

  describe('metrics behind a token (issue 10)', () => {
    it('answers GET /metrics only with Authorization: Bearer <METRICS_TOKEN>; nothing listens on the loopback port', async () => {
      const none = await fetch(`${stack.apiUrl}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect(await none.text()).not.toContain('relance_');
      const wrong = await fetch(`${stack.apiUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${stack.apiUrl}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/relance_cases\{status="[a-z_]+"\} \d+/);
      await expect(fetch(`http://127.0.0.1:${stack.env.METRICS_PORT}/metrics`)).rejects.toThrow();
    });
  });

  describe('payment webhook: unknown tenants look like bad signatures (issue 10)', () => {
    it('answers an unknown tenant slug exactly as a wrong signature: 401, same body', async () => {
      const id = await register();
      const body = paymentEvent(`evt_${id}_probe`, id, {});
      const counts = await requestWrites();
      const comparable = (res: { status: number; body: Record<string, any> }) => {
        const { instance: _instance, ...rest } = res.body;
        return { status: res.status, ...rest };
      };
      const wrongSecret = await deliver(body, 'default', 'whsec_not_the_secret');
      const unknownTenant = await deliver(body, 'no-such-tenant');
      expect(unknownTenant.status).toBe(401);
      expect(comparable(unknownTenant)).toEqual(comparable(wrongSecret));
      const malformed = await postRaw(paymentUrl('default'), body, { 'relance-signature': 'v1=abc' });
      const malformedUnknown = await postRaw(paymentUrl('no-such-tenant'), body, {
        'relance-signature': 'v1=abc',
      });
      expect(comparable(malformedUnknown)).toEqual(comparable(malformed));
      expect(await requestWrites()).toEqual(counts);
    });
  });

  describe('webhook secrets encrypted at rest, handled by the CLI without argv (issue 10)', () => {
    const storedSecrets = async (slug = 'default') =>
      (
        await sql<{ s: string[] }>(
          stack.databaseUrl,
          `SELECT webhook_secrets AS s FROM tenants WHERE slug = $1`,
          [slug],
        )
      )[0]!.s;

    it('stores every secret AES-GCM encrypted under an id, never in clear', async () => {
      const stored = await storedSecrets();
      expect(stored.length).toBeGreaterThanOrEqual(1);
      for (const entry of stored) expect(entry).toMatch(/^[A-Za-z0-9_-]{8}:enc:v2:/);
      expect(stored.join()).not.toContain(stack.webhookSecret);
      const id = await register();
      expect((await deliver(paymentEvent(`evt_${id}_enc`, id, {}))).status).toBe(202);
    });

    it('adds a secret read from stdin, lists ids, removes by id; refuses a secret in the arguments', async () => {
      const chosen = `whsec_chosen_${randomBytes(12).toString('hex')}`;
      const added = await apiCli(stack, ['webhook-secret', 'add', 'default', '--stdin'], `${chosen}\n`);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).not.toContain(chosen);
      const secretId = /^added webhook secret ([A-Za-z0-9_-]{8})$/.exec(added.stdout)?.[1];
      expect(secretId).toBeDefined();
      expect((await apiCli(stack, ['webhook-secret', 'list', 'default'])).stdout.split('\n')).toContain(
        secretId,
      );
      expect((await storedSecrets()).join()).not.toContain(chosen);
      const id = await register();
      expect((await deliver(paymentEvent(`evt_${id}_chosen`, id, {}), 'default', chosen)).status).toBe(202);

      const inArgv = await apiCli(stack, ['webhook-secret', 'add', 'default', 'whsec_in_argv_0123456789']);
      expect(inArgv.code).toBe(2);
      expect((await apiCli(stack, ['webhook-secret', 'add', 'default', '--stdin'], 'short')).code).toBe(2);

      const generated = await apiCli(stack, ['webhook-secret', 'add', 'default']);
      expect(generated.stdout).toMatch(/^whsec_/);
      expect(generated.stderr).toMatch(/webhook secret id [A-Za-z0-9_-]{8}/);

      const removed = await apiCli(stack, ['webhook-secret', 'remove', 'default', secretId!]);
      expect(removed).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^removed; \d+ secret\(s\) left$/),
      });
      expect((await deliver(paymentEvent(`evt_${id}_removed`, id, {}), 'default', chosen)).status).toBe(401);
      expect((await apiCli(stack, ['webhook-secret', 'remove', 'default', 'zzzzzzzz'])).code).toBe(2);
    });

    it('encrypts secrets stored in clear before this release at the next start, keeping them valid', async () => {
      const legacy = `whsec_legacy_${randomBytes(12).toString('hex')}`;
      await sql(
        stack.databaseUrl,
        `UPDATE tenants SET webhook_secrets = webhook_secrets || $1::text WHERE slug = 'default'`,
        [legacy],
      );
      // Any start (API or CLI) seals them; the CLI is the quicker one to run here.
      expect((await apiCli(stack, ['tenant', 'list'])).code).toBe(0);
      const stored = await storedSecrets();
      expect(stored.join()).not.toContain(legacy);
      for (const entry of stored) expect(entry).toMatch(/^[A-Za-z0-9_-]{8}:enc:v2:/);
      const id = await register();
      expect((await deliver(paymentEvent(`evt_${id}_legacy`, id, {}), 'default', legacy)).status).toBe(202);
    });

    it('stops with a clear message when RELANCE_SECRET_KEY is missing, or is not the key of the stored secrets', async () => {
      const wrongKey = await apiCli(
        { ...stack, env: { ...stack.env, RELANCE_SECRET_KEY: randomBytes(32).toString('hex') } },
        ['tenant', 'list'],
      );
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr).toContain('RELANCE_SECRET_KEY is not the key');
      const { RELANCE_SECRET_KEY: _key, ...withoutKey } = stack.env;
      const api = spawnSync(process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
        env: { ...withoutKey, PORT: '1' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(api.status).toBe(1);
      expect(api.stderr).toContain('RELANCE_SECRET_KEY: is required');
    });
  });

  describe('inbound replies stay within their tenant (issue 10)', () => {
    it("ignores a reply token sent to another tenant's reply-to domain; the right domain reaches the case", async () => {
      const replyDomain = async (as: ReturnType<typeof api>, fromEmail: string, domain: string) => {
        const res = await as('PATCH', '/v1/tenant', {
          sender: { fromName: 'Studio', fromEmail, replyToDomain: domain },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      };
      expect((await apiCli(stack, ['tenant', 'create', 'delta'])).code).toBe(0);
      await allowSenderDomains(stack, 'delta', 'delta.example');
      const asDelta = api(stack.apiUrl, (await apiCli(stack, ['key', 'mint', 'delta'])).stdout);
      await replyDomain(call, 'factures@default.example', 'inbound.default.example');
      await replyDomain(asDelta, 'factures@delta.example', 'inbound.delta.example');
      const ofDefault = await register();
      const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
      expect((await asDelta('POST', '/v1/invoices', body)).status).toBe(201);
      const ofDelta = body.externalId as string;
      const tokenOf = async (externalId: string, slug: string) =>
        (
          await sql<{ reply_token: string }>(
            stack.databaseUrl,
            `SELECT i.reply_token FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.external_id = $1 AND t.slug = $2`,
            [externalId, slug],
          )
        )[0]!.reply_token;
      const inbound = (to: string, svixId: string) => {
        const payload = JSON.stringify({
          type: 'email.received',
          created_at: new Date().toISOString(),
          data: {
            email_id: `in_${svixId}`,
            from: 'compta@acme.example',
            to: [to],
            received_for: [to],
            subject: 'Re: Rappel',
          },
        });
        return postRaw(
          `${stack.apiUrl}/v1/webhooks/resend`,
          payload,
          svixHeaders(RESEND_SECRET, svixId, payload),
        );
      };
      const { webhooks } = await tableCounts(stack.databaseUrl);
      const crossed = await inbound(
        `reply+${await tokenOf(ofDelta, 'delta')}@inbound.default.example`,
        'msg_cross_1',
      );
      expect(crossed.body.outcome).toBe('unknown_case');
      const crossedBack = await inbound(
        `reply+${await tokenOf(ofDefault, 'default')}@inbound.delta.example`,
        'msg_cross_2',
      );
      expect(crossedBack.body.outcome).toBe('unknown_case');
      // Nothing recorded: no webhook row, no reply on either case (the cases' own steps go on meanwhile).
      expect((await tableCounts(stack.databaseUrl)).webhooks).toBe(webhooks);
      for (const [as, id] of [
        [asDelta, ofDelta],
        [call, ofDefault],
      ] as const) {
        const types = (await as('GET', `/v1/invoices/${id}`)).body.timeline.map((t: any) => t.type);
        expect(types).not.toContain('reply_received');
      }

      const own = await inbound(
        `reply+${await tokenOf(ofDelta, 'delta')}@inbound.delta.example`,
        'msg_own_1',
      );
      expect(own.body.outcome).toBe('handed_off');
      await eventually('the reply on the delta case', async () =>
        (await asDelta('GET', `/v1/invoices/${ofDelta}`)).body.status === 'paused' ? true : undefined,
      );
      expect((await call('GET', `/v1/invoices/${ofDefault}`)).body.status).not.toBe('paused');
    });
  });

  describe('the audit trail (issue 10)', () => {
    it('refuses TRUNCATE of timeline_events, as it refuses UPDATE and DELETE', async () => {
      await expect(sql(stack.databaseUrl, 'TRUNCATE timeline_events CASCADE')).rejects.toThrow(/append-only/);
      await expect(sql(stack.databaseUrl, 'DELETE FROM timeline_events')).rejects.toThrow(/append-only/);
      expect((await tableCounts(stack.databaseUrl)).timeline).toBeGreaterThan(0);
    });
  });
});
