import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  type CaseEvent,
  type CaseEventType,
  type CaseState,
  type CaseStatus,
  canSendReminders,
  canTransition,
  IllegalTransitionError,
  INITIAL_CASE_STATE,
  isTerminal,
  transition,
} from './case';

// Properties of the case state machine that must hold for any sequence of events, stated from
// docs/architecture.md "What a case reacts to" and the exported predicates rather than from a copy of the rules table.

const stepIdArb = fc.oneof(
  fc.constantFrom('courtesy', 'reminder_1', 'reminder_2', 'final_notice', 'formal_notice', 'legal_handoff'),
  fc.string({ maxLength: 12 }),
);

const eventArb: fc.Arbitrary<CaseEvent> = fc.oneof(
  fc.constant({ type: 'became_overdue' as const }),
  stepIdArb.map((stepId) => ({ type: 'step_completed' as const, stepId })),
  fc
    .record({ fullyPaid: fc.boolean(), overdue: fc.option(fc.boolean(), { nil: undefined }) })
    .map(({ fullyPaid, overdue }) => ({
      type: 'payment' as const,
      fullyPaid,
      ...(overdue === undefined ? {} : { overdue }),
    })),
  fc.constant({ type: 'reply' as const }),
  fc.constant({ type: 'dispute' as const }),
  fc.constant({ type: 'promise' as const }),
  fc.constant({ type: 'promise_missed' as const }),
  fc.constant({ type: 'plan_agreed' as const }),
  fc.constant({ type: 'instalment_missed' as const }),
  fc.constant({ type: 'plan_completed' as const }),
  fc.constant({ type: 'pause' as const }),
  fc.boolean().map((overdue) => ({ type: 'resume' as const, overdue })),
  fc.constant({ type: 'cancel' as const }),
  fc.constant({ type: 'handed_off' as const }),
  fc.constant({ type: 'unrecovered' as const }),
);

/** Any state, reachable or not: the reducer must behave on whatever a carried state holds. */
const stateArb: fc.Arbitrary<CaseState> = fc.record({
  status: fc.constantFrom(...CASE_STATUSES),
  stage: stepIdArb,
});

const eventsArb = fc.array(eventArb, { minLength: 1, maxLength: 60 });

type Outcome = { ok: true; next: CaseState } | { ok: false; error: unknown };

function attempt(state: CaseState, event: CaseEvent): Outcome {
  try {
    return { ok: true, next: transition(state, event) };
  } catch (error) {
    return { ok: false, error };
  }
}

interface Step {
  before: CaseState;
  event: CaseEvent;
  outcome: Outcome;
}

/** Applies the events from the initial state as the workflow does: a refused event changes nothing. */
function walk(events: CaseEvent[]): Step[] {
  let state: CaseState = INITIAL_CASE_STATE;
  return events.map((event) => {
    const before = state;
    const outcome = attempt(before, event);
    if (outcome.ok) state = outcome.next;
    return { before, event, outcome };
  });
}

const accepted = (step: Step): step is Step & { outcome: { ok: true; next: CaseState } } => step.outcome.ok;

/** The status the case is in after `step` (unchanged when the event was refused). */
const after = (step: Step): CaseStatus => (accepted(step) ? step.outcome.next.status : step.before.status);

function expectWellFormed(state: CaseState, event: CaseEvent, outcome: Outcome): void {
  if (outcome.ok) {
    expect(CASE_STATUSES).toContain(outcome.next.status);
  } else {
    expect(outcome.error).toBeInstanceOf(IllegalTransitionError);
    expect(outcome.error).toMatchObject({
      code: 'case.illegal_transition',
      from: state.status,
      event: event.type,
    });
  }
  expect(canTransition(state, event)).toBe(outcome.ok);
}

