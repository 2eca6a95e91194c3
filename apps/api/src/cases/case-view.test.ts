import type { CaseRecord } from '@relance/domain';
import { sampleInvoice } from '@relance/domain/testing';
import type { InvoiceEntity, TimelineEventEntity } from '@relance/persistence';
import { describe, expect, it } from 'vitest';
import { caseSummary, caseView } from './case-view';
import { CaseViewSchema } from './schemas';

const NOW = new Date('2026-12-02T10:00:00Z');

function invoice(overrides: Partial<InvoiceEntity> = {}): InvoiceEntity {
  return {
    id: '6f1c2b1e-0000-4000-8000-000000000001',
    tenantId: '6f1c2b1e-0000-4000-8000-0000000000aa',
    externalId: 'INV-1',
    number: 'F-1',
    workflowId: 'dunning:default:INV-1',
    clientId: 'C-17',
    currency: 'EUR',
    totalMinor: 120_000,
    paidMinor: 0,
    balanceMinor: 120_000,
    issueDate: '2026-10-01',
    dueDate: '2026-11-01',
    status: 'overdue',
    stage: 'reminder_1',
    projectionVersion: 3,
    nextAction: null,
    caseRecord: null,
    payload: sampleInvoice(),
    payloadHash: 'h',
    replyToken: '0'.repeat(40),
    legacyReplyUntil: null,
    workflowStartedAt: NOW,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const view = (i: InvoiceEntity, timeline: TimelineEventEntity[] = []) => caseView(i, timeline, 'FR', NOW);

/** The record the worker writes, for the invoice above unless `fields` say otherwise. */
function record(fields: Partial<CaseRecord> = {}): CaseRecord {
  return {
    status: 'overdue',
    stage: 'reminder_1',
    paid: '0.00',
    balance: '1200.00',
    nextAction: null,
    ...fields,
  };
}

describe('caseView', () => {
  it('shows no overpaid, pausedReason or actionRequired for a plain open case', () => {
    for (const caseRecord of [null, record()]) {
      const v = view(invoice({ caseRecord }));
      expect(v).not.toHaveProperty('overpaid');
      expect(v).not.toHaveProperty('pausedReason');
      expect(v).not.toHaveProperty('actionRequired');
      expect(v).not.toHaveProperty('promise');
      expect(v).not.toHaveProperty('plan');
      expect(v).not.toHaveProperty('formalNotice');
      expect(CaseViewSchema.safeParse(v).success).toBe(true);
    }
  });

  it('reads the surplus, the hold reason and the waiting step from the case record', () => {
    const nextAction = {
      step: 'reminder_2',
      action: 'action_required',
      at: '2026-12-02T10:00:00Z',
      reason: 'the provider refused the sender domain',
    };
    const v = view(
      invoice({
        status: 'paused',
        nextAction,
        caseRecord: record({
          status: 'paused',
          nextAction,
          overpaid: '40.00',
          pausedReason: 'action_required',
          actionRequired: { step: 'reminder_2', reason: 'the provider refused the sender domain' },
        }),
      }),
    );
    expect(v).toMatchObject({
      overpaid: '40.00',
      pausedReason: 'action_required',
      actionRequired: { step: 'reminder_2', reason: 'the provider refused the sender domain' },
      nextAction: { action: 'action_required', reason: 'the provider refused the sender domain' },
    });
    expect(CaseViewSchema.safeParse(v).success).toBe(true);
  });

  it('shows the promise, the plan with its paid amount and the formal notice as the record holds them', () => {
    const plan = {
      instalments: [
        { dueDate: '2026-12-10', amount: '600.00' },
        { dueDate: '2027-01-10', amount: '600.00' },
      ],
      paid: '250.00',
    };
    const formalNotice = { sentOn: '2026-11-20', deadline: '2026-11-28' };
    const v = view(
      invoice({
        status: 'payment_plan',
        paidMinor: 25_000,
        balanceMinor: 95_000,
        caseRecord: record({ status: 'payment_plan', paid: '250.00', balance: '950.00', plan, formalNotice }),
      }),
    );
    expect(v).toMatchObject({ status: 'payment_plan', paid: '250.00', plan, formalNotice });
    expect(v).not.toHaveProperty('promise');
    expect(CaseViewSchema.safeParse(v).success).toBe(true);
    const promised = view(
      invoice({
        status: 'promised',
        caseRecord: record({ status: 'promised', promise: { date: '2026-12-15', note: 'virement' } }),
      }),
    );
    expect(promised.promise).toEqual({ date: '2026-12-15', note: 'virement' });
  });

  it('takes nothing from the timeline: an entry the record does not hold shows no arrangement', () => {
    const entry = (type: string, data: Record<string, unknown>): TimelineEventEntity => ({
      id: `${type}-1`,
      tenantId: 't',
      invoiceId: 'i',
      at: NOW,
      recordedAt: NOW,
      type,
      step: null,
      data,
    });
    const v = view(invoice({ status: 'promised', caseRecord: record({ status: 'promised' }) }), [
      entry('promise_recorded', { date: '2026-12-15' }),
      entry('formal_notice_sent', { deadline: '2026-11-28' }),
    ]);
    expect(v).not.toHaveProperty('promise');
    expect(v).not.toHaveProperty('formalNotice');
    expect(v.timeline.map((t) => t.type)).toEqual(['promise_recorded', 'formal_notice_sent']);
  });

  it('counts interest from the date of the formal notice in the record (consumers)', () => {
    const consumer = (caseRecord: CaseRecord) =>
      invoice({
        caseRecord,
        payload: sampleInvoice({ client: { ...invoice().payload.client, type: 'consumer' } }),
      });
    const before = view(consumer(record()));
    const after = view(consumer(record({ formalNotice: { sentOn: '2026-11-20', deadline: '2026-11-28' } })));
    expect(before.penalties).not.toEqual(after.penalties);
  });
});

describe('caseSummary', () => {
  it('lists the same extra fields as the view', () => {
    const s = caseSummary(
      invoice({
        caseRecord: record({ actionRequired: { step: 'legal_handoff', reason: 'no legal contact' } }),
      }),
      NOW,
    );
    expect(s.actionRequired).toEqual({ step: 'legal_handoff', reason: 'no legal contact' });
  });
});
