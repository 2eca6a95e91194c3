import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  alwaysAfter,
  isNegativeOffset,
  type Offset,
  offsetBounds,
  offsetDiff,
  parseOffset,
  stepOffset,
} from './duration';

describe('parseOffset', () => {
  it('reads every ISO-8601 designator, signed as a whole', () => {
    expect(parseOffset('P1Y2M3W4DT5H6M7S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    expect(parseOffset('-P3D')).toEqual({
      years: 0,
      months: 0,
      weeks: 0,
      days: -3,
      hours: 0,
      minutes: 0,
      seconds: 0,
    });
  });
  it('tells minutes from months by the T', () => {
    expect(parseOffset('P1M')?.months).toBe(1);
    expect(parseOffset('PT1M')?.minutes).toBe(1);
  });
  it('returns null for anything else', () => {
    for (const bad of ['', 'P', 'PT', 'P1DT', 'P1,5D', 'P1D ', 'PT1D', 'P1S'])
      expect(parseOffset(bad)).toBeNull();
  });
});

describe('stepOffset', () => {
  it('gives a luxon Duration, negated for negative offsets', () => {
    expect(stepOffset('P8D').as('days')).toBe(8);
    expect(stepOffset('-P3D').as('days')).toBe(-3);
    expect(stepOffset('PT36H').as('days')).toBe(1.5);
  });
  it('throws a DomainError for an invalid duration', () => {
    expect(() => stepOffset('three days')).toThrow(
      expect.objectContaining({ code: 'policy.invalid_duration' }),
    );
  });
});

describe('isNegativeOffset', () => {
  it('is true only before the due date; -P0D is the due date itself', () => {
    expect(isNegativeOffset(parseOffset('-P3D') as Offset)).toBe(true);
    expect(isNegativeOffset(parseOffset('-PT1S') as Offset)).toBe(true);
    expect(isNegativeOffset(parseOffset('-P0D') as Offset)).toBe(false);
    expect(isNegativeOffset(parseOffset('P1D') as Offset)).toBe(false);
  });
});

describe('offsetBounds', () => {
  it('spans month lengths and an hour of DST for calendar units', () => {
    expect(offsetBounds(parseOffset('P1M') as Offset)).toEqual({
      min: 28 * 86400 - 3600,
      max: 31 * 86400 + 3600,
    });
    expect(offsetBounds(parseOffset('PT2H') as Offset)).toEqual({ min: 7200, max: 7200 });
    expect(offsetBounds(parseOffset('-P1Y') as Offset)).toEqual({
      min: -366 * 86400 - 3600,
      max: -365 * 86400 + 3600,
    });
  });
});

// Offsets a policy might plausibly contain, mixing units to stress month ends and DST.
const offsetArb = fc
  .record({
    sign: fc.constantFrom(1, -1),
    years: fc.nat(1),
    months: fc.nat(3),
    weeks: fc.nat(3),
    days: fc.nat(40),
    hours: fc.nat(30),
    minutes: fc.nat(90),
    seconds: fc.constant(0),
  })
  .map(({ sign, ...o }): Offset => {
    const signed = {} as Offset;
    for (const [k, v] of Object.entries(o)) signed[k as keyof Offset] = sign * v + 0;
    return signed;
  });
const zoneArb = fc.constantFrom(
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'UTC',
);
const dayArb = fc
  .integer({ min: 0, max: 3 * 366 })
  .map((n) => DateTime.fromISO('2025-01-01', { zone: 'utc' }).plus({ days: n }).toISODate() as string);

describe('alwaysAfter', () => {
  it('implies b lands after a from any due date in any zone, and so does adding their difference', () => {
    fc.assert(
      fc.property(offsetArb, offsetArb, dayArb, zoneArb, fc.nat(47), (a, b, day, zone, halfHours) => {
        fc.pre(alwaysAfter(a, b));
        const origin = DateTime.fromISO(day, { zone });
        expect(origin.plus(b) > origin.plus(a)).toBe(true);
        // The spacing rule adds b − a to the (moved) previous fire time, at any time of day.
        const t = origin.plus({ minutes: 30 * halfHours });
        expect(t.plus(offsetDiff(b, a)) > t).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('is strict: an offset is never after itself', () => {
    fc.assert(fc.property(offsetArb, (a) => !alwaysAfter(a, a)));
  });
});
