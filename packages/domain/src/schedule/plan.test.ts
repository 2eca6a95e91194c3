import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FR } from '../policy/defaults';
import type { Policy, PolicyStep } from '../policy/types';
import { type PlanInput, planSchedule, rememberContact } from './plan';

const PARIS = 'Europe/Paris';
const plan = (input: Partial<PlanInput> & { now: string }) =>
  planSchedule({ dueDate: '2026-04-30', timezone: PARIS, policy: DEFAULT_POLICY_FR, nextIndex: 0, ...input });
const fires = (input: Partial<PlanInput> & { now: string }) =>
  Object.fromEntries(plan(input).map((p) => [p.step.id, p.fireAt]));
const reminder = (id: string, after: string): PolicyStep => ({
  id,
  after,
  action: 'reminder',
  tone: 'friendly',
});

describe('planSchedule', () => {
  it('plans the default French policy for an invoice due Thursday 30 April 2026 (1 and 8 May, weekends)', () => {
    expect(plan({ now: '2026-04-01T10:00:00+02:00' }).map((p) => [p.step.id, p.nominalAt, p.fireAt])).toEqual(
      [
        ['courtesy', '2026-04-27T00:00:00+02:00', '2026-04-27T09:00:00+02:00'],
        // Friday 1 May is a holiday, then the weekend.
        ['reminder_1', '2026-05-01T00:00:00+02:00', '2026-05-04T09:00:00+02:00'],
        // Nominally Friday 8 May (holiday); a week after reminder_1 in any case.
        ['reminder_2', '2026-05-08T00:00:00+02:00', '2026-05-11T09:00:00+02:00'],
        ['final_notice', '2026-05-15T00:00:00+02:00', '2026-05-18T09:00:00+02:00'],
        ['formal_notice', '2026-05-30T00:00:00+02:00', '2026-06-02T09:00:00+02:00'],
        ['legal_handoff', '2026-06-07T00:00:00+02:00', '2026-06-10T09:00:00+02:00'],
      ],
    );
  });
  it('returns policy indices and the steps themselves', () => {
    const [first] = plan({ now: '2026-04-01T10:00:00+02:00', nextIndex: 3 });
    expect(first).toMatchObject({ index: 3, step: DEFAULT_POLICY_FR.steps[3] });
    expect(plan({ now: '2026-04-01T10:00:00+02:00', nextIndex: 6 })).toEqual([]);
  });
  it('keeps wall-clock days across the DST change (due Thursday 26 March 2026, clocks change on the 29th)', () => {
    expect(
      plan({ dueDate: '2026-03-26', now: '2026-03-01T10:00:00+01:00' }).map((p) => [
        p.step.id,
        p.nominalAt,
        p.fireAt,
      ]),
    ).toEqual([
      ['courtesy', '2026-03-23T00:00:00+01:00', '2026-03-23T09:00:00+01:00'],
      ['reminder_1', '2026-03-27T00:00:00+01:00', '2026-03-27T09:00:00+01:00'],
      ['reminder_2', '2026-04-03T00:00:00+02:00', '2026-04-03T09:00:00+02:00'],
      ['final_notice', '2026-04-10T00:00:00+02:00', '2026-04-10T09:00:00+02:00'],
      ['formal_notice', '2026-04-25T00:00:00+02:00', '2026-04-27T09:00:00+02:00'],
      ['legal_handoff', '2026-05-03T00:00:00+02:00', '2026-05-05T09:00:00+02:00'],
    ]);
  });
  it('uses the British calendar for a London client (Good Friday, Easter Monday, early May bank holiday)', () => {
    const policy: Policy = { ...DEFAULT_POLICY_FR, holidays: 'GB' };
    expect(
      fires({ dueDate: '2026-04-02', timezone: 'Europe/London', policy, now: '2026-03-01T10:00:00Z' }),
    ).toEqual({
      courtesy: '2026-03-30T09:00:00+01:00',
      reminder_1: '2026-04-07T09:00:00+01:00',
      reminder_2: '2026-04-14T09:00:00+01:00',
      final_notice: '2026-04-21T09:00:00+01:00',
      formal_notice: '2026-05-06T09:00:00+01:00',
      legal_handoff: '2026-05-14T09:00:00+01:00',
    });
  });
  it('catches up a case registered 20 days late: first pending step at the next slot, the others keep their spacing', () => {
    expect(fires({ now: '2026-05-20T18:00:00+02:00' })).toEqual({
      reminder_1: '2026-05-21T09:00:00+02:00',
      reminder_2: '2026-05-28T09:00:00+02:00',
      final_notice: '2026-06-04T09:00:00+02:00',
      formal_notice: '2026-06-19T09:00:00+02:00',
      legal_handoff: '2026-06-29T09:00:00+02:00', // 27 June is a Saturday
    });
  });
  it('sends the first pending step right away when now is inside a slot', () => {
    expect(plan({ now: '2026-05-20T14:30:00+02:00' })[0]?.fireAt).toBe('2026-05-20T14:30:00+02:00');
  });
  it('resumes after a pause: keeps the spacing after the last step run', () => {
    const previous = { index: 1, at: '2026-05-04T09:00:00+02:00' };
    expect(fires({ now: '2026-06-01T10:00:00+02:00', nextIndex: 2, previous })).toEqual({
      reminder_2: '2026-06-01T10:00:00+02:00',
      final_notice: '2026-06-08T10:00:00+02:00',
      formal_notice: '2026-06-23T10:00:00+02:00',
      legal_handoff: '2026-07-01T10:00:00+02:00',
    });
    // Resumed the next day: still a week after reminder_1, not at once.
    expect(plan({ now: '2026-05-05T10:00:00+02:00', nextIndex: 2, previous })[0]?.fireAt).toBe(
      '2026-05-11T09:00:00+02:00',
    );
  });
  it('drops the courtesy note once the due date has passed (00:00 the day after, client’s zone)', () => {
    const policy: Policy = { steps: DEFAULT_POLICY_FR.steps };
    const ids = (now: string) => plan({ policy, now }).map((p) => p.step.id);
    expect(ids('2026-04-30T23:59:59+02:00')[0]).toBe('courtesy');
    expect(ids('2026-05-01T00:00:00+02:00')[0]).toBe('reminder_1');
    expect(ids('2026-04-30T22:00:00Z')[0]).toBe('reminder_1'); // midnight in Paris
  });
  it('drops the courtesy note when its next slot is already past the due date', () => {
    expect(plan({ now: '2026-04-30T16:59:00+02:00' })[0]).toMatchObject({
      index: 0,
      fireAt: '2026-04-30T16:59:00+02:00',
    });
    expect(plan({ now: '2026-04-30T17:00:00+02:00' })[0]?.step.id).toBe('reminder_1');
  });
  it('spaces the step after a late courtesy note by the policy gap', () => {
    // Courtesy sent on the due date itself: reminder_1 keeps its 4 days after it.
    expect(fires({ now: '2026-04-30T10:00:00+02:00' })).toMatchObject({
      courtesy: '2026-04-30T10:00:00+02:00',
      reminder_1: '2026-05-04T10:00:00+02:00',
    });
  });
  it('caps contacts per rolling 7 days, counting emails already sent', () => {
    const policy: Policy = {
      steps: ['P1D', 'P2D', 'P3D', 'P4D'].map((a, i) => reminder(`r${i}`, a)),
      maxContactsPerWeek: 2,
    };
    expect(Object.values(fires({ dueDate: '2026-06-01', policy, now: '2026-05-01T00:00:00Z' }))).toEqual([
      '2026-06-02T00:00:00+02:00',
      '2026-06-03T00:00:00+02:00',
      '2026-06-09T00:00:00+02:00', // a week after the first: the window (2 June, 9 June) holds two
      '2026-06-10T00:00:00+02:00', // exactly 7 days after 3 June is a new window
    ]);
    const contacts = ['2026-05-29T10:00:00+02:00'];
    expect(
      Object.values(fires({ dueDate: '2026-06-01', policy, now: '2026-05-30T00:00:00Z', contacts })),
    ).toEqual([
      '2026-06-02T00:00:00+02:00',
      '2026-06-05T10:00:00+02:00',
      '2026-06-09T00:00:00+02:00',
      '2026-06-12T10:00:00+02:00',
    ]);
  });
  it('moves a capped step into the next send slot and does not count the lawyer hand-off as a contact', () => {
    const contacts = ['2026-05-26T16:00:00+02:00', '2026-05-27T09:30:00+02:00'];
    const result = fires({ now: '2026-05-28T10:00:00+02:00', contacts });
    // 26 May 16:00 + 7 days = Tuesday 2 June 16:00, inside the window.
    expect(result.reminder_1).toBe('2026-06-02T16:00:00+02:00');
    const dense: Policy = { ...DEFAULT_POLICY_FR, maxContactsPerWeek: 1 };
    const handoff = plan({
      policy: dense,
      now: '2026-04-01T10:00:00+02:00',
      contacts: ['2026-06-09T09:00:00+02:00'],
    }).at(-1);
    expect(handoff).toMatchObject({ step: { id: 'legal_handoff' }, fireAt: '2026-06-10T09:00:00+02:00' });
  });
  it('rejects a bad nextIndex, a previous step not before it, and unknown timezones', () => {
    expect(() => plan({ now: '2026-05-01T00:00:00Z', nextIndex: 7 })).toThrow(
      expect.objectContaining({ code: 'schedule.invalid_index' }),
    );
    expect(() =>
      plan({ now: '2026-05-01T00:00:00Z', nextIndex: 2, previous: { index: 2, at: '2026-05-01T00:00:00Z' } }),
    ).toThrow(expect.objectContaining({ code: 'schedule.invalid_index' }));
    expect(() => plan({ now: '2026-05-01T00:00:00Z', timezone: 'Paris' })).toThrow(
      expect.objectContaining({ code: 'schedule.invalid_timezone' }),
    );
  });
});

describe('rememberContact', () => {
  it('adds the contact and forgets those 14 days old or more (the weekly cap no longer needs them)', () => {
    const contacts = ['2026-03-01T09:00:00Z', '2026-03-01T09:00:01Z', '2026-03-10T09:00:00Z'];
    expect(rememberContact(contacts, '2026-03-15T09:00:00Z')).toEqual([
      '2026-03-01T09:00:01Z',
      '2026-03-10T09:00:00Z',
      '2026-03-15T09:00:00Z',
    ]);
  });

  it('keeps every contact of the last week, today as well', () => {
    const now = new Date().toISOString();
    const yesterday = new Date(Date.parse(now) - 86_400_000).toISOString();
    expect(rememberContact([yesterday], now)).toEqual([yesterday, now]);
  });
});