describe('transition over random event sequences', () => {
  it('answers a known status or an IllegalTransitionError, never another error, and canTransition agrees', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        for (const { before, event, outcome } of walk(events)) expectWellFormed(before, event, outcome);
      }),
      { numRuns: 1000 },
    );
  });

  it('holds from any state too, not only reachable ones', () => {
    fc.assert(
      fc.property(stateArb, eventArb, (state, event) => {
        expectWellFormed(state, event, attempt(state, event));
      }),
      { numRuns: 2000 },
    );
  });

  it('a terminal case refuses every event and stays as it is', () => {
    fc.assert(
      fc.property(eventsArb, eventArb, (events, extra) => {
        const steps = walk([...events, extra]);
        const firstTerminal = steps.findIndex((s) => isTerminal(after(s)));
        if (firstTerminal < 0) return;
        const closed = steps[firstTerminal]!;
        const final = accepted(closed) ? closed.outcome.next : closed.before;
        for (const step of steps.slice(firstTerminal + 1)) {
          expect(step.outcome.ok).toBe(false);
          expect(step.before).toEqual(final);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('takes step_completed exactly while reminders may be sent (pending/overdue), keeping the status', () => {
    fc.assert(
      fc.property(eventsArb, stateArb, stepIdArb, (events, anyState, stepId) => {
        const probes = [...walk(events).map((s) => s.before), anyState];
        for (const state of probes) {
          const outcome = attempt(state, { type: 'step_completed', stepId });
          expect(outcome.ok).toBe(!isTerminal(state.status) && canSendReminders(state.status));
          expect(canSendReminders(state.status)).toBe(['pending', 'overdue'].includes(state.status));
          if (outcome.ok) expect(outcome.next).toEqual({ status: state.status, stage: stepId });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('changes the stage only on step_completed, and never mutates the state it is given', () => {
    fc.assert(
      fc.property(stateArb, eventArb, (state, event) => {
        const frozen = Object.freeze({ ...state });
        const outcome = attempt(frozen, event);
        expect(frozen).toEqual(state);
        if (outcome.ok && event.type !== 'step_completed') expect(outcome.next.stage).toBe(state.stage);
        // Deterministic: the same input gives the same answer.
        expect(attempt(frozen, event)).toEqual(outcome);
      }),
      { numRuns: 1000 },
    );
  });
});

// docs/architecture.md "What a case reacts to": a reply pauses, a dispute and a pause hold the case; escalation waits for resume,
// a promise (then its miss), a plan (then a missed instalment) or a payment.
const HOLDING: CaseEventType[] = ['reply', 'dispute', 'pause'];
const RELEASING: CaseEventType[] = ['resume', 'payment', 'promise_missed', 'instalment_missed'];

describe('holds (reply, dispute, pause)', () => {
  it('after a hold, no step completes until an event brings the case back to pending/overdue', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        let held = false;
        for (const step of walk(events)) {
          if (held && step.event.type === 'step_completed') expect(step.outcome.ok).toBe(false);
          const wasActive = canSendReminders(step.before.status);
          const isActive = canSendReminders(after(step));
          if (held && isActive) {
            // The way back from a hold is one of the events a case reacts to (docs/architecture.md), never a side effect.
            expect(accepted(step)).toBe(true);
            expect(RELEASING).toContain(step.event.type);
          }
          if (accepted(step) && HOLDING.includes(step.event.type) && !isActive) held = true;
          if (isActive) held = false;
          // Leaving pending/overdue for anything but a terminal status or a hand-off is a hold.
          if (wasActive && !isActive && !isTerminal(after(step)) && after(step) !== 'handed_off') {
            expect(['paused', 'promised', 'disputed', 'payment_plan']).toContain(after(step));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a reply or a pause on an escalating case pauses it; a dispute always ends in disputed', () => {
    fc.assert(
      fc.property(eventsArb, fc.constantFrom<CaseEventType>(...HOLDING), (events, type) => {
        for (const { before } of walk(events)) {
          const outcome = attempt(before, { type } as CaseEvent);
          if (!outcome.ok) continue;
          if (type === 'dispute') expect(outcome.next.status).toBe('disputed');
          else if (canSendReminders(before.status)) expect(outcome.next.status).toBe('paused');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a disputed case leaves the dispute only by resume, cancel or full payment', () => {
    fc.assert(
      fc.property(stateArb, eventArb, (state, event) => {
        const outcome = attempt({ ...state, status: 'disputed' }, event);
        if (!outcome.ok || outcome.next.status === 'disputed') return;
        const fullPayment = event.type === 'payment' && event.fullyPaid;
        expect(event.type === 'resume' || event.type === 'cancel' || fullPayment).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('no wedge (docs/architecture.md "Case lifecycle guarantees")', () => {
  it('every open case takes a payment, a reply and a cancel; a full payment always closes it as paid', () => {
    fc.assert(
      fc.property(eventsArb, fc.option(fc.boolean(), { nil: undefined }), (events, overdue) => {
        for (const { before } of walk(events)) {
          if (isTerminal(before.status)) continue;
          expect(transition(before, { type: 'payment', fullyPaid: true, overdue }).status).toBe('paid');
          expect(canTransition(before, { type: 'payment', fullyPaid: false, overdue })).toBe(true);
          expect(canTransition(before, { type: 'reply' })).toBe(true);
          expect(transition(before, { type: 'cancel' }).status).toBe('cancelled');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('random sequences reach every status', () => {
    const seen = new Set<CaseStatus>();
    fc.assert(
      fc.property(eventsArb, (events) => {
        for (const step of walk(events)) seen.add(after(step));
      }),
      { numRuns: 2000 },
    );
    expect([...seen].sort()).toEqual([...CASE_STATUSES].sort());
  });
});
