import { describe, expect, it } from 'vitest';
import type { CaseContext } from './case-store';
import { creditorAlert } from './messages';

describe('creditorAlert: a hand-off waiting for approval', () => {
  const ctx = (legalContact?: { name: string; email: string }) =>
    ({
      settings: { legalContact },
      payload: { externalId: 'INV-7', currency: 'EUR' },
    }) as unknown as CaseContext;

  it('names the legal contact and the invoice, with the amounts in the invoice currency', () => {
    const alert = creditorAlert(ctx({ name: 'Maître Durand', email: 'cabinet@durand.example' }), {
      kind: 'handoff_approval',
      step: 'legal_handoff',
      penaltiesMinor: 5278,
      claimedMinor: 125278,
      formalNotice: { sentOn: '2026-11-16', deadline: '2026-11-24' },
      reminder: true,
    });
    expect(alert).toEqual({
      kind: 'handoff_approval',
      step: 'legal_handoff',
      externalId: 'INV-7',
      lawyer: 'Maître Durand',
      penalties: '52.78',
      totalClaimed: '1252.78',
      formalNotice: { sentOn: '2026-11-16', deadline: '2026-11-24' },
      reminder: true,
    });
  });

  it('without a legal contact or penalties, says so by leaving them out', () => {
    expect(creditorAlert(ctx(), { kind: 'handoff_approval', step: 'legal_handoff' })).toEqual({
      kind: 'handoff_approval',
      step: 'legal_handoff',
      externalId: 'INV-7',
      lawyer: '',
    });
  });
});
