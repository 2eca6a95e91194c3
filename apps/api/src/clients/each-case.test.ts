import type { InvoiceEntity } from '@relance/persistence';
import { describe, expect, it } from 'vitest';
import { CaseUnreachable, REPEAT_REQUEST } from '../cases/case-errors';
import { Problem } from '../common/problem';
import { accountAnswer, caseResult, mapLimit } from './each-case';

const invoice = { externalId: 'INV-1', number: 'F-1', status: 'overdue' } as InvoiceEntity;
const failing = (err: unknown) => () => Promise.reject(err as Error);

describe('caseResult', () => {
  it("takes the case's new status when the command is done", async () => {
    expect(await caseResult(invoice, async () => ({ status: 'paused' }))).toEqual({
      externalId: 'INV-1',
      number: 'F-1',
      outcome: 'applied',
      status: 'paused',
    });
  });

  it("makes the case's own problem its line: closed, refused by its status or not started, unreachable", async () => {
    const closed = new Problem(409, 'Conflict', 'the case is closed (paid)', undefined, {
      caseStatus: 'paid',
    });
    expect(await caseResult(invoice, failing(closed))).toMatchObject({ outcome: 'closed', status: 'paid' });
    const refused = new Problem(409, 'Conflict', 'cannot resume in overdue', undefined, {
      caseStatus: 'overdue',
    });
    expect(await caseResult(invoice, failing(refused))).toMatchObject({
      outcome: 'refused',
      status: 'overdue',
      detail: 'cannot resume in overdue',
    });
    const notStarted = new Problem(409, 'Conflict', 'the case of INV-1 was not started');
    expect(await caseResult(invoice, failing(notStarted))).toMatchObject({
      outcome: 'refused',
      status: 'overdue',
    });
    const down = new CaseUnreachable('dunning:t:INV-1', false, REPEAT_REQUEST);
    expect(await caseResult(invoice, failing(down))).toMatchObject({
      outcome: 'unreachable',
      status: 'overdue',
    });
  });

  it('lets any other error through: it is not the case answering', async () => {
    await expect(caseResult(invoice, failing(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      caseResult(invoice, failing(new Problem(500, 'Internal server error'))),
    ).rejects.toBeInstanceOf(Problem);
  });
});

describe('accountAnswer', () => {
  it('answers the lines when every case answered, a 503 problem carrying them otherwise', () => {
    const answer = { clientId: 'C', results: [] };
    expect(accountAnswer(answer, [{ outcome: 'applied' }, { outcome: 'refused' }])).toBe(answer);
    let thrown: Problem | undefined;
    try {
      accountAnswer(answer, [{ outcome: 'applied' }, { outcome: 'unreachable' }]);
    } catch (err) {
      thrown = err as Problem;
    }
    expect(thrown?.getStatus()).toBe(503);
    expect(thrown?.headers).toEqual({ 'Retry-After': '5' });
    expect(thrown?.extra).toEqual(answer);
    expect(thrown?.detail).toMatch(/1 of 2 case/);
  });
});

describe('mapLimit', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
