import { describe, expect, it } from 'vitest';
import { CallOutcomeBodySchema, HandoffBodySchema } from './creditor-word.schemas';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.join('.'));

describe('POST …/handoff body', () => {
  it('takes a yes, or a no with a reason and whether to keep chasing', () => {
    expect(HandoffBodySchema.safeParse({ approve: true }).success).toBe(true);
    expect(
      HandoffBodySchema.safeParse({ approve: false, reason: 'partner', keepChasing: true }).success,
    ).toBe(true);
  });

  it('names the field in error', () => {
    expect(paths(HandoffBodySchema.safeParse({}))).toEqual(['approve']);
    expect(paths(HandoffBodySchema.safeParse({ approve: 'yes' }))).toEqual(['approve']);
    expect(paths(HandoffBodySchema.safeParse({ approve: true, keepChasing: false }))).toEqual([
      'keepChasing',
    ]);
    expect(paths(HandoffBodySchema.safeParse({ approve: false, reason: '' }))).toEqual(['reason']);
    expect(paths(HandoffBodySchema.safeParse({ approve: false, extra: 1 }))).toEqual(['']);
  });
});

describe('POST …/calls body', () => {
  it('needs promiseDate exactly when the client promised', () => {
    expect(CallOutcomeBodySchema.safeParse({ outcome: 'reached' }).success).toBe(true);
    expect(CallOutcomeBodySchema.safeParse({ outcome: 'promised', promiseDate: '2026-12-15' }).success).toBe(
      true,
    );
    expect(paths(CallOutcomeBodySchema.safeParse({ outcome: 'promised' }))).toEqual(['promiseDate']);
    expect(
      paths(CallOutcomeBodySchema.safeParse({ outcome: 'no_answer', promiseDate: '2026-12-15' })),
    ).toEqual(['promiseDate']);
    expect(paths(CallOutcomeBodySchema.safeParse({ outcome: 'voicemail' }))).toEqual(['outcome']);
    // DateString reports both its format and the calendar check, on the same field.
    expect(
      new Set(paths(CallOutcomeBodySchema.safeParse({ outcome: 'promised', promiseDate: 'Friday' }))),
    ).toEqual(new Set(['promiseDate']));
  });
});
