import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FR } from '../policy/defaults';
import type { Policy } from '../policy/types';
import { deadlineDate, overdueAt } from './plan';
import { nextSendSlot } from './slot';

const PARIS = 'Europe/Paris';
const steps = DEFAULT_POLICY_FR.steps;

describe('nextSendSlot', () => {
  it('keeps an instant inside the window on a business day', () => {
    expect(nextSendSlot('2026-05-04T10:15:00+02:00', DEFAULT_POLICY_FR, PARIS)).toBe(
      '2026-05-04T10:15:00+02:00',
    );
  });
  it('moves a time before the window to the opening, same day', () => {
    expect(nextSendSlot('2026-05-04T06:00:00Z', DEFAULT_POLICY_FR, PARIS)).toBe('2026-05-04T09:00:00+02:00');
  });
  it('treats the window end as exclusive: 17:00 moves to the next opening', () => {
    expect(nextSendSlot('2026-05-05T16:59:59+02:00', DEFAULT_POLICY_FR, PARIS)).toBe(
      '2026-05-05T16:59:59+02:00',
    );
    expect(nextSendSlot('2026-05-05T17:00:00+02:00', DEFAULT_POLICY_FR, PARIS)).toBe(
      '2026-05-06T09:00:00+02:00',
    );
  });
  it('skips the weekend and French holidays: Thursday 30 April evening → Monday 4 May', () => {
    expect(nextSendSlot('2026-04-30T18:00:00+02:00', DEFAULT_POLICY_FR, PARIS)).toBe(
      '2026-05-04T09:00:00+02:00',
    );
    expect(nextSendSlot('2026-05-07T17:30:00+02:00', DEFAULT_POLICY_FR, PARIS)).toBe(
      '2026-05-11T09:00:00+02:00',
    );
  });
  it('reads the window in the client’s timezone, not the instant’s offset', () => {
    // 08:30 in New York is 14:30 in Paris: inside a Paris window, before a New York one.
    const policy: Policy = { steps, sendWindow: { start: '09:00', end: '17:00' } };
    expect(nextSendSlot('2026-05-04T08:30:00-04:00', policy, PARIS)).toBe('2026-05-04T14:30:00+02:00');
    expect(nextSendSlot('2026-05-04T08:30:00-04:00', policy, 'America/New_York')).toBe(
      '2026-05-04T09:00:00-04:00',
    );
  });
  it('without a window, a business day starts at midnight', () => {
    const policy: Policy = { steps, businessDays: true, holidays: 'FR' };
    expect(nextSendSlot('2026-05-01T10:00:00+02:00', policy, PARIS)).toBe('2026-05-04T00:00:00+02:00');
  });
  it('without constraints, returns the instant itself in the client’s offset', () => {
    expect(nextSendSlot('2026-05-02T22:00:00Z', { steps }, PARIS)).toBe('2026-05-03T00:00:00+02:00');
  });
  it('follows the DST change: 09:00 is +01:00 on Friday 27 March and +02:00 on Monday 30 March', () => {
    expect(nextSendSlot('2026-03-27T17:00:00+01:00', DEFAULT_POLICY_FR, PARIS)).toBe(
      '2026-03-30T09:00:00+02:00',
    );
    expect(nextSendSlot('2026-10-23T18:00:00+02:00', DEFAULT_POLICY_FR, PARIS)).toBe(
      '2026-10-26T09:00:00+01:00',
    );
  });
  it('moves a window opening that does not exist on the DST day forward (02:30 → 03:30)', () => {
    const policy: Policy = { steps, sendWindow: { start: '02:30', end: '05:00' } };
    expect(nextSendSlot('2026-03-29T00:00:00+01:00', policy, PARIS)).toBe('2026-03-29T03:30:00+02:00');
    expect(nextSendSlot('2026-03-30T00:00:00+02:00', policy, PARIS)).toBe('2026-03-30T02:30:00+02:00');
  });
  it('rejects an instant without offset, a bad instant and an unknown zone', () => {
    expect(() => nextSendSlot('2026-05-04T10:00:00', DEFAULT_POLICY_FR, PARIS)).toThrow(
      expect.objectContaining({ code: 'schedule.invalid_instant' }),
    );
    expect(() => nextSendSlot('tomorrow', DEFAULT_POLICY_FR, PARIS)).toThrow(
      expect.objectContaining({ code: 'schedule.invalid_instant' }),
    );
    expect(() => nextSendSlot('2026-05-04T10:00:00Z', DEFAULT_POLICY_FR, 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'schedule.invalid_timezone' }),
    );
  });
});

describe('deadlineDate', () => {
  it('adds calendar days to the local date of sending', () => {
    expect(deadlineDate('2026-06-02T09:00:00+02:00', 8, PARIS)).toBe('2026-06-10');
  });
  it('uses the client’s local date: 23:30 UTC is already tomorrow in Paris', () => {
    expect(deadlineDate('2026-06-01T23:30:00Z', 8, PARIS)).toBe('2026-06-10');
    expect(deadlineDate('2026-06-01T23:30:00Z', 8, 'America/New_York')).toBe('2026-06-09');
  });
  it('counts weekends and holidays (a statutory deadline is in calendar days)', () => {
    expect(deadlineDate('2026-04-30T10:00:00+02:00', 8, PARIS)).toBe('2026-05-08');
  });
});

describe('overdueAt', () => {
  it('is 00:00 of the day after the due date in the client’s timezone', () => {
    expect(overdueAt('2026-04-30', PARIS)).toBe('2026-05-01T00:00:00+02:00');
    expect(overdueAt('2026-03-28', PARIS)).toBe('2026-03-29T00:00:00+01:00');
    expect(overdueAt('2026-04-30', 'Asia/Tokyo')).toBe('2026-05-01T00:00:00+09:00');
  });
  it('rejects a malformed due date', () => {
    expect(() => overdueAt('2026-04-31', PARIS)).toThrow(
      expect.objectContaining({ code: 'schedule.invalid_date' }),
    );
  });
});
