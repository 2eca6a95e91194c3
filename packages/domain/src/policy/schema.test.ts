import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { DEFAULT_POLICY_FR } from './defaults';
import { PolicySchema, validatePolicy } from './schema';
import type { Policy, PolicyStep } from './types';

type Issue = { path: (string | number)[]; message: string };

/** The issues validatePolicy reports; [] when it accepts the input. */
function issuesOf(input: unknown): Issue[] {
  try {
    validatePolicy(input);
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
}

const paths = (input: unknown) => issuesOf(input).map((i) => i.path.join('.'));
const clone = (): Policy => structuredClone(DEFAULT_POLICY_FR) as Policy;
const withSteps = (...steps: Partial<PolicyStep>[]) => ({ steps });
const reminder = (id: string, after: string): PolicyStep => ({
  id,
  after,
  action: 'reminder',
  tone: 'friendly',
});

describe('DEFAULT_POLICY_FR', () => {
  it('is exactly the JSON of docs/architecture.md "The policy and its schedule"', () => {
    expect(DEFAULT_POLICY_FR).toEqual({
      steps: [
        { id: 'courtesy', after: '-P3D', action: 'reminder', tone: 'courtesy' },
        { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
        { id: 'reminder_2', after: 'P8D', action: 'reminder', tone: 'firm' },
        { id: 'final_notice', after: 'P15D', action: 'reminder', tone: 'urgent', callTask: true },
        { id: 'formal_notice', after: 'P30D', action: 'formal_notice', deadlineDays: 8 },
        { id: 'legal_handoff', after: 'P38D', action: 'legal_handoff', minAmount: '500.00' },
      ],
      businessDays: true,
      holidays: 'FR',
      sendWindow: { start: '09:00', end: '17:00' },
      maxContactsPerWeek: 2,
    });
  });
  it('passes its own validation unchanged', () => {
    expect(validatePolicy(DEFAULT_POLICY_FR)).toEqual(DEFAULT_POLICY_FR);
  });
  it('is frozen so no case can change it for the others', () => {
    expect(Object.isFrozen(DEFAULT_POLICY_FR.steps[0])).toBe(true);
    expect(() => {
      (DEFAULT_POLICY_FR.steps as PolicyStep[]).push(reminder('x', 'P99D'));
    }).toThrow();
  });
});

describe('validatePolicy', () => {
  it('accepts a minimal custom policy with no calendar, window or cap', () => {
    expect(validatePolicy(withSteps(reminder('only', 'P0D')))).toEqual({ steps: [reminder('only', 'P0D')] });
  });
  it('defaults a formal notice deadline to 8 days', () => {
    const policy = validatePolicy(
      withSteps(reminder('r', 'P1D'), { id: 'fn', after: 'P10D', action: 'formal_notice' }),
    );
    expect(policy.steps[1]?.deadlineDays).toBe(8);
  });
  it('requires at least one step', () => {
    expect(paths({ steps: [] })).toEqual(['steps']);
    expect(paths({})).toEqual(['steps']);
  });
  it('rejects unknown fields, one issue per field', () => {
    const input = { ...clone(), colour: 'red', steps: [{ ...reminder('a', 'P1D'), sms: true, fax: 1 }] };
    expect(issuesOf(input)).toEqual([
      { path: ['steps', 0, 'sms'], message: 'unknown field' },
      { path: ['steps', 0, 'fax'], message: 'unknown field' },
      { path: ['colour'], message: 'unknown field' },
    ]);
  });
  it('rejects duplicate ids on the later step, naming the first', () => {
    const issues = issuesOf(withSteps(reminder('a', 'P1D'), reminder('b', 'P2D'), reminder('a', 'P3D')));
    expect(issues).toEqual([
      { path: ['steps', 2, 'id'], message: 'duplicate id "a" (already used by steps[0])' },
    ]);
  });
  it('reserves the stage "none" and restricts id characters', () => {
    expect(paths(withSteps(reminder('none', 'P1D'), reminder('bad id', 'P2D'), reminder('', 'P3D')))).toEqual(
      ['steps.0.id', 'steps.1.id', 'steps.2.id'],
    );
  });
  it.each(['P1D', '-P3D', '+P2W', 'P0D', 'PT12H', 'P1Y2M3W4DT5H6M7S', 'PT90M'])(
    'accepts the ISO-8601 duration %s',
    (after) => {
      expect(() => validatePolicy(withSteps(reminder('a', after)))).not.toThrow();
    },
  );
  it.each(['1D', 'P', 'PT', 'P1DT', 'P1.5D', 'P-1D', 'p1d', 'P1H', 'P1D2W', '--P1D', 'P1234567D'])(
    'rejects the duration %s',
    (after) => {
      expect(paths(withSteps(reminder('a', after)))).toEqual(['steps.0.after']);
    },
  );
  it('rejects offsets more than ten years from the due date', () => {
    expect(issuesOf(withSteps(reminder('a', 'P11Y')))[0]?.message).toMatch(/ten years/);
    expect(paths(withSteps(reminder('a', 'P3650D')))).toEqual([]);
  });
  it('requires `after` strictly increasing, equal offsets included', () => {
    const issues = issuesOf(
      withSteps(reminder('a', 'P8D'), reminder('b', 'P1D'), reminder('c', 'P1D'), reminder('d', 'P2D')),
    );
    expect(issues.map((i) => i.path.join('.'))).toEqual(['steps.1.after', 'steps.2.after']);
    expect(issues[0]?.message).toBe('must come strictly after steps[0] ("P8D") whatever the due date');
  });
  it('compares months with days for every possible due date', () => {
    // A month is 28 to 31 days: P1M → P31D is equal after 31 January, P30D → P1M reversed in February.
    expect(paths(withSteps(reminder('a', 'P1M'), reminder('b', 'P31D')))).toEqual(['steps.1.after']);
    expect(paths(withSteps(reminder('a', 'P30D'), reminder('b', 'P1M')))).toEqual(['steps.1.after']);
    expect(paths(withSteps(reminder('a', 'P1M'), reminder('b', 'P32D'), reminder('c', 'P1M3D')))).toEqual([
      'steps.2.after',
    ]);
    expect(paths(withSteps(reminder('a', 'P27D'), reminder('b', 'P1M'), reminder('c', 'P1M1D')))).toEqual([]);
  });
  it('treats a day as 23 to 25 hours because of DST', () => {
    expect(paths(withSteps(reminder('a', 'P1D'), reminder('b', 'PT25H')))).toEqual(['steps.1.after']);
    expect(paths(withSteps(reminder('a', 'PT23H'), reminder('b', 'P1D')))).toEqual(['steps.1.after']);
    expect(paths(withSteps(reminder('a', 'P1D'), reminder('b', 'P1DT1H')))).toEqual([]);
  });
  it('requires a known tone on every reminder and no tone elsewhere', () => {
    const issues = issuesOf(
      withSteps(
        { id: 'a', after: 'P1D', action: 'reminder' },
        { id: 'b', after: 'P2D', action: 'reminder', tone: 'rude' as never },
        { id: 'c', after: 'P3D', action: 'formal_notice', tone: 'firm' },
      ),
    );
    expect(issues.map((i) => i.path.join('.'))).toEqual(['steps.0.tone', 'steps.1.tone', 'steps.2.tone']);
    expect(issues[0]?.message).toBe('a reminder needs a tone: courtesy, friendly, firm, urgent');
    expect(issues[1]?.message).toMatch(/expected one of "courtesy"/);
    expect(issues[2]?.message).toBe('only a reminder has a tone');
  });
  it('reports cross-step rules only once every step has the right shape', () => {
    // A wrong type or enum value makes zod give up on the list; the step-level issues still show.
    const input = withSteps(reminder('a', 'P1D'), { ...reminder('a', 'P1D'), action: 'sms' as never });
    expect(paths(input)).toEqual(['steps.1.action']);
  });
  it('rejects an unknown action', () => {
    expect(paths(withSteps({ id: 'a', after: 'P1D', action: 'sms' as never }))).toEqual(['steps.0.action']);
  });
  it('allows at most one formal_notice and one legal_handoff', () => {
    const steps = [
      reminder('r', 'P1D'),
      { id: 'fn1', after: 'P10D', action: 'formal_notice' },
      { id: 'fn2', after: 'P20D', action: 'formal_notice' },
      { id: 'lh1', after: 'P30D', action: 'legal_handoff' },
      { id: 'lh2', after: 'P40D', action: 'legal_handoff' },
    ];
    const issues = issuesOf({ steps });
    expect(issues.filter((i) => /at most one/.test(i.message)).map((i) => i.path.join('.'))).toEqual([
      'steps.2.action',
      'steps.4.action',
    ]);
  });
  it('requires a reminder before the formal notice and the hand-off', () => {
    const issues = issuesOf(
      withSteps(
        { id: 'fn', after: 'P10D', action: 'formal_notice' },
        { id: 'lh', after: 'P20D', action: 'legal_handoff' },
      ),
    );
    expect(issues).toEqual([
      { path: ['steps', 0, 'action'], message: 'a formal_notice must follow at least one reminder' },
      { path: ['steps', 1, 'action'], message: 'a legal_handoff must follow at least one reminder' },
    ]);
  });
  it('keeps the formal notice and hand-off after the due date, and the hand-off last', () => {
    const issues = issuesOf(
      withSteps(
        reminder('r', '-P5D'),
        { id: 'fn', after: 'P0D', action: 'formal_notice' },
        { id: 'lh', after: 'P10D', action: 'legal_handoff' },
        reminder('late', 'P20D'),
      ),
    );
    expect(issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'steps.1.after: a formal_notice comes after the due date: "after" must be positive',
      'steps.2.action: legal_handoff must be the last step: nothing is sent once a case is handed off',
    ]);
  });
  it('bounds deadlineDays to whole days 1..90, on formal notices only', () => {
    const fn = (deadlineDays: number) =>
      withSteps(reminder('r', 'P1D'), { id: 'fn', after: 'P9D', action: 'formal_notice', deadlineDays });
    expect(paths(fn(1))).toEqual([]);
    expect(paths(fn(90))).toEqual([]);
    expect(paths(fn(0))).toEqual(['steps.1.deadlineDays']);
    expect(paths(fn(91))).toEqual(['steps.1.deadlineDays']);
    expect(paths(fn(7.5))).toEqual(['steps.1.deadlineDays']);
    expect(paths(withSteps({ ...reminder('r', 'P1D'), deadlineDays: 8 }))).toEqual(['steps.0.deadlineDays']);
  });
  it('requires minAmount as a decimal string, on the hand-off only', () => {
    const lh = (minAmount: unknown) =>
      withSteps(reminder('r', 'P1D'), {
        id: 'lh',
        after: 'P9D',
        action: 'legal_handoff',
        minAmount,
      } as never);
    expect(paths(lh('500.00'))).toEqual([]);
    expect(paths(lh('500'))).toEqual([]);
    for (const bad of ['-1', '1e3', '5,00', '1.23456', ''])
      expect(paths(lh(bad))).toEqual(['steps.1.minAmount']);
    expect(paths(lh(500))).toEqual(['steps.1.minAmount']);
    expect(paths(withSteps({ ...reminder('r', 'P1D'), minAmount: '1.00' }))).toEqual(['steps.0.minAmount']);
  });
  it('requires sendWindow times as HH:MM with start before end', () => {
    const win = (start: string, end: string) => ({ ...clone(), sendWindow: { start, end } });
    expect(paths(win('08:30', '18:00'))).toEqual([]);
    expect(paths(win('9:00', '24:00'))).toEqual(['sendWindow.start', 'sendWindow.end']);
    expect(paths(win('17:00', '17:00'))).toEqual(['sendWindow.end']);
    expect(issuesOf(win('18:00', '09:00'))).toEqual([
      { path: ['sendWindow', 'end'], message: 'must be later than start (18:00)' },
    ]);
  });
  it('requires a holiday calendar date-holidays knows, and business days to use it', () => {
    expect(paths({ ...clone(), holidays: 'GB-ENG' })).toEqual([]);
    expect(paths({ ...clone(), holidays: 'XX' })).toEqual(['holidays']);
    expect(paths({ ...clone(), holidays: 'fr' })).toEqual(['holidays']);
    expect(paths({ ...clone(), holidays: 'GB-ZZZ' })).toEqual(['holidays']);
    expect(paths({ ...clone(), businessDays: false })).toEqual(['holidays']);
  });
  it('requires maxContactsPerWeek to be a whole number ≥ 1', () => {
    expect(paths({ ...clone(), maxContactsPerWeek: 1 })).toEqual([]);
    expect(paths({ ...clone(), maxContactsPerWeek: 0 })).toEqual(['maxContactsPerWeek']);
    expect(paths({ ...clone(), maxContactsPerWeek: 1.5 })).toEqual(['maxContactsPerWeek']);
  });
  it('lists every problem of a policy at once, each with its path', () => {
    const input = {
      steps: [
        reminder('a', 'P1D'),
        { ...reminder('a', 'P1D'), tone: undefined },
        { id: 'b', after: 'soon', action: 'reminder', tone: 'firm' },
      ],
      sendWindow: { start: '18:00', end: '08:00' },
      maxContactsPerWeek: 0,
      holidays: 'FR',
    };
    expect(paths(input).sort()).toEqual(
      [
        'holidays',
        'maxContactsPerWeek',
        'sendWindow.end',
        'steps.1.after',
        'steps.1.id',
        'steps.1.tone',
        'steps.2.after',
      ].sort(),
    );
  });
  it('throws a ValidationError with code validation_failed', () => {
    expect(() => validatePolicy('nope')).toThrow(ValidationError);
    expect(() => validatePolicy(null)).toThrow(/expected object, received null/);
  });
});

describe('PolicySchema', () => {
  it('is a zod schema other schemas can embed', () => {
    expect(PolicySchema.safeParse(DEFAULT_POLICY_FR).success).toBe(true);
    expect(PolicySchema.safeParse({ steps: [] }).success).toBe(false);
  });
});

describe('validatePolicy: resumeAfterReply', () => {
  it('takes a positive ISO-8601 duration of at most a year', () => {
    expect(issuesOf({ ...clone(), resumeAfterReply: 'P5D' })).toEqual([]);
    expect(issuesOf({ ...clone(), resumeAfterReply: 'PT36H' })).toEqual([]);
  });

  it('names the field for a bad, zero, negative or too long duration', () => {
    for (const bad of ['5 days', 'P0D', '-P5D', 'P2Y', 5])
      expect(paths({ ...clone(), resumeAfterReply: bad }), String(bad)).toEqual(['resumeAfterReply']);
  });
});
