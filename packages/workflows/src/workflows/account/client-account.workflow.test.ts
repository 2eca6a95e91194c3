import { addDays } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, paymentSignal, replySignal } from '../../contract';
import { withClient } from '../../testing/accounts';
import { caseInput, DAY_MS, today } from '../../testing/fixtures';
import { timeSkippingEnv } from '../../testing/harness';

/** Three reminders a week apart, no window or cap: every step fires at its exact offset. */
const THREE_LEVELS = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
    { id: 'reminder_2', after: 'P8D', action: 'reminder' as const, tone: 'firm' as const },
    { id: 'reminder_3', after: 'P15D', action: 'reminder' as const, tone: 'urgent' as const },
  ],
};

/** Three reminders, the formal notice, then the hand-off at 500 € (on the client's debt by default). */
const FULL = {
  steps: [
    ...THREE_LEVELS.steps.map((s) => (s.id === 'reminder_3' ? { ...s, callTask: true } : s)),
    { id: 'formal_notice', after: 'P30D', action: 'formal_notice' as const, deadlineDays: 8 },
    { id: 'legal_handoff', after: 'P40D', action: 'legal_handoff' as const, minAmount: '500.00' },
  ],
};

describe('client accounts: one message for many invoices (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const overdue = async (n: number, days = 10) => {
    const due = addDays(await today(env), -days);
    return Array.from({ length: n }, () => caseInput(due, { policy: THREE_LEVELS }));
  };

  it('one invoice alone: its own three reminders, exactly as a case that chases invoices', async () => {
    await withClient(env, async ({ start, sends, alone }) => {
      const [id] = await Promise.all((await overdue(1)).map(start));
      await env.sleep(20 * DAY_MS);
      expect(sends).toHaveLength(0);
      expect(alone()).toEqual(['friendly', 'firm', 'urgent'].map((template) => ({ workflowId: id, template })));
    });
  }, 120_000);

  it.each([4, 50])('%i invoices of one client registered together: one message per level, listing them all', async (n) => {
    await withClient(env, async ({ start, sends, alone, asking }) => {
      const ids = await Promise.all((await overdue(n)).map(start));
      await asking(n);
      await env.sleep(20 * DAY_MS);
      expect(sends.map((s) => s.members.map((m) => m.tone))).toEqual(
        ['friendly', 'firm', 'urgent'].map((tone) => Array(n).fill(tone)),
      );
      for (const s of sends) expect(s.members.map((m) => m.workflowId).sort()).toEqual([...ids].sort());
      expect(alone()).toEqual([]);
      for (const id of ids) {
        expect(await env.client.workflow.getHandle(id).query(caseStateQuery)).toMatchObject({
          status: 'overdue',
          stage: 'reminder_3',
        });
      }
    });
  }, 240_000);

  it('a payment on one invoice between two levels: the next messages list the others only', async () => {
    await withClient(env, async ({ start, sends }) => {
      const inputs = await overdue(4);
      const ids = await Promise.all(inputs.map(start));
      await env.sleep(3 * DAY_MS);
      expect(sends).toHaveLength(1);
      await env.client.workflow
        .getHandle(ids[0]!)
        .signal(paymentSignal, { id: 'pay-1', amount: '1200.00', paidAt: new Date().toISOString() });
      await env.sleep(17 * DAY_MS);
      expect(sends).toHaveLength(3);
      for (const s of sends.slice(1)) {
        expect(s.members.map((m) => m.workflowId).sort()).toEqual(ids.slice(1).sort());
      }
      expect(await env.client.workflow.getHandle(ids[0]!).query(caseStateQuery)).toMatchObject({ status: 'paid' });
    });
  }, 120_000);

  it('a reply on one case while the message is gathered withdraws it; the others still get theirs', async () => {
    await withClient(env, async ({ start, sends }) => {
      const ids = await Promise.all((await overdue(3)).map(start));
      await env.client.workflow.getHandle(ids[1]!).signal(replySignal, {
        id: 'reply-1',
        from: 'compta@acme.example',
        receivedAt: new Date().toISOString(),
        text: 'We dispute this one.',
      });
      await env.sleep(2 * DAY_MS);
      expect(sends.length).toBeGreaterThanOrEqual(1);
      for (const s of sends) expect(s.members.map((m) => m.workflowId)).not.toContain(ids[1]);
      expect(sends[0]!.members.map((m) => m.workflowId).sort()).toEqual([ids[0], ids[2]].sort());
      expect(await env.client.workflow.getHandle(ids[1]!).query(caseStateQuery)).toMatchObject({
        status: 'paused',
        stage: 'none',
      });
    });
  }, 120_000);

  it('an invoice registered while a grouped message is being gathered joins it', async () => {
    await withClient(env, async ({ start, sends }) => {
      const [first, second, third] = await overdue(3);
      const ids = await Promise.all([first!, second!].map(start));
      await env.sleep(20_000); // inside the one-minute gathering delay
      ids.push(await start(third!));
      await env.sleep(2 * DAY_MS);
      expect(sends[0]!.members.map((m) => m.workflowId).sort()).toEqual([...ids].sort());
    });
  }, 120_000);

  it('pulls forward the reminder of another past-due invoice falling due within the grouping window', async () => {
    await withClient(env, async ({ start, sends }) => {
      const day = await today(env);
      const a = caseInput(addDays(day, -10), { policy: THREE_LEVELS });
      // Its first reminder falls due two days later than a's: within P3D, on an invoice already late.
      const b = caseInput(addDays(day, -1), { policy: { ...THREE_LEVELS, steps: THREE_LEVELS.steps.map((s) => (s.id === 'reminder_1' ? { ...s, after: 'P3D' } : s)) } });
      const ids = [await start(a), await start(b)];
      await env.sleep(DAY_MS);
      expect(sends[0]!.members.map((m) => m.workflowId).sort()).toEqual([...ids].sort());
      // b keeps its own spacing afterwards: its firm reminder is not earlier than planned.
      expect(await env.client.workflow.getHandle(ids[1]!).query(caseStateQuery)).toMatchObject({
        stage: 'reminder_1',
      });
    });
  }, 120_000);

  it('never pulls forward an invoice not yet due', async () => {
    await withClient(env, async ({ start, sends, alone }) => {
      const day = await today(env);
      const ids = [
        await start(caseInput(addDays(day, -10), { policy: THREE_LEVELS })),
        await start(caseInput(addDays(day, 1), { policy: THREE_LEVELS })),
      ];
      await env.sleep(DAY_MS / 2);
      // Gathered for a minute with its not-yet-due neighbour, then sent alone.
      expect(sends).toHaveLength(0);
      expect(alone()).toEqual([{ workflowId: ids[0], template: 'friendly' }]);
    });
  }, 120_000);

  it('one formal notice with one deadline, then one hand-off, for the client\'s four invoices', async () => {
    await withClient(env, async ({ start, sends, alone }) => {
      const due = addDays(await today(env), -10);
      const ids = await Promise.all(
        Array.from({ length: 4 }, () => caseInput(due, { policy: FULL })).map(start),
      );
      await env.sleep(45 * DAY_MS);
      expect(sends.map((s) => s.action)).toEqual([
        'reminder',
        'reminder',
        'reminder',
        'formal_notice',
        'legal_handoff',
      ]);
      for (const s of sends) expect(s.members).toHaveLength(4);
      const notice = sends[3]!.notice!;
      expect(notice.deadline).toBe(addDays(notice.sentOn, 8));
      expect(alone()).toEqual([]);
      for (const id of ids) {
        expect(await env.client.workflow.getHandle(id).query(caseStateQuery)).toMatchObject({
          status: 'handed_off',
          formalNotice: notice,
        });
      }
    });
  }, 240_000);

  it.each([
    ['client', 'handed_off'],
    ['invoice', 'unrecovered'],
  ] as const)(
    'ten invoices of 300 € with a 500 € threshold on the %s\'s balance: %s',
    async (scope, status) => {
      await withClient(env, async ({ start, sends }) => {
        const due = addDays(await today(env), -10);
        const policy = {
          steps: FULL.steps.map((s) => (s.id === 'legal_handoff' ? { ...s, minAmountScope: scope } : s)),
        };
        const ids = await Promise.all(
          Array.from({ length: 10 }, () => caseInput(due, { policy, total: '300.00', amountDue: '300.00' })).map(
            start,
          ),
        );
        await env.sleep(45 * DAY_MS);
        const handOffs = sends.filter((s) => s.action === 'legal_handoff');
        expect(handOffs.map((s) => s.members.length)).toEqual(status === 'handed_off' ? [10] : []);
        for (const id of ids) {
          expect(await env.client.workflow.getHandle(id).query(caseStateQuery)).toMatchObject({ status });
        }
      });
    },
    240_000,
  );
});

