import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FR } from '../policy';
import type { PlannedStep } from './plan';
import {
  afterNoticeDeadline,
  approvalReminderAt,
  instalmentMissedAt,
  instalmentReminderAt,
  isOverdue,
  promiseDeadline,
  type CaseCalendar,
} from './deadlines';

const PARIS = 'Europe/Paris';
const cal: CaseCalendar = {
  policy: { steps: DEFAULT_POLICY_FR.steps, sendWindow: { start: '09:00', end: '17:00' } },
  timezone: PARIS,
  holidays: 'FR',
};

describe('isOverdue', () => {
  it('counts the case overdue from 00:00 of the day after the due date, in the client zone', () => {
    expect(isOverdue('2026-03-10', PARIS, '2026-03-10T22:59:59Z')).toBe(false);
    expect(isOverdue('2026-03-10', PARIS, '2026-03-10T23:00:00Z')).toBe(true);
  });

  it('answers for today as well as for fixed dates', () => {
    const now = new Date().toISOString();
    expect(isOverdue(now.slice(0, 10), 'UTC', now)).toBe(false);
    expect(isOverdue('2000-01-01', 'UTC', now)).toBe(true);
  });
});

describe('promiseDeadline', () => {
  it('waits one business day after the promised date, until the send slot', () => {
    // Friday 2026-03-13 → Monday 16, at 09:00 Paris.
    expect(Date.parse(promiseDeadline('2026-03-13', cal))).toBe(Date.parse('2026-03-16T08:00:00Z'));
  });

  it('skips a public holiday (Easter Monday 2026-04-06)', () => {
    expect(Date.parse(promiseDeadline('2026-04-03', cal))).toBe(Date.parse('2026-04-07T07:00:00Z'));
  });
});

describe('afterNoticeDeadline', () => {
  const step = (action: 'legal_handoff' | 'reminder', fireAt: string): PlannedStep =>
    ({ index: 4, fireAt, step: { id: 'x', action } }) as PlannedStep;

  it('moves a hand-off planned on the deadline day to the send slot of the day after', () => {
    const moved = afterNoticeDeadline(step('legal_handoff', '2026-03-20T09:00:00Z'), '2026-03-20', cal);
    expect(Date.parse(moved.fireAt)).toBe(Date.parse('2026-03-21T08:00:00Z'));
  });

  it('leaves a hand-off after the deadline, any other step, and a case without notice alone', () => {
    const later = step('legal_handoff', '2026-03-25T09:00:00Z');
    expect(afterNoticeDeadline(later, '2026-03-20', cal)).toBe(later);
    const reminder = step('reminder', '2026-03-20T09:00:00Z');
    expect(afterNoticeDeadline(reminder, '2026-03-20', cal)).toBe(reminder);
    const early = step('legal_handoff', '2026-03-20T09:00:00Z');
    expect(afterNoticeDeadline(early, undefined, cal)).toBe(early);
  });
});

describe('instalment dates', () => {
  it('reminds three days before the instalment, at the send slot', () => {
    expect(Date.parse(instalmentReminderAt('2026-03-20', cal))).toBe(Date.parse('2026-03-17T08:00:00Z'));
  });

  it('misses an instalment one business day after its date', () => {
    // Friday 2026-03-20 → Monday 23.
    expect(Date.parse(instalmentMissedAt('2026-03-20', cal))).toBe(Date.parse('2026-03-23T08:00:00Z'));
  });
});

describe('approvalReminderAt', () => {
  it('is 3 business days later at the same local time, across a weekend', () => {
    // Thursday 10 December 2026, 10:30 in Paris → Tuesday 15 December, 10:30.
    expect(approvalReminderAt('2026-12-10T09:30:00Z', cal)).toBe('2026-12-15T09:30:00.000Z');
  });

  it('skips public holidays of the case calendar (Christmas, then the weekend)', () => {
    // Wednesday 23 December 2026 → 24 (Thu), 28 (Mon), 29 (Tue): the 25th is a holiday in France.
    expect(approvalReminderAt('2026-12-23T15:00:00Z', cal)).toBe('2026-12-29T15:00:00.000Z');
  });
});
