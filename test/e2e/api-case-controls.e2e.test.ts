import { startStack, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, dateFromToday, eventually, registerCase, sql, type Api } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

describe('API: payments, replies and manual controls, through workflow Updates', () => {
  let stack: Stack;
  let call: Api;

  beforeAll(async () => {
    stack = await startStack();
    call = api(stack.apiUrl, stack.apiKey);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** An overdue case (due 10 days ago) with a light policy. */
  const openCase = (overrides?: Record<string, unknown>) => registerCase(call, overrides);
  const paymentsOf = async (externalId: string) =>
    sql<{ payment_id: string; amount_minor: string }>(
      stack.databaseUrl,
      `SELECT p.payment_id, p.amount_minor FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.external_id = $1 ORDER BY p.created_at`,
      [externalId],
    );
  /**
   * The GET view (from the Postgres projection) reaches what the Update answered; the projection
   * may lag by a sync activity, so poll rather than read once.
   */
  const settled = (id: string, expected: Record<string, unknown>) =>
    eventually(
      `the projection of ${id}`,
      async () => {
        const body = (await call('GET', `/v1/invoices/${id}`)).body;
        expect(body).toMatchObject(expected);
        return true;
      },
      10_000,
    );
  const types = (view: any) => (view.timeline as { type: string }[]).map((t) => t.type);

  describe('POST /v1/invoices/{externalId}/payments', () => {
    it('records a partial payment once per id and answers with the new balance', async () => {
      const id = await openCase();
      const payment = {
        id: 'pay-1',
        amount: '200.00',
        paidAt: '2026-11-20T10:00:00Z',
        reference: 'VIR 8841',
      };
      const first = await call('POST', `/v1/invoices/${id}/payments`, payment);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        externalId: id,
        status: 'overdue',
        paid: '200.00',
        balance: '1000.00',
      });
      expect(first.body.timeline).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'payment_received',
            data: expect.objectContaining({ paymentId: 'pay-1', amount: '200.00', balance: '1000.00' }),
          }),
        ]),
      );
      const again = await call('POST', `/v1/invoices/${id}/payments`, payment);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ paid: '200.00', balance: '1000.00' });
      expect(await paymentsOf(id)).toEqual([{ payment_id: 'pay-1', amount_minor: '20000' }]);
      await settled(id, { paid: '200.00', balance: '1000.00' });
    });

    it('refuses invalid payments with 422 naming the field, recording nothing', async () => {
      const id = await openCase();
      const bad: [Record<string, unknown>, string][] = [
        [{ id: 'p', amount: '0.00', paidAt: '2026-11-20T10:00:00Z' }, 'amount'],
        [{ id: 'p', amount: '10.001', paidAt: '2026-11-20T10:00:00Z' }, 'amount'],
        [{ id: 'p', amount: '10.00', paidAt: '2026-11-20T10:00:00Z', currency: 'USD' }, 'currency'],
        [{ id: 'p', amount: '10.00', paidAt: 'yesterday' }, 'paidAt'],
        [{ id: 'p', amount: '10.00', paidAt: '2026-11-20T10:00:00Z', fee: '1.00' }, 'fee'],
        [{ amount: '10.00', paidAt: '2026-11-20T10:00:00Z' }, 'id'],
      ];
      for (const [body, path] of bad) {
        const res = await call('POST', `/v1/invoices/${id}/payments`, body);
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      }
      expect(await paymentsOf(id)).toEqual([]);
      expect((await call('GET', `/v1/invoices/${id}`)).body).toMatchObject({
        paid: '0.00',
        balance: '1200.00',
      });
    });

    it('closes the case on full payment; a new payment then answers 409, a repeated one 200', async () => {
      const id = await openCase();
      const full = await call('POST', `/v1/invoices/${id}/payments`, {
        id: 'pay-full',
        amount: '1200.00',
        paidAt: '2026-11-21T09:00:00Z',
      });
      expect(full.status).toBe(200);
      expect(full.body).toMatchObject({ status: 'paid', paid: '1200.00', balance: '0.00', nextAction: null });
      const repeated = await call('POST', `/v1/invoices/${id}/payments`, {
        id: 'pay-full',
        amount: '1200.00',
        paidAt: '2026-11-21T09:00:00Z',
      });
      expect(repeated.status).toBe(200);
      expect(repeated.body).toMatchObject({ status: 'paid', balance: '0.00' });
      const another = await call('POST', `/v1/invoices/${id}/payments`, {
        id: 'pay-late',
        amount: '1.00',
        paidAt: '2026-11-21T09:00:00Z',
      });
      expect(another.status).toBe(409);
      expect(another.body).toMatchObject({ status: 409, caseStatus: 'paid' });
      expect(await paymentsOf(id)).toEqual([{ payment_id: 'pay-full', amount_minor: '120000' }]);
    });

    it('answers 404 for an unknown invoice', async () => {
      const res = await call('POST', '/v1/invoices/INV-NOPE/payments', {
        id: 'p',
        amount: '1.00',
        paidAt: '2026-11-20T10:00:00Z',
      });
      expect(res.status).toBe(404);
    });
  });

  describe('POST /v1/invoices/{externalId}/replies', () => {
    it('records a client reply once, pausing the escalation', async () => {
      const id = await openCase();
      const reply = {
        id: 'msg-1',
        from: 'compta@acme.example',
        receivedAt: '2026-11-22T08:00:00Z',
        text: 'We will pay next week.',
      };
      const res = await call('POST', `/v1/invoices/${id}/replies`, reply);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('paused');
      expect(res.body.timeline).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'reply_received',
            data: expect.objectContaining({ text: reply.text }),
          }),
        ]),
      );
      const again = await call('POST', `/v1/invoices/${id}/replies`, reply);
      expect(again.status).toBe(200);
      expect(types(again.body).filter((t) => t === 'reply_received')).toHaveLength(1);
      const bad = await call('POST', `/v1/invoices/${id}/replies`, { ...reply, id: 'msg-2', from: 'nobody' });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].path).toBe('from');
    });
  });

  describe('POST /v1/invoices/{externalId}/pause and /resume', () => {
    it('pauses and resumes; resuming a case that is not on hold answers 409', async () => {
      const id = await openCase();
      const paused = await call('POST', `/v1/invoices/${id}/pause`, { reason: 'client on holiday' });
      expect(paused.status).toBe(200);
      expect(paused.body.status).toBe('paused');
      expect(paused.body.timeline).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'paused', data: { reason: 'client on holiday' } }),
        ]),
      );
      const resumed = await call('POST', `/v1/invoices/${id}/resume`);
      expect(resumed.status).toBe(200);
      expect(resumed.body.status).toBe('overdue');
      expect(types(resumed.body)).toContain('resumed');
      const twice = await call('POST', `/v1/invoices/${id}/resume`, {});
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ status: 409, title: 'Conflict' });
    });

    it('refuses a pause without a reason and a resume with unknown fields (422)', async () => {
      const id = await openCase();
      const noReason = await call('POST', `/v1/invoices/${id}/pause`, {});
      expect(noReason.status).toBe(422);
      expect(noReason.body.errors[0].path).toBe('reason');
      const extra = await call('POST', `/v1/invoices/${id}/resume`, { force: true });
      expect(extra.status).toBe(422);
      expect(extra.body.errors[0].path).toBe('force');
    });
  });

  describe('POST /v1/invoices/{externalId}/dispute', () => {
    it('marks the case disputed; a promise is then refused (409) until it is resumed', async () => {
      const id = await openCase();
      const disputed = await call('POST', `/v1/invoices/${id}/dispute`, { reason: 'goods not delivered' });
      expect(disputed.status).toBe(200);
      expect(disputed.body.status).toBe('disputed');
      const promise = await call('POST', `/v1/invoices/${id}/promise`, { date: dateFromToday(10) });
      expect(promise.status).toBe(409);
      expect((await call('POST', `/v1/invoices/${id}/resume`)).body.status).toBe('overdue');
    });
  });

  describe('POST /v1/invoices/{externalId}/cancel', () => {
    it('cancels the case; every later control answers 409', async () => {
      const id = await openCase();
      const cancelled = await call('POST', `/v1/invoices/${id}/cancel`, { reason: 'credit note AV-12' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', nextAction: null });
      expect(types(cancelled.body)).toContain('cancelled');
      for (const [path, body] of [
        ['pause', { reason: 'x' }],
        ['resume', {}],
        ['promise', { date: dateFromToday(5) }],
        ['payments', { id: 'p', amount: '1.00', paidAt: '2026-11-20T10:00:00Z' }],
      ] as const) {
        const res = await call('POST', `/v1/invoices/${id}/${path}`, body);
        expect(res.status, path).toBe(409);
      }
    });
  });

  describe('POST /v1/invoices/{externalId}/promise', () => {
    it('records a promise to pay, shown on the case view; a past date answers 422', async () => {
      const id = await openCase();
      const date = dateFromToday(7);
      const res = await call('POST', `/v1/invoices/${id}/promise`, { date, note: 'by transfer' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'promised', promise: { date, note: 'by transfer' } });
      await settled(id, { status: 'promised', promise: { date } });
      const past = await call('POST', `/v1/invoices/${id}/promise`, { date: dateFromToday(-3) });
      expect(past.status).toBe(422);
      expect(past.body.errors[0].path).toBe('date');
      const malformed = await call('POST', `/v1/invoices/${id}/promise`, { date: 'next week' });
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors[0].path).toBe('date');
    });
  });

  describe('POST /v1/invoices/{externalId}/payment-plan', () => {
    it('agrees instalments summing to the balance; other plans answer 422 with the offending instalment', async () => {
      const id = await openCase();
      const wrongSum = await call('POST', `/v1/invoices/${id}/payment-plan`, {
        instalments: [
          { dueDate: dateFromToday(10), amount: '500.00' },
          { dueDate: dateFromToday(40), amount: '500.00' },
        ],
      });
      expect(wrongSum.status).toBe(422);
      expect(wrongSum.body.errors[0]).toMatchObject({
        path: 'instalments',
        message: expect.stringContaining('1200.00'),
      });
      const unordered = await call('POST', `/v1/invoices/${id}/payment-plan`, {
        instalments: [
          { dueDate: dateFromToday(40), amount: '600.00' },
          { dueDate: dateFromToday(10), amount: '600.00' },
        ],
      });
      expect(unordered.status).toBe(422);
      expect(unordered.body.errors[0].path).toBe('instalments.1.dueDate');
      const empty = await call('POST', `/v1/invoices/${id}/payment-plan`, { instalments: [] });
      expect(empty.status).toBe(422);
      const instalments = [
        { dueDate: dateFromToday(10), amount: '600.00' },
        { dueDate: dateFromToday(40), amount: '600.00' },
      ];
      const agreed = await call('POST', `/v1/invoices/${id}/payment-plan`, { instalments });
      expect(agreed.status).toBe(200);
      expect(agreed.body).toMatchObject({ status: 'payment_plan', plan: { instalments, paid: '0.00' } });
      await settled(id, { status: 'payment_plan', plan: { instalments } });
    });
  });
});
