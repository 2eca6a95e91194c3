import { toIssues } from '@relance/domain';
import type { ClientAccountRow, PlannedAction } from '@relance/persistence';
import { describe, expect, it } from 'vitest';
import { Problem } from '../common/problem';
import { clientSummary, nextContact } from './client-view';
import { decodeClientCursor, encodeClientCursor } from './cursor';
import { ClientAccountContactBodySchema, ClientListQuerySchema } from './schemas';

const planned = (externalId: string, action: string, at: string, clientId = 'C'): PlannedAction => ({
  clientId,
  externalId,
  nextAction: { step: `${action}-step`, action, at },
});

describe('nextContact', () => {
  it('is the earliest planned step that writes to the client, instants compared across offsets', () => {
    expect(
      nextContact([
        planned('A', 'reminder', '2026-11-24T09:00:00+01:00'), // 08:00Z
        planned('B', 'formal_notice', '2026-11-24T07:30:00Z'),
        planned('C', 'promise_check', '2026-11-25T00:00:00Z'),
      ]),
    ).toEqual({
      externalId: 'B',
      step: 'formal_notice-step',
      action: 'formal_notice',
      at: '2026-11-24T07:30:00Z',
    });
  });

  it("skips the creditor's and the lawyer's turns, and breaks ties by externalId", () => {
    expect(
      nextContact([
        planned('A', 'action_required', '2026-11-01T00:00:00Z'),
        planned('B', 'legal_handoff', '2026-11-01T00:00:00Z'),
        planned('Z', 'reminder', '2026-11-24T08:00:00Z'),
        planned('Y', 'reminder', '2026-11-24T09:00:00+01:00'),
      ])?.externalId,
    ).toBe('Y');
    expect(nextContact([planned('A', 'approve_handoff', '2026-11-01T00:00:00Z')])).toBeNull();
    expect(nextContact([])).toBeNull();
  });
});

describe('clientSummary', () => {
  const row: ClientAccountRow = {
    clientId: 'C',
    name: 'Jeanne Martin',
    company: null,
    openCases: 3,
    balances: [
      { currency: 'EUR', cases: 2, minor: '120050' },
      { currency: 'JPY', cases: 1, minor: '5000' },
    ],
    oldestDueDate: '2026-09-01',
    lastContactAt: new Date('2026-10-02T08:00:00Z'),
  };

  it('shows balances as decimal strings of each currency, and the next contact of this client only', () => {
    expect(
      clientSummary(row, [
        planned('X', 'reminder', '2026-11-01T00:00:00Z', 'other'),
        planned('A', 'reminder', '2026-11-24T08:00:00Z'),
      ]),
    ).toEqual({
      id: 'C',
      name: 'Jeanne Martin',
      openCases: 3,
      balances: [
        { currency: 'EUR', cases: 2, balance: '1200.50' },
        { currency: 'JPY', cases: 1, balance: '5000' },
      ],
      oldestDueDate: '2026-09-01',
      lastContactAt: '2026-10-02T08:00:00.000Z',
      nextContact: { externalId: 'A', step: 'reminder-step', action: 'reminder', at: '2026-11-24T08:00:00Z' },
    });
  });
});

describe('client cursors', () => {
  it('round-trips a client id, and refuses anything else with a 422 on "cursor"', () => {
    expect(decodeClientCursor(encodeClientCursor('C-17/ACME é'))).toBe('C-17/ACME é');
    // The longest client id (200 characters, 3 bytes each in UTF-8) still fits the query's cursor.
    const longest = '€'.repeat(200);
    const cursor = encodeClientCursor(longest);
    expect(ClientListQuerySchema.safeParse({ cursor }).success).toBe(true);
    expect(decodeClientCursor(cursor)).toBe(longest);
    for (const raw of [
      '',
      'not-base64!',
      Buffer.from('["x","y"]').toString('base64url'),
      encodeClientCursor(''),
    ]) {
      const err = (() => {
        try {
          decodeClientCursor(raw);
        } catch (e) {
          return e as Problem;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(Problem);
      expect(err?.getStatus()).toBe(422);
      expect(err?.errors).toEqual([{ path: 'cursor', message: 'invalid cursor' }]);
    }
  });
});

describe('the client account contact body', () => {
  // As the API reports them (unknown fields at their own path).
  const paths = (body: unknown) => {
    const error = ClientAccountContactBodySchema.safeParse(body).error;
    return error ? toIssues(error).map((i) => i.path.join('.') || '(body)') : [];
  };

  it('takes email, phone, cc, name and company, validated as at registration, naming each bad field', () => {
    expect(paths({ email: 'new@acme.example', name: 'ACME Compta', cc: [] })).toEqual([]);
    expect(paths({ email: 'not-an-email', phone: '+33\n1', cc: ['x'] }).sort()).toEqual([
      'cc.0',
      'email',
      'phone',
    ]);
    expect(paths({ email: 'new@acme.example', nickname: 'x' })).toEqual(['nickname']);
  });

  it('refuses an empty body and a field a contact change cannot make (the client id, its zone)', () => {
    expect(paths({})).toEqual(['(body)']);
    expect(paths({ id: 'C-2' })).toContain('id');
    expect(paths({ timezone: 'Europe/Paris' })).toContain('timezone');
  });
});
