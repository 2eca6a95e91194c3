import { Client } from '@temporalio/client';
import { FakeResend, type CapturedEmail, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  invoiceBody,
  paymentSignature,
  postRaw,
  registerCase,
  sql,
  startStackWithResend,
  stopAll,
  svixHeaders,
  temporalClient,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-lifecycle-signing-key').toString('base64')}`;
/** The bootstrap tenant's `notifyEmail` (default settings). */
const CREDITOR = 'alertes@default.example';

/** docs/architecture.md "Case lifecycle guarantees", as the API sees them (issue 9). */
describe('API: case lifecycle guarantees', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;
  let temporal: Client;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend({ RESEND_WEBHOOK_SECRET: RESEND_SECRET }));
    temporal = await temporalClient(stack);
  });
  afterAll(async () => {
    await temporal?.connection.close();
    await stopAll(stack, resend);
  });

  const openCase = (overrides?: Record<string, unknown>) => registerCase(call, overrides);
  const view = async (id: string) => (await call('GET', `/v1/invoices/${encodeURIComponent(id)}`)).body;
  const invoiceUuid = async (id: string) =>
    (await sql<{ id: string }>(stack.databaseUrl, `SELECT id FROM invoices WHERE external_id = $1`, [id]))[0]!
      .id;
  const until = (id: string, what: string, check: (v: any) => boolean) =>
    eventually(`${id}: ${what}`, async () => {
      const v = await view(id);
      return check(v) ? v : undefined;
    });
  /** A full payment, then the projection is `paid`: the case's workflow has completed. */
  async function paidCase(): Promise<string> {
    const id = await openCase();
    // A 503 (the worker still warming up on a fresh stack) says to repeat the request: a client would.
    const full = await eventually(
      'the full payment answered',
      async () => {
        const res = await call('POST', `/v1/invoices/${id}/payments`, {
          id: 'pay-full',
          amount: '1200.00',
          paidAt: '2026-11-30T09:00:00Z',
        });
        return res.status === 503 ? undefined : res;
      },
      60_000,
    );
    expect(full.status).toBe(200);
    expect(full.body.status).toBe('paid');
    await until(id, 'paid in the projection', (v) => v.status === 'paid');
    await eventually('the case workflow completed', async () =>
      (await temporal.workflow.getHandle(`dunning:default:${id}`).describe()).status.name === 'COMPLETED'
        ? true
        : undefined,
    );
    return id;
  }
  const caseEmails = (id: string) =>
    resend.emails.filter((e) => e.body.headers?.['X-Relance-Case'] === `dunning:default:${id}`);
  const recipients = (e: CapturedEmail) => [e.body.to].flat();
  const stepTag = (e: CapturedEmail) => e.body.tags?.find((t) => t.name === 'step')?.value ?? '';
  /** The creditor alerts about money that reached the closed case. */
  const lateAlerts = (id: string) =>
    caseEmails(id).filter(
      (e) => recipients(e).includes(CREDITOR) && stepTag(e).includes('payment_after_close'),
    );
  const deliverWebhook = (body: string) =>
    postRaw(`${stack.apiUrl}/v1/webhooks/payments/default`, body, {
      'relance-signature': paymentSignature(stack.webhookSecret, body),
    });
  const paymentEvent = (id: string, invoiceId: string, amount: string) =>
    JSON.stringify({
      id,
      type: 'payment.succeeded',
      data: { invoiceId, amount, currency: 'EUR', paidAt: '2026-12-01T10:00:00Z', reference: 'VIR 9' },
    });

  describe('a payment for a closed case is recorded and alerts the creditor', () => {
    it('payment webhook: 200 case_closed, a payment_received entry not applied, one creditor alert', async () => {
      const id = await paidCase();
      const body = paymentEvent(`evt_${id}_late`, id, '40.00');
      const first = await deliverWebhook(body);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ id: `evt_${id}_late`, outcome: 'case_closed' });
      const alerts = await eventually('the creditor alert', () =>
        lateAlerts(id).length > 0 ? lateAlerts(id) : undefined,
      );
      expect(alerts).toHaveLength(1);
      expect((await deliverWebhook(body)).body.outcome).toBe('duplicate');

      const v = await until(id, 'the alert on the timeline', (b) =>
        b.timeline.some((t: any) => t.type === 'creditor_alerted' && t.data.kind === 'payment_after_close'),
      );
      expect(v).toMatchObject({ status: 'paid', paid: '1200.00', balance: '0.00' });
      const late = v.timeline.filter((t: any) => t.type === 'payment_received' && t.data.accepted === false);
      expect(late).toEqual([
        expect.objectContaining({
          id: `${await invoiceUuid(id)}:webhook:evt_${id}_late`,
          data: expect.objectContaining({
            eventId: `evt_${id}_late`,
            amount: '40.00',
            reason: 'the case is already closed (paid)',
          }),
        }),
      ]);
      await new Promise((r) => setTimeout(r, 1500));
      expect(lateAlerts(id)).toHaveLength(1);
    });

    it('POST payments: 409 saying the payment was recorded, once per payment id, and one creditor alert', async () => {
      const id = await paidCase();
      const late = { id: 'pay-late', amount: '12.50', paidAt: '2026-12-01T10:00:00Z', reference: 'CHQ 12' };
      const first = await call('POST', `/v1/invoices/${id}/payments`, late);
      expect(first.status).toBe(409);
      expect(first.headers.get('content-type')).toContain('application/problem+json');
      expect(first.body).toMatchObject({
        status: 409,
        title: 'Case closed',
        caseStatus: 'paid',
        paymentRecorded: true,
        paymentId: 'pay-late',
      });
      expect(first.body.detail).toContain('recorded');
      const again = await call('POST', `/v1/invoices/${id}/payments`, late);
      expect(again.status).toBe(409);
      expect(again.body.paymentRecorded).toBe(true);
      // The payment that closed the case still answers 200 with the view.
      expect(
        (
          await call('POST', `/v1/invoices/${id}/payments`, {
            id: 'pay-full',
            amount: '1200.00',
            paidAt: '2026-11-30T09:00:00Z',
          })
        ).status,
      ).toBe(200);

      await eventually('the creditor alert', () => (lateAlerts(id).length > 0 ? true : undefined));
      const v = await view(id);
      expect(v).toMatchObject({ status: 'paid', paid: '1200.00', balance: '0.00' });
      expect(
        v.timeline.filter((t: any) => t.type === 'payment_received' && t.data.accepted === false),
      ).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ paymentId: 'pay-late', amount: '12.50', source: 'api' }),
        }),
      ]);
      const payments = await sql(
        stack.databaseUrl,
        `SELECT p.payment_id FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.external_id = $1`,
        [id],
      );
      expect(payments).toEqual([{ payment_id: 'pay-full' }]);
      await new Promise((r) => setTimeout(r, 1500));
      expect(lateAlerts(id)).toHaveLength(1);
    });
  });

  it('overpayment: a payment above the balance closes the case paid and shows the surplus', async () => {
    const id = await openCase();
    const res = await call('POST', `/v1/invoices/${id}/payments`, {
      id: 'pay-with-indemnity',
      amount: '1240.00',
      paidAt: '2026-12-01T10:00:00Z',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'paid', paid: '1240.00', balance: '0.00', overpaid: '40.00' });
    const v = await until(id, 'the overpaid entry', (b) =>
      b.timeline.some((t: any) => t.type === 'overpaid'),
    );
    expect(v).toMatchObject({ status: 'paid', balance: '0.00', overpaid: '40.00', nextAction: null });
    const listed = (await call('GET', '/v1/invoices?status=paid&limit=100')).body.items.find(
      (i: any) => i.externalId === id,
    );
    expect(listed).toMatchObject({ overpaid: '40.00' });
  });

  describe('PATCH /v1/invoices/{externalId}/client', () => {
    it('updates the stored client contact and signals the case', async () => {
      const registration = invoiceBody({
        policy: UNCONSTRAINED_POLICY,
        client: {
          ...invoiceBody().client,
          id: 'C-17', // the sample client (bodies get a client each)
          phone: '+33 1 23 45 67 89',
          cc: ['old-cc@acme.example'],
        },
      });
      expect((await call('POST', '/v1/invoices', registration)).status).toBe(201);
      const id = registration.externalId as string;
      const res = await call('PATCH', `/v1/invoices/${id}/client`, {
        email: 'paiements@acme.example',
        phone: '+33 6 12 34 56 78',
        cc: [],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ externalId: id, status: expect.any(String) });
      const [row] = await sql<{ client: any }>(
        stack.databaseUrl,
        `SELECT payload->'client' AS client FROM invoices WHERE external_id = $1`,
        [id],
      );
      expect(row!.client).toMatchObject({
        id: 'C-17',
        name: 'Jeanne Martin',
        email: 'paiements@acme.example',
        phone: '+33 6 12 34 56 78',
        cc: [],
      });
      // A signal that arrives during a workflow task joins the history once that task completes.
      const signals = await eventually('the clientContactChanged signal in the history', async () => {
        const history = await temporal.workflow.getHandle(`dunning:default:${id}`).fetchHistory();
        const found = (history.events ?? [])
          .map((e) => e.workflowExecutionSignaledEventAttributes)
          .filter((a) => a?.signalName === 'clientContactChanged')
          .map((a) => JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8')));
        return found.length > 0 ? found : undefined;
      });
      expect(signals).toEqual([{ email: 'paiements@acme.example', phone: '+33 6 12 34 56 78' }]);
      // The registration as first sent is still the same invoice (an idempotent retry answers 200).
      const retried = await call('POST', '/v1/invoices', registration);
      expect(retried.status).toBe(200);
      expect(
        (await sql(stack.databaseUrl, `SELECT 1 FROM invoices WHERE external_id = $1`, [id])).length,
      ).toBe(1);
    });

    it('after a bounce, the next reminder goes to the new address', async () => {
      // reminder_2 comes 40 s after reminder_1 (spacing kept), leaving time for the bounce and the PATCH.
      const policy = {
        steps: [
          { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
          { id: 'reminder_2', after: 'P1DT40S', action: 'reminder', tone: 'firm' },
        ],
      };
      const id = await openCase({ policy });
      const first = await eventually('reminder_1', () =>
        caseEmails(id).find((e) => stepTag(e) === 'reminder_1'),
      );
      expect(recipients(first)).toEqual(['compta@acme.example']);
      await until(id, 'reminder_1 recorded', (v) => v.stage === 'reminder_1');
      const bounce = JSON.stringify({
        type: 'email.bounced',
        created_at: new Date().toISOString(),
        data: {
          email_id: first.id,
          created_at: new Date().toISOString(),
          to: ['compta@acme.example'],
          bounce: { message: 'mailbox does not exist', type: 'Permanent' },
        },
      });
      const bounced = await postRaw(
        `${stack.apiUrl}/v1/webhooks/resend`,
        bounce,
        svixHeaders(RESEND_SECRET, `msg_bounce_${id}`, bounce),
      );
      expect(bounced.body.outcome).toBe('handed_off');
      const patched = await call('PATCH', `/v1/invoices/${id}/client`, { email: 'paiements@acme.example' });
      expect(patched.status).toBe(200);
      const second = await eventually(
        'reminder_2',
        () => caseEmails(id).find((e) => stepTag(e) === 'reminder_2'),
        120_000,
      );
      expect(recipients(second)).toEqual(['paiements@acme.example']);
    }, 180_000);

    it('answers 422 for an empty, unknown or invalid change, 404 for an unknown invoice, 409 once closed', async () => {
      const id = await openCase();
      const bad: [unknown, string][] = [
        [{}, '(body)'],
        [{ email: 'not-an-email' }, 'email'],
        [{ name: 'Someone else' }, 'name'],
        [{ cc: ['ok@acme.example', 'nope'] }, 'cc.1'],
      ];
      for (const [body, path] of bad) {
        const res = await call('PATCH', `/v1/invoices/${id}/client`, body);
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(res.body.errors.map((e: any) => e.path)).toContain(path);
      }
      const [row] = await sql<{ email: string }>(
        stack.databaseUrl,
        `SELECT payload->'client'->>'email' AS email FROM invoices WHERE external_id = $1`,
        [id],
      );
      expect(row!.email).toBe('compta@acme.example');
      expect((await call('PATCH', '/v1/invoices/INV-NOPE/client', { email: 'a@b.example' })).status).toBe(
        404,
      );

      const closed = await paidCase();
      const res = await call('PATCH', `/v1/invoices/${closed}/client`, { email: 'a@b.example' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ caseStatus: 'paid' });
    });
  });

  it('documents the new fields and the client route in /openapi.json', async () => {
    const doc = (await fetch(`${stack.apiUrl}/openapi.json`).then((r) => r.json())) as any;
    const patch = doc.paths['/v1/invoices/{externalId}/client']?.patch;
    expect(patch?.operationId).toBe('updateClientContact');
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '422']));
    const body = doc.components.schemas.ClientContactBodyDto;
    expect(Object.keys(body.properties).sort()).toEqual(['cc', 'email', 'phone']);
    expect(body.additionalProperties).toBe(false);
    const view = doc.components.schemas.CaseViewDto.properties;
    expect(view).toHaveProperty('overpaid');
    expect(view).toHaveProperty('pausedReason');
    expect(view).toHaveProperty('actionRequired');
    expect(view.nextAction.properties ?? view.nextAction.anyOf?.[0]?.properties).toHaveProperty('reason');
    const payment409 = doc.paths['/v1/invoices/{externalId}/payments'].post.responses['409'];
    expect(payment409.description).toContain('recorded');
  });

  it('keeps the timelines of externalIds that extend each other apart (ids use the invoice uuid)', async () => {
    // Under the old `<workflowId>:<key>` ids, A's entry for payment event `e1:registered` was
    // `dunning:default:A:webhook:e1:registered`, the registration entry of invoice `A:webhook:e1`.
    const a = await paidCase();
    const late = await deliverWebhook(paymentEvent('e1:registered', a, '5.00'));
    expect(late.body.outcome).toBe('case_closed');
    const b = `${a}:webhook:e1`;
    expect(
      (await call('POST', '/v1/invoices', invoiceBody({ externalId: b, policy: UNCONSTRAINED_POLICY })))
        .status,
    ).toBe(201);

    // And the workflow's `payment:<id>` key: C's payment `registered` against D = `C:payment`.
    const c = `COL-${Math.random().toString(36).slice(2, 8)}`;
    const d = `${c}:payment`;
    expect(
      (await call('POST', '/v1/invoices', invoiceBody({ externalId: d, policy: UNCONSTRAINED_POLICY })))
        .status,
    ).toBe(201);
    await openCase({ externalId: c });
    const paid = await call('POST', `/v1/invoices/${c}/payments`, {
      id: 'registered',
      amount: '100.00',
      paidAt: '2026-12-01T10:00:00Z',
    });
    expect(paid.status).toBe(200);

    const timelines = {
      a: (
        await until(a, 'the late payment', (v) =>
          v.timeline.some((t: any) => t.data.eventId === 'e1:registered'),
        )
      ).timeline,
      b: (await view(b)).timeline,
      c: (
        await until(c, 'the payment entry', (v) =>
          v.timeline.some((t: any) => t.data.paymentId === 'registered'),
        )
      ).timeline,
      d: (await view(d)).timeline,
    };
    expect(timelines.b.map((t: any) => t.type)).toContain('registered');
    expect(timelines.d.map((t: any) => t.type)).toContain('registered');
    const ids = Object.values(timelines).flatMap((t: any[]) => t.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const [key, externalId] of Object.entries({ a, b, c, d })) {
      const uuid = await invoiceUuid(externalId);
      for (const entry of timelines[key as keyof typeof timelines])
        expect(entry.id.startsWith(`${uuid}:`)).toBe(true);
    }
  });
});
