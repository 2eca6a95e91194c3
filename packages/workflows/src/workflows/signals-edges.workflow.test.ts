import { addDays } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseStateQuery,
  paymentPlanUpdate,
  paymentSignal,
  recordPaymentUpdate,
  replySignal,
  resumeUpdate,
} from '../contract';
import { failureOf, timeSkippingEnv, trace } from '../testing/harness';
import { caseInput, EXACT_POLICY, today, withCase } from '../testing/fixtures';

/** An overdue case (due 2 days ago) whose first reminder goes out at once. */
async function overdueCase(env: TestWorkflowEnvironment, overrides = {}) {
  return caseInput(addDays(await today(env), -2), { policy: EXACT_POLICY, ...overrides });
}

const nowIso = async (env: TestWorkflowEnvironment) => new Date(await env.currentTimeMs()).toISOString();

describe('dunningCase reacts to every event of docs/architecture.md "What a case reacts to": duplicates, races and validation', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('duplicate events count once: the same payment three times, the same reply twice', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      const payment = { id: 'evt_123', amount: '200.00', paidAt: await nowIso(env) };
      await handle.signal(paymentSignal, payment);
      await handle.signal(paymentSignal, payment);
      expect(await handle.executeUpdate(recordPaymentUpdate, { args: [payment] })).toMatchObject({
        balance: '1000.00',
      });
      const reply = { id: 'r1', from: 'a@b.example', receivedAt: await nowIso(env), text: 'ok' };
      await handle.signal(replySignal, reply);
      await handle.signal(replySignal, reply);
      await env.sleep('1 hour');
      expect(await handle.query(caseStateQuery)).toMatchObject({
        status: 'paused',
        balance: '1000.00',
        paid: '200.00',
      });
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'payment:evt_123:20000',
      'timeline:reply_received',
      'alert:reply',
    ]);
  });

  it('a payment arriving during a send: the send finishes, the case ends paid, nothing else goes out', async () => {
    let release!: () => void;
    const inFlight = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const sending = new Promise<void>((r) => (started = r));
    const calls = await withCase(
      env,
      await overdueCase(env),
      async ({ handle }) => {
        await sending;
        const view = await handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'p1', amount: '1200.00', paidAt: await nowIso(env) }],
        });
        expect(view.status).toBe('paid');
        release();
        expect(await handle.result()).toMatchObject({ status: 'paid', stage: 'reminder_1' });
      },
      {
        sendClientEmail: async (input) => {
          if (input.step === 'reminder_1') {
            started();
            await inFlight;
          }
          return { emailId: 'em', sentAt: new Date().toISOString() };
        },
      },
    );
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'payment:p1:120000',
      'email:payment_confirmation:paid',
      'alert:paid',
    ]);
  });

  it('update validators reject bad input before anything is recorded', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      const zero = await failureOf(
        handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'x', amount: '0.00', paidAt: await nowIso(env) }],
        }),
      );
      expect(zero).toMatchObject({ type: 'ValidationFailed', details: [{ path: ['amount'] }] });
      const decimals = await failureOf(
        handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'x2', amount: '10.001', paidAt: await nowIso(env) }],
        }),
      );
      expect(decimals).toMatchObject({ type: 'ValidationFailed', details: [{ path: ['amount'] }] });
      const currency = await failureOf(
        handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'y', amount: '10.00', currency: 'GBP', paidAt: await nowIso(env) }],
        }),
      );
      expect(currency.details).toEqual([{ path: ['currency'], message: 'must be the invoice currency EUR' }]);
      const plan = await failureOf(
        handle.executeUpdate(paymentPlanUpdate, {
          args: [{ instalments: [{ dueDate: addDays(await today(env), 5), amount: '100.00' }] }],
        }),
      );
      expect(plan).toMatchObject({ type: 'ValidationFailed', details: [{ path: ['instalments'] }] });
      const resume = await failureOf(handle.executeUpdate(resumeUpdate, { args: [] }));
      expect(resume.type).toBe('InvalidTransition');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'overdue', balance: '1200.00' });
    });
    expect(trace(calls)).toEqual(['email:friendly:step:reminder_1']);
  });
});
