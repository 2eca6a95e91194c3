import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FR } from '../policy';
import type { CaseCalendar } from './deadlines';
import { replyFollowUpAt, replyResumeAt } from './reply-follow-up';

const cal = (resumeAfterReply?: string): CaseCalendar => ({
  policy: { steps: DEFAULT_POLICY_FR.steps, ...(resumeAfterReply ? { resumeAfterReply } : {}) },
  timezone: 'Europe/Paris',
  holidays: 'FR',
});

describe('replyFollowUpAt', () => {
  it('is 3 business days later at the same local time (Tuesday → Friday)', () => {
    expect(replyFollowUpAt('2026-12-08T09:30:00Z', cal())).toBe('2026-12-11T10:30:00+01:00');
  });

  it('skips the weekend (Thursday → Tuesday)', () => {
    expect(replyFollowUpAt('2026-12-10T09:30:00Z', cal())).toBe('2026-12-15T10:30:00+01:00');
  });

  it('skips the calendar’s public holidays (Christmas and New Year in FR)', () => {
    // Wed 23 Dec → Thu 24, (Fri 25 holiday), Mon 28, Tue 29.
    expect(replyFollowUpAt('2026-12-23T09:00:00Z', cal())).toBe('2026-12-29T10:00:00+01:00');
  });

  it('counts weekdays only with a country date-holidays does not know', () => {
    expect(replyFollowUpAt('2026-12-23T09:00:00Z', { ...cal(), holidays: 'QQ' })).toBe(
      '2026-12-28T10:00:00+01:00',
    );
  });

  it('counts from the local day, not the UTC one', () => {
    // 23:30 UTC on Friday is already Saturday in Paris: Mon, Tue, Wed.
    expect(replyFollowUpAt('2026-12-11T23:30:00Z', cal())).toBe('2026-12-16T00:30:00+01:00');
  });
});

describe('replyResumeAt', () => {
  it('is undefined without policy.resumeAfterReply', () => {
    expect(replyResumeAt('2026-12-08T09:30:00Z', cal())).toBeUndefined();
  });

  it('adds the policy duration to the instant the reply paused the case', () => {
    expect(replyResumeAt('2026-12-08T09:30:00Z', cal('P5D'))).toBe('2026-12-13T10:30:00+01:00');
    expect(replyResumeAt('2026-12-08T09:30:00Z', cal('PT36H'))).toBe('2026-12-09T22:30:00+01:00');
  });
});
