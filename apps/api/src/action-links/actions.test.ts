import { ACTION_KINDS } from '@relance/domain';
import type { TenantEntity } from '@relance/persistence';
import { actionMessages } from '@relance/templates';
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, formInput, type ActionServices } from './actions';

/** The form as the page posts it, checked by the entry's schema: the data, or the failing fields. */
const submit = (kind: keyof typeof ACTIONS, body: Record<string, string>) => {
  const parsed = ACTIONS[kind].form.safeParse(formInput(ACTIONS[kind], body));
  return parsed.success
    ? { data: parsed.data }
    : { fields: [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))] };
};

describe('action registry: hand-offs, calls and letters', () => {
  it('approves a hand-off with no field, through the service behind POST …/handoff', async () => {
    expect(ACTIONS.approve_handoff.fields).toEqual([]);
    expect(submit('approve_handoff', { unexpected: 'x' })).toEqual({ data: {} });
    const decideHandoff = vi.fn().mockResolvedValue({});
    const services = { commands: { decideHandoff } } as unknown as ActionServices;
    const tenant = { id: 't' } as TenantEntity;
    await ACTIONS.approve_handoff.apply(services, tenant, { kind: 'invoice', id: 'INV-1' }, {});
    expect(decideHandoff).toHaveBeenCalledWith(tenant, 'INV-1', { approve: true });
  });

  it('declines a hand-off with a reason and the choice of what happens to the case', () => {
    expect(ACTIONS.decline_handoff.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['reason', 'textarea', true],
      ['keepChasing', 'choice', true],
    ]);
    expect(submit('decline_handoff', { reason: 'partner', keepChasing: 'true' })).toEqual({
      data: { approve: false, reason: 'partner', keepChasing: true },
    });
    expect(submit('decline_handoff', { reason: 'gone', keepChasing: 'false' })).toEqual({
      data: { approve: false, reason: 'gone', keepChasing: false },
    });
    expect(submit('decline_handoff', { reason: '  ', keepChasing: 'true' })).toEqual({ fields: ['reason'] });
    expect(submit('decline_handoff', { reason: 'x' })).toEqual({ fields: ['keepChasing'] });
    expect(submit('decline_handoff', { reason: 'x', keepChasing: 'maybe' })).toEqual({
      fields: ['keepChasing'],
    });
  });

  it("records a call's outcome: a promise date only, and always, for a promise", () => {
    const outcome = ACTIONS.call_outcome.fields.find((f) => f.name === 'outcome');
    expect(outcome).toEqual({
      name: 'outcome',
      type: 'choice',
      options: ['reached', 'no_answer', 'promised', 'disputed'],
      required: true,
    });
    expect(submit('call_outcome', { outcome: 'no_answer', note: '', promiseDate: '' })).toEqual({
      data: { outcome: 'no_answer' },
    });
    expect(
      submit('call_outcome', { outcome: 'promised', promiseDate: '2026-12-15', note: 'Friday' }),
    ).toEqual({
      data: { outcome: 'promised', promiseDate: '2026-12-15', note: 'Friday' },
    });
    expect(submit('call_outcome', { outcome: 'promised' })).toEqual({ fields: ['promiseDate'] });
    expect(submit('call_outcome', { outcome: 'reached', promiseDate: '2026-12-15' })).toEqual({
      fields: ['promiseDate'],
    });
    expect(submit('call_outcome', {})).toEqual({ fields: ['outcome'] });
  });

  it('records a registered letter: the posting date required, tracking and receipt optional', () => {
    expect(ACTIONS.letter.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['postedOn', 'date', true],
      ['trackingNumber', 'text', false],
      ['receivedOn', 'date', false],
    ]);
    expect(submit('letter', { postedOn: '2026-12-01', trackingNumber: '', receivedOn: '' })).toEqual({
      data: { postedOn: '2026-12-01' },
    });
    expect(
      submit('letter', { postedOn: '2026-12-01', trackingNumber: '1A 234', receivedOn: '2026-12-03' }),
    ).toEqual({ data: { postedOn: '2026-12-01', trackingNumber: '1A 234', receivedOn: '2026-12-03' } });
    expect(submit('letter', { trackingNumber: '1A 234' })).toEqual({ fields: ['postedOn'] });
    expect(submit('letter', { postedOn: 'yesterday' })).toEqual({ fields: ['postedOn'] });
  });

  it('acts on one case, once, for each new action', () => {
    for (const kind of ['approve_handoff', 'decline_handoff', 'call_outcome', 'letter'] as const)
      expect([kind, ACTIONS[kind].scopes, ACTIONS[kind].oneShot]).toEqual([kind, ['invoice'], true]);
  });

  it('has copy in both languages for every field and every value of a choice', () => {
    for (const locale of ['fr', 'en'] as const) {
      const copy = actionMessages(locale).page;
      for (const kind of ACTION_KINDS)
        for (const field of ACTIONS[kind].fields) {
          expect(copy.fields[field.name].label, `${locale} ${field.name}`).toBeTruthy();
          if (field.type === 'choice')
            for (const option of field.options)
              expect(copy.choices[field.name][option], `${locale} ${field.name}=${option}`).toBeTruthy();
        }
    }
  });
});
