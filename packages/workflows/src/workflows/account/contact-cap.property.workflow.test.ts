import { addDays } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentSignal } from '../../contract';
import { withClient } from '../../testing/accounts';
import { caseInput, DAY_MS, today } from '../../testing/fixtures';
import { timeSkippingEnv } from '../../testing/harness';

// docs/architecture.md "Client accounts": the weekly cap is the client address's, whatever the
// number of its invoices and whatever happens to them.

const CAP = 2;
/** Reminders two days apart: alone, one case would already mail the address 3 times a week. */
const TIGHT = {
  maxContactsPerWeek: CAP,
  steps: [
    { id: 'r1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
    { id: 'r2', after: 'P3D', action: 'reminder' as const, tone: 'firm' as const },
    { id: 'r3', after: 'P5D', action: 'reminder' as const, tone: 'urgent' as const },
    { id: 'notice', after: 'P7D', action: 'formal_notice' as const, deadlineDays: 8 },
  ],
};

const scenarioArb = fc.record({
  /** Days from today to each invoice's due date (past or future). */
  dues: fc.array(fc.integer({ min: -12, max: 6 }), { minLength: 2, maxLength: 6 }),
  /** A payment in full on one invoice after some hours, or none. */
  payment: fc.option(fc.record({ invoice: fc.nat(5), afterHours: fc.integer({ min: 1, max: 200 }) })),
});

describe('client accounts: the weekly contact cap under random invoices and payments', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it(`never sends more than ${CAP} messages to the client's address in any 7 days`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ dues, payment }) => {
        await withClient(env, async ({ start, sends, calls }) => {
          const day = await today(env);
          const ids = await Promise.all(dues.map((d) => start(caseInput(addDays(day, d), { policy: TIGHT }))));
          if (payment) {
            await env.sleep(payment.afterHours * 3_600_000);
            const id = ids[payment.invoice % ids.length]!;
            await env.client.workflow
              .getHandle(id)
              .signal(paymentSignal, { id: 'pay', amount: '1200.00', paidAt: new Date().toISOString() });
          }
          await env.sleep(30 * DAY_MS);
          // Every message that reached the address: grouped ones, and those a case sent alone.
          const messages = [
            ...sends.filter((s) => s.action !== 'legal_handoff').map((s) => s.at),
            ...calls
              .filter((c) => c.name === 'sendClientEmail' || c.name === 'sendFormalNotice')
              .filter((c) => c.input.email?.template !== 'payment_confirmation')
              .map((c) => c.at),
          ].sort((a, b) => a - b);
          expect(messages.length).toBeGreaterThan(0);
          for (let i = CAP; i < messages.length; i++) {
            expect(messages[i]! - messages[i - CAP]!, `messages at ${messages.map((m) => new Date(m).toISOString())}`).toBeGreaterThanOrEqual(7 * DAY_MS);
          }
        });
      }),
      { numRuns: 8, seed: 20_261_207, endOnFailure: true },
    );
  }, 900_000);
});
