import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { allocatePayment, allocationOrder, referenceNames, type AllocationTarget } from './allocation';

const target = (
  key: string,
  dueDate: string,
  balanceMinor: number,
  number = `F-${key}`,
): AllocationTarget => ({
  key,
  number,
  externalId: key,
  dueDate,
  balanceMinor,
});

describe('referenceNames', () => {
  it('finds the invoice number or the externalId as a whole token, whatever the case', () => {
    const t = target('INV-42', '2026-10-01', 100, 'F-2026-0042');
    expect(referenceNames('VIR f-2026-0042', t)).toBe(true);
    expect(referenceNames('paiement INV-42, merci', t)).toBe(true);
    expect(referenceNames('VIR 8841', t)).toBe(false);
    expect(referenceNames(undefined, t)).toBe(false);
  });

  it('does not take an id inside a longer one ("F-1" is not named by "F-10")', () => {
    const t = target('A', '2026-10-01', 100, 'F-1');
    expect(referenceNames('VIR F-10', t)).toBe(false);
    expect(referenceNames('VIR XF-1', t)).toBe(false);
    expect(referenceNames('VIR F-10 F-1', t)).toBe(true);
  });
});

describe('allocatePayment', () => {
  const a = target('A', '2026-09-01', 50_000);
  const b = target('B', '2026-10-01', 30_000);
  const c = target('C', '2026-08-01', 20_000);

  it('pays the oldest due date first, each case up to its balance', () => {
    expect(allocatePayment(60_000, [a, b, c])).toEqual([
      { key: 'C', amountMinor: 20_000, surplusMinor: 0 },
      { key: 'A', amountMinor: 40_000, surplusMinor: 0 },
    ]);
  });

  it('pays the invoices the reference names before the others', () => {
    expect(allocatePayment(40_000, [a, b, c], 'VIR F-B')).toEqual([
      { key: 'B', amountMinor: 30_000, surplusMinor: 0 },
      { key: 'C', amountMinor: 10_000, surplusMinor: 0 },
    ]);
  });

  it('gives the surplus to the last case in the order, which records it as overpaid', () => {
    expect(allocatePayment(110_000, [a, b, c])).toEqual([
      { key: 'C', amountMinor: 20_000, surplusMinor: 0 },
      { key: 'A', amountMinor: 50_000, surplusMinor: 0 },
      { key: 'B', amountMinor: 40_000, surplusMinor: 10_000 },
    ]);
  });

  it('skips a case with nothing left, and gives it the surplus when it is last', () => {
    expect(allocatePayment(1_000, [target('A', '2026-01-01', 500), target('Z', '2026-02-01', 0)])).toEqual([
      { key: 'A', amountMinor: 500, surplusMinor: 0 },
      { key: 'Z', amountMinor: 500, surplusMinor: 500 },
    ]);
  });

  it('refuses an amount that is not positive, and a client without an open case', () => {
    expect(() => allocatePayment(0, [a])).toThrow(DomainError);
    expect(() => allocatePayment(100, [])).toThrow(/no open invoice/);
  });
});

// ——— Properties ———

const dateArb = fc
  .integer({ min: 0, max: 60 })
  .map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));

const targetsArb = fc
  .array(fc.record({ dueDate: dateArb, balanceMinor: fc.integer({ min: 0, max: 500_000 }) }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((rows) => rows.map((r, i) => target(`I${i}`, r.dueDate, r.balanceMinor, `N-${i}`)));

const scenarioArb = targetsArb.chain((targets) =>
  fc.record({
    targets: fc.constant(targets),
    amountMinor: fc.integer({ min: 1, max: 3_000_000 }),
    reference: fc.option(
      fc.subarray(targets.map((t) => t.number)).map((names) => `VIR ${names.join(' ')}`),
      { nil: undefined },
    ),
  }),
);

describe('allocatePayment (properties)', () => {
  it('splits the whole amount: the parts sum to it, each part positive, each case at most once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ targets, amountMinor, reference }) => {
        const parts = allocatePayment(amountMinor, targets, reference);
        expect(parts.reduce((n, p) => n + p.amountMinor, 0)).toBe(amountMinor);
        expect(parts.every((p) => p.amountMinor > 0)).toBe(true);
        expect(new Set(parts.map((p) => p.key)).size).toBe(parts.length);
      }),
    );
  });

  it('never gives a case more than its balance, except the surplus on the last case once every balance is covered', () => {
    fc.assert(
      fc.property(scenarioArb, ({ targets, amountMinor, reference }) => {
        const parts = allocatePayment(amountMinor, targets, reference);
        const byKey = new Map(targets.map((t) => [t.key, t]));
        const owed = targets.reduce((n, t) => n + t.balanceMinor, 0);
        const last = allocationOrder(targets, reference).at(-1)!;
        for (const p of parts) {
          const balance = byKey.get(p.key)!.balanceMinor;
          expect(p.amountMinor - p.surplusMinor).toBeLessThanOrEqual(balance);
          expect(p.amountMinor - p.surplusMinor).toBe(Math.min(p.amountMinor, balance));
          if (p.surplusMinor > 0) expect(p.key).toBe(last.key);
        }
        expect(parts.reduce((n, p) => n + p.surplusMinor, 0)).toBe(Math.max(0, amountMinor - owed));
      }),
    );
  });

  it('follows the order: named invoices first, then oldest due date; a case is paid only once every case before it is covered', () => {
    fc.assert(
      fc.property(scenarioArb, ({ targets, amountMinor, reference }) => {
        const order = allocationOrder(targets, reference);
        // The order rule itself: every named invoice before every other, due dates ascending within each.
        const named = order.map((t) => referenceNames(reference, t));
        expect(named).toEqual([...named].sort((x, y) => Number(y) - Number(x)));
        for (let i = 1; i < order.length; i++)
          if (named[i] === named[i - 1]) expect(order[i]!.dueDate >= order[i - 1]!.dueDate).toBe(true);

        const parts = allocatePayment(amountMinor, targets, reference);
        const paid = new Map(parts.map((p) => [p.key, p.amountMinor - p.surplusMinor]));
        const position = (key: string) => order.findIndex((t) => t.key === key);
        // Parts come in the order, and every case before a paid one is paid in full.
        expect(parts.map((p) => position(p.key))).toEqual(
          parts.map((p) => position(p.key)).sort((x, y) => x - y),
        );
        const lastPaid = Math.max(
          ...parts.filter((p) => p.amountMinor > p.surplusMinor).map((p) => position(p.key)),
        );
        order
          .slice(0, Math.max(0, lastPaid))
          .forEach((t) => expect(paid.get(t.key) ?? 0).toBe(t.balanceMinor));
      }),
    );
  });
});
