import { describe, expect, it } from 'vitest';
import { TIMELINE_TYPES } from '../case/record';
import { EVENTS_OF_TIMELINE, subscribesTo, WEBHOOK_EVENT_TYPES, webhookEventsOf } from './events';

describe('webhookEventsOf', () => {
  it('maps the timeline entries the billing system hears about to their events', () => {
    expect(webhookEventsOf('paid')).toEqual(['case.paid']);
    expect(webhookEventsOf('promise_recorded')).toEqual(['case.promised']);
    expect(webhookEventsOf('legal_handoff_sent')).toEqual(['case.handed_off']);
    expect(webhookEventsOf('email_bounced')).toEqual(['email.bounced', 'account.contact_suppressed']);
  });

  it('emits nothing for an entry the table does not list', () => {
    expect(webhookEventsOf('reminder_sent')).toEqual([]);
    expect(webhookEventsOf('email_opened')).toEqual([]);
  });

  it('emits every event type from some timeline type, and only known ones', () => {
    const emitted = new Set(Object.values(EVENTS_OF_TIMELINE).flat());
    expect([...emitted].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of Object.keys(EVENTS_OF_TIMELINE)) expect(TIMELINE_TYPES).toContain(type);
  });
});

describe('subscribesTo', () => {
  it('an endpoint without a list hears every event, one with a list only those', () => {
    expect(subscribesTo(null, 'case.paid')).toBe(true);
    expect(subscribesTo(['case.paid'], 'case.paid')).toBe(true);
    expect(subscribesTo(['case.paid'], 'email.bounced')).toBe(false);
    expect(subscribesTo([], 'case.paid')).toBe(false);
  });
});
