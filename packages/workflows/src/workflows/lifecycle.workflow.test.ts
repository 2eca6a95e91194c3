import { addDays, localDate } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, paymentSignal, recordPaymentUpdate, replySignal, resumeUpdate } from '../contract';
import {
  lastRecord,
  samplePenalties,
  alertsOf,
  timelineOf,
  timeSkippingEnv,
  trace,
} from '../testing/harness';
import { caseInput, EXACT_POLICY, today, withCase } from '../testing/fixtures';

// docs/architecture.md "Case lifecycle guarantees": no event dropped, events win over running steps, permanent
// failures stop and wait visibly, bounced addresses are not mailed again, ids never collide.

async function overdueCase(env: TestWorkflowEnvironment, daysLate = 2, overrides = {}) {
  return caseInput(addDays(await today(env), -daysLate), { policy: EXACT_POLICY, ...overrides });
}

const nowIso = async (env: TestWorkflowEnvironment) => new Date(await env.currentTimeMs()).toISOString();

/** Reminder now, formal notice a day later (1-day deadline), hand-off two days after it. */
const FAST_POLICY = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
    { id: 'formal_notice', after: 'P2D', action: 'formal_notice' as const, deadlineDays: 1 },
    { id: 'legal_handoff', after: 'P3D', action: 'legal_handoff' as const, minAmount: '500.00' },
  ],
};

const realSleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls (in real time) until `check` holds: for events the test injects while an activity runs. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await realSleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('dunningCase lifecycle guarantees (docs/architecture.md "Case lifecycle guarantees")', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  describe('payments are never discarded', () => {
    it('an overpayment (balance + 40 € indemnity) closes the case paid, records the surplus and alerts the creditor', async () => {
      const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
        await env.sleep('1 hour');
        const view = await handle.executeUpdate(recordPaymentUpdate, {
          args: [{ id: 'p1', amount: '1240.00', paidAt: await nowIso(env) }],
        });
        expect(view).toMatchObject({ status: 'paid', balance: '0.00', paid: '1240.00', overpaid: '40.00' });
        expect(await handle.result()).toMatchObject({ status: 'paid', overpaid: '40.00' });
      });
      expect(alertsOf(calls, 'overpaid')[0]!.input.alert).toEqual({
        kind: 'overpaid',
        paymentId: 'p1',
        surplusMinor: 4000,
      });
      expect(timelineOf(calls, 'overpaid')[0]!.input.data).toMatchObject({ surplus: '40.00' });
      expect(lastRecord(calls)).toMatchObject({ status: 'paid', overpaid: '40.00', nextAction: null });
    });

    it('a webhook paying twice: the second payment is applied as a surplus, never dropped', async () => {
      const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
        await env.sleep('1 hour');
        await handle.signal(paymentSignal, { id: 'a', amount: '1000.00', paidAt: await nowIso(env) });
        await handle.signal(paymentSignal, { id: 'b', amount: '1000.00', paidAt: await nowIso(env) });
        expect(await handle.result()).toMatchObject({ status: 'paid', overpaid: '800.00' });
      });
      expect(trace(calls).filter((t) => t.startsWith('payment:'))).toEqual([
        'payment:a:100000',
        'payment:b:100000',
      ]);
    });
  });

  describe('events win over running steps', () => {
    it('a reply while the formal notice is being prepared: no notice goes out, the case pauses', async () => {
      const input = await overdueCase(env, 2, { policy: FAST_POLICY });
      const handle = () => env.client.workflow.getHandle(`dunning:default:${input.externalId}`);
      const calls = await withCase(
        env,
        input,
        async ({ handle }) => {
          await env.sleep('3 days');
          expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'paused', stage: 'reminder_1' });
        },
        {
          computePenalties: async (i) => {
            // The reply lands while the penalties of the notice are being computed.
            await handle().signal(replySignal, {
              id: 'r1',
              from: 'compta@acme.example',
              receivedAt: new Date().toISOString(),
              text: 'Nous payons demain',
            });
            await until(async () => (await handle().query(caseStateQuery)).status === 'paused', 'the pause');
            return samplePenalties(i.balanceMinor, i.asOf);
          },
        },
      );
      expect(calls.filter((c) => c.name === 'computePenalties')).toHaveLength(1);
      expect(calls.filter((c) => c.name === 'sendFormalNotice')).toHaveLength(0);
    });

    it('a reply during the legal hand-off does not wedge the case; on resume the hand-off goes out once', async () => {
      const input = await overdueCase(env, 2, { policy: FAST_POLICY });
      const handle = () => env.client.workflow.getHandle(`dunning:default:${input.externalId}`);
      let replied = false;
      const calls = await withCase(
        env,
        input,
        async ({ handle }) => {
          await env.sleep('5 days');
          expect(replied).toBe(true);
          expect(await handle.query(caseStateQuery)).toMatchObject({
            status: 'paused',
            stage: 'formal_notice',
          });
          await handle.executeUpdate(resumeUpdate, { args: [] });
          await env.sleep('1 day');
          expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'handed_off' });
          const history = await handle.fetchHistory();
          expect(history.events!.filter((e) => e.workflowTaskFailedEventAttributes)).toHaveLength(0);
        },
        {
          computePenalties: async (i) => {
            const handOff = i.formalNoticeDate !== undefined && i.asOf !== i.formalNoticeDate;
            if (handOff && !replied) {
              replied = true;
              await handle().signal(replySignal, {
                id: 'r1',
                from: 'compta@acme.example',
                receivedAt: new Date().toISOString(),
                text: 'Je conteste',
              });
              await until(
                async () => (await handle().query(caseStateQuery)).status === 'paused',
                'the pause',
              );
            }
            return samplePenalties(i.balanceMinor, i.asOf);
          },
        },
      );
      expect(calls.filter((c) => c.name === 'sendFormalNotice')).toHaveLength(1);
      expect(calls.filter((c) => c.name === 'handOffToLawyer')).toHaveLength(1);
    });

    it('a payment while a reminder is waiting for a retry: the retry never happens', async () => {
      let attempts = 0;
      const calls = await withCase(
        env,
        await overdueCase(env),
        async ({ handle }) => {
          await until(() => attempts > 0, 'the first attempt');
          await handle.executeUpdate(recordPaymentUpdate, {
            args: [{ id: 'p1', amount: '1200.00', paidAt: await nowIso(env) }],
          });
          expect(await handle.result()).toMatchObject({ status: 'paid' });
        },
        {
          sendClientEmail: async (i) => {
            if (i.key === 'paid') return { emailId: 'em', sentAt: new Date().toISOString() };
            attempts += 1;
            throw new Error('Resend answered 503');
          },
        },
      );
      expect(attempts).toBe(1);
      expect(trace(calls)).toContain('email:payment_confirmation:paid');
    });

    it('the formal notice is dated the day it goes out, not the day its preparation began', async () => {
      // Send slots at 23:50 Paris: the penalty computation fails for ~20 minutes, past midnight.
      const policy = {
        steps: [
          { id: 'reminder_1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
          { id: 'formal_notice', after: 'P2D', action: 'formal_notice' as const, deadlineDays: 8 },
        ],
        sendWindow: { start: '23:50', end: '23:59' },
      };
      let failures = 0;
      const calls = await withCase(
        env,
        await overdueCase(env, 2, { policy }),
        async () => env.sleep('3 days'),
        {
          computePenalties: async (i) => {
            if (failures < 7) {
              failures += 1;
              throw new Error('database busy');
            }
            return samplePenalties(i.balanceMinor, i.asOf);
          },
        },
      );
      const notice = calls.find((c) => c.name === 'sendFormalNotice')!;
      const sentDay = localDate(new Date(notice.at).toISOString(), 'Europe/Paris');
      const firstTry = localDate(
        new Date(calls.find((c) => c.name === 'computePenalties')!.at).toISOString(),
        'Europe/Paris',
      );
      expect(sentDay).not.toBe(firstTry);
      expect(notice.input.sentOn).toBe(sentDay);
      expect(notice.input.penalties.asOf).toBe(sentDay);
    });
  });
});
