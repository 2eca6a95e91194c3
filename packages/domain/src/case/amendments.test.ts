import { describe, expect, it } from 'vitest';
import { allows, transition } from './case';
import { CASE_STATUSES, isTerminal } from './status';

describe('transition: credit_note', () => {
  it('cancels the case when the credit note covers the whole balance', () => {
    expect(
      transition({ status: 'overdue', stage: 'reminder_1' }, { type: 'credit_note', fullyCredited: true }),
    ).toEqual({
      status: 'cancelled',
      stage: 'reminder_1',
    });
  });

  it('leaves every open status as it is for a partial credit note (an avoir ends no pause)', () => {
    for (const status of CASE_STATUSES.filter((s) => !isTerminal(s) && s !== 'handed_off')) {
      expect(
        transition({ status, stage: 'none' }, { type: 'credit_note', fullyCredited: false }).status,
      ).toBe(status);
    }
  });

  it('is refused on a closed or handed-off case', () => {
    expect(allows('handed_off', 'credit_note')).toBe(false);
    expect(allows('paid', 'credit_note')).toBe(false);
    expect(allows('cancelled', 'credit_note')).toBe(false);
  });
});

describe('transition: due_date_changed', () => {
  it('makes an escalating case pending or overdue by the new date', () => {
    expect(
      transition({ status: 'overdue', stage: 'r1' }, { type: 'due_date_changed', overdue: false }).status,
    ).toBe('pending');
    expect(
      transition({ status: 'pending', stage: 'none' }, { type: 'due_date_changed', overdue: true }).status,
    ).toBe('overdue');
  });

  it('keeps a case on hold on hold, and is refused once closed or handed off', () => {
    expect(allows('handed_off', 'due_date_changed')).toBe(false);
    for (const status of ['paused', 'promised', 'disputed', 'payment_plan'] as const) {
      expect(transition({ status, stage: 'r1' }, { type: 'due_date_changed', overdue: false }).status).toBe(
        status,
      );
    }
    expect(allows('unrecovered', 'due_date_changed')).toBe(false);
  });
});
