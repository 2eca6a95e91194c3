import { addDays, overdueAt } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditNoteUpdate, dueDateUpdate, letterUpdate } from '../contract';
import { timelineOf, timeSkippingEnv, trace } from '../testing/harness';
import { caseInput, DAY_MS, EXACT_POLICY, sleepUntil, today, withCase } from '../testing/fixtures';

/** An overdue case (due 2 days ago) whose first reminder goes out at once. */
async function overdueCase(env: TestWorkflowEnvironment) {
  return caseInput(addDays(await today(env), -2), { policy: EXACT_POLICY });
}

const emails = (calls: { name: string; input: { step?: string } }[]) =>
  calls.filter((c) => c.name === 'sendClientEmail').map((c) => c.input.step);

describe('dunningCase takes amendments from the billing system', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('partial credit note: balance reduced, credited apart from paid, escalation continues on the new balance', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      const note = { id: 'AV-1', amount: '400.00', issuedOn: await today(env), reason: 'remise' };
      const view = await handle.executeUpdate(creditNoteUpdate, { args: [note] });
      expect(view).toMatchObject({ status: 'overdue', paid: '0.00', balance: '800.00', credited: '400.00' });
      expect(view.creditNotes).toEqual([note]);
      // The same note again answers the same; the same id with another amount is refused.
      expect(await handle.executeUpdate(creditNoteUpdate, { args: [{ ...note }] })).toMatchObject({
        balance: '800.00',
      });
      await expect(
        handle.executeUpdate(creditNoteUpdate, { args: [{ ...note, amount: '300.00' }] }),
      ).rejects.toMatchObject({ cause: { type: 'InvalidTransition' } });
      // Never above the balance.
      await expect(
        handle.executeUpdate(creditNoteUpdate, { args: [{ ...note, id: 'AV-2', amount: '800.01' }] }),
      ).rejects.toMatchObject({
        cause: { type: 'ValidationFailed', message: expect.stringContaining('amount') },
      });
      await env.sleep('7 days');
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:credit_note_recorded',
      'email:firm:step:reminder_2',
    ]);
    const firm = calls.find((c) => c.name === 'sendClientEmail' && c.input.step === 'reminder_2')!;
    // The email shows the avoir as credited, not as paid.
    expect(firm.input.amounts).toEqual({ paidMinor: 0, balanceMinor: 80000, creditedMinor: 40000 });
    expect(timelineOf(calls, 'credit_note_recorded')[0]!.input.data).toMatchObject({
      creditNoteId: 'AV-1',
      amount: '400.00',
      balance: '800.00',
    });
  });

  it('full credit note: cancelled, the workflow completes, nothing more is sent', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      const view = await handle.executeUpdate(creditNoteUpdate, {
        args: [{ id: 'AV-9', amount: '1200.00', issuedOn: await today(env) }],
      });
      expect(view).toMatchObject({
        status: 'cancelled',
        balance: '0.00',
        credited: '1200.00',
        nextAction: null,
      });
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:credit_note_recorded',
      'timeline:cancelled',
    ]);
  });

  it('due date moved later: planned again from it with the spacing, the step sent is not sent again', async () => {
    const input = await overdueCase(env);
    const later = addDays(await today(env), 10);
    const calls = await withCase(env, input, async ({ handle, calls: live }) => {
      await env.sleep('1 hour');
      expect(emails(live)).toEqual(['reminder_1']);
      const view = await handle.executeUpdate(dueDateUpdate, { args: [{ dueDate: later }] });
      expect(view).toMatchObject({ status: 'pending', dueDate: later, registeredDueDate: input.dueDate });
      expect(view.nextAction).toMatchObject({ step: 'reminder_2', at: expect.any(String) });
      // reminder_2 is 8 days after 00:00 of the new due date (more than its 7-day spacing after
      // reminder_1); the case becomes overdue at 00:00 the day after it.
      const at = Date.parse(overdueAt(later, 'Europe/Paris')) + 7 * DAY_MS;
      expect(Date.parse(view.nextAction!.at)).toBe(at);
      // The same date again changes nothing.
      expect(await handle.executeUpdate(dueDateUpdate, { args: [{ dueDate: later }] })).toEqual(view);
      await sleepUntil(env, new Date(at).toISOString(), -DAY_MS);
      expect(emails(live)).toEqual(['reminder_1']);
      await sleepUntil(env, new Date(at).toISOString(), 60_000);
      expect(emails(live)).toEqual(['reminder_1', 'reminder_2']);
    });
    expect(timelineOf(calls, 'due_date_changed').map((c) => c.input.data)).toEqual([
      { from: input.dueDate, to: later },
    ]);
  });

  it('due date moved earlier: the next step runs now and the one after keeps its spacing', async () => {
    const input = caseInput(addDays(await today(env), 5), { policy: EXACT_POLICY });
    await withCase(env, input, async ({ handle, calls: live }) => {
      await env.sleep('1 hour');
      expect(emails(live)).toEqual([]);
      const earlier = addDays(await today(env), -20);
      const view = await handle.executeUpdate(dueDateUpdate, { args: [{ dueDate: earlier }] });
      expect(view).toMatchObject({ dueDate: earlier });
      await env.sleep('1 hour');
      const first = live.find((c) => c.name === 'sendClientEmail')!;
      expect(emails(live)).toEqual(['reminder_1']);
      // reminder_2's nominal time (due + 8 days) has passed: it waits its 7 days after reminder_1.
      await env.sleep('6 days');
      expect(emails(live)).toEqual(['reminder_1']);
      await env.sleep('1 day');
      const second = live.filter((c) => c.name === 'sendClientEmail')[1]!;
      expect(second.input.step).toBe('reminder_2');
      // Spaced from the instant reminder_1 was planned, a few ms before its activity was called.
      expect(second.at - first.at).toBeGreaterThanOrEqual(7 * DAY_MS - 1_000);
    });
  });

  it('letters: posted and received are kept on the record, the same letter once', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      const posted = { postedOn: await today(env), trackingNumber: '1A 234' };
      expect(await handle.executeUpdate(letterUpdate, { args: [posted] })).toMatchObject({
        letters: [posted],
      });
      expect(await handle.executeUpdate(letterUpdate, { args: [posted] })).toMatchObject({
        letters: [posted],
      });
      const receivedOn = addDays(posted.postedOn, 2);
      expect(await handle.executeUpdate(letterUpdate, { args: [{ ...posted, receivedOn }] })).toMatchObject({
        letters: [{ ...posted, receivedOn }],
      });
    });
    expect(trace(calls).filter((t) => t.startsWith('timeline:'))).toEqual([
      'timeline:letter_posted',
      'timeline:letter_received',
    ]);
  });
});
