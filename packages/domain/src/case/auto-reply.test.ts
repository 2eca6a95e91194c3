import { describe, expect, it } from 'vitest';
import { automaticReply } from './auto-reply';

describe('automaticReply', () => {
  it('takes any Auto-Submitted value but "no" (RFC 3834), parameters and case aside', () => {
    expect(automaticReply({ headers: { 'Auto-Submitted': 'auto-replied' } })).toBe(
      'Auto-Submitted: auto-replied',
    );
    expect(automaticReply({ headers: { 'auto-submitted': 'Auto-Generated' } })).toBeDefined();
    expect(
      automaticReply({ headers: { 'AUTO-SUBMITTED': 'auto-replied; owner-email="a@b.example"' } }),
    ).toBeDefined();
    expect(automaticReply({ headers: { 'Auto-Submitted': 'auto-notified' } })).toBeDefined();
    expect(automaticReply({ headers: { 'Auto-Submitted': 'no' } })).toBeUndefined();
    expect(automaticReply({ headers: { 'Auto-Submitted': ' No ; comment' } })).toBeUndefined();
  });

  it('takes X-Autoreply and X-Autorespond unless they say no', () => {
    expect(automaticReply({ headers: { 'X-Autoreply': 'yes' } })).toBe('X-Autoreply: yes');
    expect(automaticReply({ headers: { 'x-autorespond': 'Vacation' } })).toBe('X-Autorespond: Vacation');
    expect(automaticReply({ headers: { 'X-Autoreply': 'no' } })).toBeUndefined();
  });

  it('takes Precedence auto_reply, bulk, junk and list, not first-class', () => {
    for (const p of ['auto_reply', 'bulk', 'junk', 'list', 'Bulk'])
      expect(automaticReply({ headers: { Precedence: p } })).toBe(`Precedence: ${p}`);
    expect(automaticReply({ headers: { Precedence: 'first-class' } })).toBeUndefined();
  });

  it('does not take X-Auto-Response-Suppress alone: people’s Outlook messages carry it too', () => {
    expect(
      automaticReply({ headers: { 'X-Auto-Response-Suppress': 'All' }, subject: 'Re: facture F-1' }),
    ).toBeUndefined();
  });

  it('reads the first value of a repeated header', () => {
    expect(automaticReply({ headers: { 'Auto-Submitted': ['auto-replied', 'no'] } })).toBeDefined();
  });

  it('takes English out-of-office subjects', () => {
    for (const subject of [
      'Out of Office: Reminder: invoice F-1',
      'Out of the office until 4 January',
      'Automatic reply: Reminder: invoice F-1',
      'Auto: Jane Doe is out of the office',
      'Autoreply: invoice F-1',
      'Auto-Reply: invoice F-1',
      '[Auto-Response] invoice F-1',
      'OOO until Monday',
    ])
      expect(automaticReply({ subject }), subject).toBe(`Subject: ${subject}`);
  });

  it('takes French out-of-office subjects, accents and apostrophes as written', () => {
    for (const subject of [
      'Réponse automatique : Relance facture F-1',
      'REPONSE AUTOMATIQUE: Relance facture F-1',
      "Message d'absence",
      'Message d’absence : Relance facture F-1',
      'Absence du 21/12 au 04/01',
      'Absent du bureau',
      'Je suis absent',
      'Je suis absente jusqu’au 4 janvier',
      "Notification d'absence",
    ])
      expect(automaticReply({ subject }), subject).toBe(`Subject: ${subject}`);
  });

  it('leaves replies people write alone, even when they speak of absence', () => {
    for (const subject of [
      'Re: facture F-1',
      'RE: Relance facture F-1',
      'Re: Absence de paiement facture F-1',
      'Automatisation des paiements',
      'Autorisation de prélèvement',
      'Tr: Réponse automatique',
      'Paiement en cours',
      '',
    ])
      expect(automaticReply({ subject, headers: { 'Auto-Submitted': 'no' } }), subject).toBeUndefined();
    expect(automaticReply({})).toBeUndefined();
  });
});
