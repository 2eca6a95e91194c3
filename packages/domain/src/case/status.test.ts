import { describe, expect, it } from 'vitest';
import { allowedEvents, allows } from './case';
import {
  CASE_STATUSES,
  canSendReminders,
  isTerminal,
  ON_HOLD_STATUSES,
  replyPauses,
  TERMINAL_STATUSES,
  waitsForEvent,
} from './status';

describe('status groups', () => {
  it('puts every status in exactly one of active, on hold, handed off and closed', () => {
    for (const status of CASE_STATUSES) {
      const groups = [
        canSendReminders(status),
        ON_HOLD_STATUSES.includes(status),
        status === 'handed_off',
        isTerminal(status),
      ];
      expect(groups.filter(Boolean), status).toHaveLength(1);
    }
  });

  it('closes a case only when it is paid, cancelled or unrecovered', () => {
    expect(CASE_STATUSES.filter(isTerminal)).toEqual(['paid', 'cancelled', 'unrecovered']);
    expect(TERMINAL_STATUSES).toEqual(['paid', 'cancelled', 'unrecovered']);
  });
});

describe('waitsForEvent', () => {
  it('holds paused, disputed and handed-off cases; a promise and a plan keep their own dates', () => {
    expect(CASE_STATUSES.filter(waitsForEvent)).toEqual(['paused', 'disputed', 'handed_off']);
  });
});

describe('replyPauses', () => {
  it('pauses an escalating case, a promise and a plan; not one already held or closed', () => {
    expect(CASE_STATUSES.filter(replyPauses)).toEqual(['pending', 'overdue', 'promised', 'payment_plan']);
  });
});

describe('allows', () => {
  it('lets a closed case take nothing', () => {
    for (const status of TERMINAL_STATUSES) expect(allowedEvents(status), status).toEqual([]);
  });

  it('lets a handed-off case take only payments, replies and cancellation', () => {
    expect(allowedEvents('handed_off')).toEqual(['payment', 'reply', 'cancel']);
  });

  it('resumes only a paused, promised or disputed case', () => {
    expect(CASE_STATUSES.filter((s) => allows(s, 'resume'))).toEqual(['paused', 'promised', 'disputed']);
  });

  it('refuses a pause to a disputed case (it already waits for a decision)', () => {
    expect(allows('disputed', 'pause')).toBe(false);
    expect(allows('payment_plan', 'pause')).toBe(true);
  });
});
