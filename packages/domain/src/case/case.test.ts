import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  type CaseEvent,
  type CaseStatus,
  canSendReminders,
  canTransition,
  IllegalTransitionError,
  INITIAL_CASE_STATE,
  isTerminal,
  TERMINAL_STATUSES,
  transition,
} from './case';

const EVENTS: CaseEvent[] = [
  { type: 'became_overdue' },
  { type: 'step_completed', stepId: 'reminder_2' },
  { type: 'payment', fullyPaid: true },
  { type: 'payment', fullyPaid: false },
  { type: 'reply' },
  { type: 'dispute' },
  { type: 'promise' },
  { type: 'promise_missed' },
  { type: 'plan_agreed' },
  { type: 'instalment_missed' },
  { type: 'plan_completed' },
  { type: 'pause' },
  { type: 'resume', overdue: true },
  { type: 'resume', overdue: false },
  { type: 'cancel' },
  { type: 'handed_off' },
  { type: 'unrecovered' },
];
const key = (e: CaseEvent) =>
  e.type === 'payment'
    ? `payment:${e.fullyPaid ? 'full' : 'partial'}`
    : e.type === 'resume'
      ? `resume:${e.overdue ? 'overdue' : 'pending'}`
      : e.type;

// Every legal transition, as `from --event--> to`. Anything not listed must throw.
const LEGAL: Record<Exclude<CaseStatus, 'paid' | 'cancelled' | 'unrecovered'>, Record<string, CaseStatus>> = {
  pending: {
    became_overdue: 'overdue',
    step_completed: 'pending',
    'payment:full': 'paid',
    'payment:partial': 'pending',
    reply: 'paused',
    dispute: 'disputed',
    promise: 'promised',
    plan_agreed: 'payment_plan',
    pause: 'paused',
    cancel: 'cancelled',
  },
  overdue: {
    step_completed: 'overdue',
    'payment:full': 'paid',
    'payment:partial': 'overdue',
    reply: 'paused',
    dispute: 'disputed',
    promise: 'promised',
    plan_agreed: 'payment_plan',
    pause: 'paused',
    cancel: 'cancelled',
    handed_off: 'handed_off',
    unrecovered: 'unrecovered',
  },
  paused: {
    became_overdue: 'paused',
    'payment:full': 'paid',
    'payment:partial': 'overdue',
    reply: 'paused',
    dispute: 'disputed',
    promise: 'promised',
    plan_agreed: 'payment_plan',
    pause: 'paused',
    'resume:overdue': 'overdue',
    'resume:pending': 'pending',
    cancel: 'cancelled',
  },
  promised: {
    became_overdue: 'promised',
    'payment:full': 'paid',
    'payment:partial': 'promised',
    reply: 'promised',
    dispute: 'disputed',
    promise: 'promised',
    promise_missed: 'overdue',
    plan_agreed: 'payment_plan',
    pause: 'paused',
    'resume:overdue': 'overdue',
    'resume:pending': 'pending',
    cancel: 'cancelled',
  },
  disputed: {
    became_overdue: 'disputed',
    'payment:full': 'paid',
    'payment:partial': 'disputed',
    reply: 'disputed',
    dispute: 'disputed',
    'resume:overdue': 'overdue',
    'resume:pending': 'pending',
    cancel: 'cancelled',
  },
  payment_plan: {
    became_overdue: 'payment_plan',
    'payment:full': 'paid',
    'payment:partial': 'payment_plan',
    reply: 'payment_plan',
    dispute: 'disputed',
    plan_agreed: 'payment_plan',
    instalment_missed: 'overdue',
    plan_completed: 'paid',
    pause: 'paused',
    cancel: 'cancelled',
  },
  handed_off: {
    'payment:full': 'paid',
    'payment:partial': 'handed_off',
    reply: 'handed_off',
    cancel: 'cancelled',
  },
};

describe('transition', () => {
  for (const [from, table] of Object.entries(LEGAL)) {
    for (const event of EVENTS) {
      const to = table[key(event)];
      if (to) {
        it(`${from} --${key(event)}--> ${to}`, () => {
          expect(transition({ status: from as CaseStatus, stage: 'reminder_1' }, event).status).toBe(to);
        });
      } else {
        it(`${from} refuses ${key(event)}`, () => {
          expect(() => transition({ status: from as CaseStatus, stage: 'reminder_1' }, event)).toThrow(
            IllegalTransitionError,
          );
        });
      }
    }
  }
  it('lists a rule for every non-terminal status', () => {
    expect(Object.keys(LEGAL).sort()).toEqual(CASE_STATUSES.filter((s) => !isTerminal(s)).sort());
  });
  it('terminal statuses accept nothing, not even a cancel or a payment', () => {
    for (const status of TERMINAL_STATUSES) {
      for (const event of EVENTS)
        expect(() => transition({ status, stage: 'formal_notice' }, event)).toThrow(IllegalTransitionError);
    }
  });
  it('a partial payment ends a pause, back to pending when the case is not yet due', () => {
    const paused = { status: 'paused' as const, stage: 'courtesy' };
    expect(transition(paused, { type: 'payment', fullyPaid: false, overdue: false }).status).toBe('pending');
    expect(transition(paused, { type: 'payment', fullyPaid: false, overdue: true }).status).toBe('overdue');
  });
  it('sets the stage to the completed step and keeps it on every other event', () => {
    expect(transition(INITIAL_CASE_STATE, { type: 'step_completed', stepId: 'courtesy' })).toEqual({
      status: 'pending',
      stage: 'courtesy',
    });
    expect(transition({ status: 'overdue', stage: 'reminder_2' }, { type: 'reply' })).toEqual({
      status: 'paused',
      stage: 'reminder_2',
    });
  });
  it('does not mutate the state it is given', () => {
    const state = Object.freeze({ status: 'overdue' as const, stage: 'reminder_1' });
    expect(transition(state, { type: 'pause' })).not.toBe(state);
  });
  it('throws an IllegalTransitionError carrying code, from and event', () => {
    try {
      transition({ status: 'paid', stage: 'reminder_1' }, { type: 'reply' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect(e).toMatchObject({
        code: 'case.illegal_transition',
        from: 'paid',
        event: 'reply',
        message: 'a paid case cannot take "reply"',
      });
    }
  });
  it('runs a whole case: courtesy, overdue, reply, promise missed, hand-off, payment', () => {
    const events: CaseEvent[] = [
      { type: 'step_completed', stepId: 'courtesy' },
      { type: 'became_overdue' },
      { type: 'step_completed', stepId: 'reminder_1' },
      { type: 'reply' },
      { type: 'promise' },
      { type: 'promise_missed' },
      { type: 'step_completed', stepId: 'legal_handoff' },
      { type: 'handed_off' },
      { type: 'payment', fullyPaid: true },
    ];
    expect(events.reduce(transition, INITIAL_CASE_STATE)).toEqual({ status: 'paid', stage: 'legal_handoff' });
  });
});

describe('canTransition', () => {
  it('answers without throwing', () => {
    expect(canTransition({ status: 'overdue', stage: 'none' }, { type: 'pause' })).toBe(true);
    expect(canTransition({ status: 'cancelled', stage: 'none' }, { type: 'pause' })).toBe(false);
  });
});

describe('canSendReminders', () => {
  it('allows reminders only while pending or overdue', () => {
    expect(CASE_STATUSES.filter(canSendReminders)).toEqual(['pending', 'overdue']);
  });
});

describe('INITIAL_CASE_STATE', () => {
  it('is pending with stage none', () => {
    expect(INITIAL_CASE_STATE).toEqual({ status: 'pending', stage: 'none' });
  });
});
