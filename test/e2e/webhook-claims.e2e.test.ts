import { startTemporalDevServer, type FakeResend, type Stack } from '@relance/devstack';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  paymentSignature,
  postRaw,
  registerCase,
  sql,
  startStackWithResend,
  stopAll,
  tableCounts,
  type Api,
} from './helpers';

/** Issue 18, point 7: one event id delivered many times at once, and Temporal unreachable. */
describe('payment webhook: one hand-off per event, however it is delivered', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend());
  });
  afterAll(() => stopAll(stack, resend));

  const url = () => `${stack.apiUrl}/v1/webhooks/payments/default`;
  const payment = (id: string, invoiceId: string, amount: string) =>
    JSON.stringify({
      id,
      type: 'payment.succeeded',
      data: { invoiceId, amount, currency: 'EUR', paidAt: new Date().toISOString() },
    });
  const deliver = (body: string) =>
    postRaw(url(), body, { 'relance-signature': paymentSignature(stack.webhookSecret, body) });
  const view = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
  const logged = (eventId: string) =>
    sql<{ handed_off_at: Date | null }>(
      stack.databaseUrl,
      `SELECT handed_off_at FROM webhook_events WHERE id = $1`,
      [`payment:default:${eventId}`],
    );
  const paymentsOf = (id: string) =>
    sql(
      stack.databaseUrl,
      `SELECT p.payment_id FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.external_id = $1`,
      [id],
    );

  it('answers 20 simultaneous deliveries of one event with one 202 and 19 × 200 duplicate, counting it once', async () => {
    const id = await registerCase(call);
    const body = payment(`evt_${id}_storm`, id, '250.00');
    const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array<number>(19).fill(200), 202]);
    expect(answers.filter((a) => a.status === 200).map((a) => a.body.outcome)).toEqual(
      Array<string>(19).fill('duplicate'),
    );
    expect(answers.find((a) => a.status === 202)!.body).toEqual({
      id: `evt_${id}_storm`,
      outcome: 'handed_off',
    });
    await eventually('the payment on the case', async () =>
      (await view(id)).balance === '950.00' ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await view(id)).toMatchObject({ paid: '250.00', balance: '950.00' });
    expect(await paymentsOf(id)).toHaveLength(1);
    expect((await logged(`evt_${id}_storm`))[0]?.handed_off_at).not.toBeNull();
  });

  it(
    'answers 503 problem+json with Temporal stopped, writing nothing; once it is back, a re-delivery hands the event off',
    { timeout: 150_000 },
    async () => {
      const id = await registerCase(call);
      const body = payment(`evt_${id}_down`, id, '100.00');
      const before = await tableCounts(stack.databaseUrl);

      const port = Number(stack.temporal.address.split(':')[1]);
      const uiPort = Number(new URL(stack.temporal.uiUrl).port);
      await stack.temporal.stop();
      const down = await Promise.all(Array.from({ length: 3 }, () => deliver(body)));
      for (const res of down) {
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Not half-written: no receipt left claimed, no payment anywhere (the case's own steps may
      // still write to its timeline meanwhile).
      expect(await logged(`evt_${id}_down`)).toEqual([]);
      const after = await tableCounts(stack.databaseUrl);
      expect({ webhooks: after.webhooks, payments: after.payments }).toEqual({
        webhooks: before.webhooks,
        payments: before.payments,
      });
      expect(await paymentsOf(id)).toEqual([]);

      stack.temporal = await startTemporalDevServer({
        dbFile: join(stack.dataDir, 'temporal.sqlite'),
        port,
        uiPort,
        quiet: true,
      });
      // The sender retries until it gets a 2xx: the first 2xx is the hand-off, later ones duplicates.
      const retries: number[] = [];
      const handedOff = await eventually(
        'a re-delivery handed off',
        async () => {
          const res = await deliver(body);
          retries.push(res.status);
          return res.status === 202 ? res : undefined;
        },
        90_000,
      );
      expect(retries.filter((s) => s !== 503 && s !== 202)).toEqual([]);
      expect(handedOff.body.outcome).toBe('handed_off');
      expect((await deliver(body)).body.outcome).toBe('duplicate');
      await eventually('the payment on the case', async () =>
        (await view(id)).balance === '1100.00' ? true : undefined,
      );
      expect(await paymentsOf(id)).toHaveLength(1);
    },
  );
});
