import { sampleInvoice } from '@relance/domain/dist/testing';
import type { InvoiceEntity } from '@relance/persistence';
import type { CaseState } from '@relance/workflows';
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
    caseExtra: null,
    payload: sampleInvoice(),
    payloadHash: 'h',
    workflowStartedAt: NOW,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const view = (i: InvoiceEntity, live?: CaseState) => caseView(i, [], 'FR', NOW, live);

describe('caseView', () => {
  it('shows no overpaid, pausedReason or actionRequired for a plain open case', () => {
    const v = view(invoice());
    expect(v).not.toHaveProperty('overpaid');
    expect(v).not.toHaveProperty('pausedReason');
    expect(v).not.toHaveProperty('actionRequired');
    expect(CaseViewSchema.safeParse(v).success).toBe(true);
  });

  it('reads the surplus, the hold reason and the waiting step from the projection (case_extra)', () => {
    const v = view(
      invoice({
        status: 'paused',
        caseExtra: {
          overpaidMinor: 4_000,
          pausedReason: 'action_required',
          actionRequired: { step: 'reminder_2', reason: 'the provider refused the sender domain' },
        },
        nextAction: {
          step: 'reminder_2',
          action: 'action_required',
          at: '2026-12-02T10:00:00Z',
          reason: 'the provider refused the sender domain',
        },
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

  it('derives the surplus from paid beyond the total until a sync has written case_extra', () => {
    const paid = invoice({ status: 'paid', paidMinor: 124_000, balanceMinor: 0 });
    expect(view(paid).overpaid).toBe('40.00');
    expect(view(invoice({ status: 'paid', paidMinor: 120_000, balanceMinor: 0 }))).not.toHaveProperty(
      'overpaid',
    );
    // The projection's figure wins: it is the workflow's own count.
    expect(view({ ...paid, caseExtra: { overpaidMinor: 1 } }).overpaid).toBe('0.01');
  });

  it("takes the fields from the workflow's live state after an Update", () => {
    const live: CaseState = {
      status: 'paid',
      stage: 'reminder_1',
      paid: '1240.00',
      balance: '0.00',
      nextAction: null,
      overpaid: '40.00',
    } as CaseState;
    const v = view(invoice(), live);
    expect(v).toMatchObject({ status: 'paid', paid: '1240.00', balance: '0.00', overpaid: '40.00' });
    const paused = view(invoice(), {
      ...live,
      status: 'paused',
      paid: '0.00',
      balance: '1200.00',
      overpaid: undefined,
      pausedReason: 'client_reply',
    } as CaseState);
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'client_reply' });
    expect(paused).not.toHaveProperty('overpaid');
  });
});

describe('caseSummary', () => {
  it('lists the same extra fields as the view', () => {
    const s = caseSummary(
      invoice({ caseExtra: { actionRequired: { step: 'legal_handoff', reason: 'no legal contact' } } }),
      NOW,
    );
    expect(s.actionRequired).toEqual({ step: 'legal_handoff', reason: 'no legal contact' });
  });
});
