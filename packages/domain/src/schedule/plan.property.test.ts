import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../calendar/calendar';
import { isNegativeOffset, type Offset, offsetDiff, parseOffset } from '../policy/duration';
import { validatePolicy } from '../policy/schema';
import { contactsClient, type Policy, type PolicyStep } from '../policy/types';
import { overdueAt, type PlanInput, planSchedule } from './plan';

const ZONES = ['Europe/Paris', 'Europe/London', 'America/New_York', 'Asia/Tokyo'] as const;
const WEEK_MS = 7 * 86_400_000;

// Strictly increasing offsets in days, some with hours, some in months, half of them negative at most.
const offsetsArb = fc
  .uniqueArray(fc.integer({ min: -10, max: 70 }), { minLength: 1, maxLength: 7 })
  .chain((days) =>
    fc.tuple(
      fc.constant([...days].sort((a, b) => a - b)),
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: days.length, maxLength: days.length }),
    ),
  )
  .map(([days, hours]) =>
    days.map((d, i) => {
      if (d < 0) return `-P${-d}D`;
      if (d === 31 || d === 62) return `P${d / 31}M`; // months: valid only when the neighbours allow
      return (hours[i] ?? 0) > 0 && (hours[i] ?? 0) < 20 ? `P${d}DT${hours[i]}H` : `P${d}D`;
    }),
  );

const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    afters: offsetsArb,
    handoff: fc.boolean(),
    businessDays: fc.boolean(),
    holidays: fc.constantFrom(undefined, 'FR', 'GB', 'US', 'JP'),
    window: fc.option(
      fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 10 }), fc.constantFrom(0, 30)),
    ),
    max: fc.option(fc.integer({ min: 1, max: 4 })),
  })
  .map(({ afters, handoff, businessDays, holidays, window, max }) => {
    const steps: PolicyStep[] = afters.map((after, i) => ({
      id: `s${i}`,
      after,
      action: 'reminder',
      tone: 'firm',
    }));
    const last = steps.at(-1) as PolicyStep;
    if (handoff && steps.length > 1 && !last.after.startsWith('-') && last.after !== 'P0D') {
      steps[steps.length - 1] = { id: last.id, after: last.after, action: 'legal_handoff' };
    }
    const pad = (n: number) => String(n).padStart(2, '0');
    const policy: Policy = { steps };
    if (businessDays) policy.businessDays = true;
    if (businessDays && holidays) policy.holidays = holidays;
    if (window)
      policy.sendWindow = {
        start: `${pad(6 + window[0])}:${pad(window[2])}`,
        end: `${pad(Math.min(6 + window[0] + window[1], 23))}:00`,
      };
    if (max !== null) policy.maxContactsPerWeek = max;
    return policy;
  })
  .filter((policy) => {
    try {
      validatePolicy(policy);
      return true;
    } catch {
      return false; // e.g. a month next to a day count it could overtake
    }
  });

const inputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    due: fc
      .integer({ min: 0, max: 4 * 365 })
      .map((n) => DateTime.fromISO('2025-01-01', { zone: 'utc' }).plus({ days: n }).toISODate() as string),
    timezone: fc.constantFrom(...ZONES),
    policy: policyArb,
    nowMinutes: fc.integer({ min: -20 * 24 * 60, max: 90 * 24 * 60 }),
    progress: fc.nat(),
    contactMinutes: fc.array(fc.integer({ min: 1, max: 20 * 24 * 60 }), { maxLength: 5 }),
  })
  .map(({ due, timezone, policy, nowMinutes, progress, contactMinutes }) => {
    const now = DateTime.fromISO(due, { zone: timezone }).plus({ minutes: nowMinutes });
    const nextIndex = progress % (policy.steps.length + 1);
    const input: PlanInput = { dueDate: due, timezone, policy, now: now.toISO() as string, nextIndex };
    // A step already run, some time before now, as a resumed case would have.
    if (nextIndex > 0 && progress % 2 === 0)
      input.previous = {
        index: nextIndex - 1,
        at: now.minus({ minutes: contactMinutes[0] ?? 60 }).toISO() as string,
      };
    input.contacts = contactMinutes.map((m) => now.minus({ minutes: m }).toISO() as string);
    return input;
  });

const offsetOf = (step: PolicyStep) => parseOffset(step.after) as Offset;

describe('planSchedule (properties)', () => {
  it('never fires before now, out of order, or closer than the policy spaces the steps', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const zone = input.timezone;
        const plan = planSchedule(input);
        let prev = input.previous
          ? { index: input.previous.index, fire: DateTime.fromISO(input.previous.at, { zone }) }
          : undefined;
        const now = DateTime.fromISO(input.now);
        for (const p of plan) {
          const fire = DateTime.fromISO(p.fireAt, { zone });
          expect(fire >= now).toBe(true);
          expect(fire >= DateTime.fromISO(p.nominalAt)).toBe(true);
          if (prev) {
            expect(fire > prev.fire).toBe(true);
            const step = input.policy.steps[prev.index] as PolicyStep;
            expect(fire >= prev.fire.plus(offsetDiff(offsetOf(p.step), offsetOf(step)))).toBe(true);
          }
          prev = { index: p.index, fire };
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never fires on a weekend or holiday with businessDays, nor outside the send window', () => {
    fc.assert(
      fc.property(inputArb, ({ ...input }) => {
        const { policy, timezone } = input;
        for (const p of planSchedule(input)) {
          const local = DateTime.fromISO(p.fireAt, { zone: timezone });
          if (policy.businessDays)
            expect(isBusinessDay(local.toISODate() as string, policy.holidays)).toBe(true);
          if (policy.sendWindow) {
            const hhmm = local.toFormat('HH:mm');
            expect(hhmm >= policy.sendWindow.start && hhmm < policy.sendWindow.end).toBe(true);
          }
          // The returned offset is the client's at that instant.
          expect(p.fireAt.endsWith(local.toFormat('ZZ'))).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('skips no step except pre-due-date ones, and never sends those once overdue', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planSchedule(input);
        const lateFrom = DateTime.fromISO(overdueAt(input.dueDate, input.timezone));
        const planned = new Set(plan.map((p) => p.index));
        input.policy.steps.forEach((step, index) => {
          if (index < input.nextIndex) return expect(planned.has(index)).toBe(false);
          if (!isNegativeOffset(offsetOf(step))) expect(planned.has(index)).toBe(true);
        });
        for (const p of plan) {
          if (isNegativeOffset(offsetOf(p.step))) expect(DateTime.fromISO(p.fireAt) < lateFrom).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every rolling 7 days at or under maxContactsPerWeek, emails already sent included', () => {
    fc.assert(
      fc.property(
        inputArb.filter((i) => i.policy.maxContactsPerWeek !== undefined),
        (input) => {
          const max = input.policy.maxContactsPerWeek as number;
          const sent = (input.contacts ?? []).map((c) => DateTime.fromISO(c).toMillis());
          for (const p of planSchedule(input)) {
            if (!contactsClient(p.step)) continue;
            const at = DateTime.fromISO(p.fireAt).toMillis();
            expect(sent.filter((s) => s > at - WEEK_MS && s <= at).length).toBeLessThan(max);
            sent.push(at);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is a pure function: the same input gives the same plan', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(planSchedule(structuredClone(input))).toEqual(planSchedule(input));
      }),
      { numRuns: 100 },
    );
  });
});
