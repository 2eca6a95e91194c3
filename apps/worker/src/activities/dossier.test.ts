import type { MessageBase, PenaltyView } from '@relance/templates';
import { describe, expect, it } from 'vitest';
import { dossierOf, type DossierRows } from './dossier';

const base = {
  creditor: { name: 'Studio Dupont' },
  client: { name: 'Acme', email: 'ap@acme.example' },
  invoice: { number: 'F-1' },
  locale: 'fr',
  timeZone: 'Europe/Paris',
  clientType: 'business',
} as unknown as MessageBase;
const penalties = { lines: [] } as unknown as PenaltyView;
const input = {
  base,
  penalties,
  generatedAt: '2026-12-07T10:00:00.000Z',
  clientTimeZone: 'Pacific/Auckland',
};

const email = (fields: Partial<DossierRows['emails'][number]> = {}): DossierRows['emails'][number] => ({
  providerId: 'em-1',
  status: 'delivered',
  sentAt: new Date('2026-11-02T09:00:00Z'),
  createdAt: new Date('2026-11-02T08:59:00Z'),
  step: 'reminder-1',
  recipients: ['ap@acme.example', 'boss@acme.example'],
  subject: 'Rappel',
  text: 'Bonjour',
  ...fields,
});

describe('dossierOf', () => {
  it('gives each timeline entry the delivery status of the message it names', () => {
    const dossier = dossierOf(input, {
      timeline: [
        {
          at: new Date('2026-11-02T09:00:00Z'),
          type: 'reminder_sent',
          step: 'reminder-1',
          data: { emailId: 'em-1' },
        },
        { at: new Date('2026-11-03T09:00:00Z'), type: 'case_paused', step: null, data: {} },
      ],
      emails: [email()],
    });
    expect(dossier.timeline).toEqual([
      {
        at: '2026-11-02T09:00:00.000Z',
        type: 'reminder_sent',
        step: 'reminder-1',
        emailId: 'em-1',
        deliveryStatus: 'delivered',
        data: { emailId: 'em-1' },
      },
      {
        at: '2026-11-03T09:00:00.000Z',
        type: 'case_paused',
        step: undefined,
        emailId: undefined,
        deliveryStatus: undefined,
        data: {},
      },
    ]);
    expect(dossier.messages).toEqual([
      {
        at: '2026-11-02T09:00:00.000Z',
        step: 'reminder-1',
        to: 'ap@acme.example, boss@acme.example',
        subject: 'Rappel',
        text: 'Bonjour',
        emailId: 'em-1',
        status: 'delivered',
      },
    ]);
    expect(dossier).toMatchObject({
      generatedAt: input.generatedAt,
      jurisdiction: 'FR',
      locale: 'fr',
      penalties,
    });
  });

  it('lists the replies, dated as received or else as recorded', () => {
    const dossier = dossierOf(input, {
      timeline: [
        {
          at: new Date('2026-11-04T09:00:00Z'),
          type: 'reply_received',
          step: null,
          data: { from: 'ap@acme.example', text: 'Payé' },
        },
        {
          at: new Date('2026-11-05T09:00:00Z'),
          type: 'reply_received',
          step: null,
          data: { from: 'x@acme.example', receivedAt: '2026-11-05T08:00:00Z', text: 'Ok' },
        },
      ],
      emails: [],
    });
    expect(dossier.replies).toEqual([
      { from: 'ap@acme.example', receivedAt: '2026-11-04T09:00:00.000Z', text: 'Payé' },
      { from: 'x@acme.example', receivedAt: '2026-11-05T08:00:00Z', text: 'Ok' },
    ]);
  });

  it('dates the formal notice by its recorded day, else by the day in the client zone', () => {
    const sentLate = new Date('2026-11-10T20:00:00Z'); // already the 11th in Auckland
    const recorded = dossierOf(input, {
      timeline: [
        {
          at: sentLate,
          type: 'formal_notice_sent',
          step: 'notice',
          data: { sentOn: '2026-11-10', deadline: '2026-11-18' },
        },
      ],
      emails: [],
    });
    expect(recorded.formalNotice).toEqual({ sentOn: '2026-11-10', deadline: '2026-11-18' });
    const derived = dossierOf(input, {
      timeline: [
        { at: sentLate, type: 'formal_notice_sent', step: 'notice', data: { deadline: '2026-11-18' } },
      ],
      emails: [],
    });
    expect(derived.formalNotice).toEqual({ sentOn: '2026-11-11', deadline: '2026-11-18' });
  });

  it('takes the formal notice from the case record when it holds one, as the API shows it', () => {
    const timeline = [
      {
        at: new Date('2026-11-10T20:00:00Z'),
        type: 'formal_notice_sent',
        step: 'notice',
        data: { sentOn: '2026-11-10', deadline: '2026-11-18' },
      },
    ];
    const formalNotice = { sentOn: '2026-11-11', deadline: '2026-11-19' };
    expect(dossierOf(input, { timeline, emails: [], record: { formalNotice } }).formalNotice).toEqual(
      formalNotice,
    );
    // A record without one (written before the record existed): the audit trail's.
    expect(dossierOf(input, { timeline, emails: [], record: {} }).formalNotice).toEqual({
      sentOn: '2026-11-10',
      deadline: '2026-11-18',
    });
  });

  it('counts a letter the creditor sent as the notice when no email notice exists, and none otherwise', () => {
    const now = new Date();
    const letter = dossierOf(input, {
      timeline: [{ at: now, type: 'letter_task_created', step: 'notice', data: { sentOn: '2026-12-07' } }],
      emails: [],
    });
    expect(letter.formalNotice).toEqual({ sentOn: '2026-12-07', deadline: '' });
    expect(dossierOf(input, { timeline: [], emails: [] }).formalNotice).toBeUndefined();
  });

  it('dates a message by its creation when it has no sending time', () => {
    const [message] = dossierOf(input, {
      timeline: [],
      emails: [email({ sentAt: null, step: null, providerId: null })],
    }).messages;
    expect(message).toMatchObject({ at: '2026-11-02T08:59:00.000Z', step: undefined, emailId: undefined });
  });
});
