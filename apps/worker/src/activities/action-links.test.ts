import { verifyActionLink, type LinkSettings } from '@relance/persistence';
import type { CreditorAlert } from '@relance/templates';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actionsFor } from './action-links';
import type { CaseContext } from './case-store';

const links: LinkSettings = { key: randomBytes(32), publicUrl: 'https://relance.example.com', ttlDays: 30 };
const ctx = {
  tenant: { id: '5b0e2f0a-1c55-4c1e-9a8e-2f1f6f0e9a01' },
  payload: { externalId: 'INV-7', client: { id: 'C-42' } },
} as unknown as CaseContext;
const now = new Date('2026-12-08T09:00:00Z');

const kinds = (alert: CreditorAlert, grouped = false) =>
  actionsFor(alert, { ctx, grouped }, links, now).map((a) => a.kind);

describe('actionsFor', () => {
  it('offers the actions that fit each alert', () => {
    const reply: CreditorAlert = { kind: 'reply', from: 'a@b.example', receivedAt: '2026-12-08', text: 'ok' };
    expect(kinds(reply)).toEqual(['resume', 'promise', 'dispute', 'cancel']);
    expect(kinds({ kind: 'bounce', step: 's', recipient: 'a@b.example' })).toEqual(['client_email']);
    expect(kinds({ kind: 'call_task', step: 's', reason: 'scheduled' })).toEqual([
      'call_outcome',
      'promise',
      'dispute',
    ]);
    expect(kinds({ kind: 'call_task', step: 's', reason: 'email_bounced' })).toEqual([
      'call_outcome',
      'promise',
      'dispute',
      'client_email',
    ]);
    expect(
      kinds({ kind: 'handoff_approval', step: 'legal_handoff', externalId: 'INV-7', lawyer: 'Maître D' }),
    ).toEqual(['approve_handoff', 'decline_handoff']);
    expect(
      kinds({
        kind: 'letter_task',
        step: 'n',
        sentOn: '2026-12-01',
        deadline: '2026-12-09',
        totalDue: '1.00',
      }),
    ).toEqual(['letter', 'client_email']);
    expect(kinds({ kind: 'formal_notice_sent', deadline: '2026-12-16' })).toEqual([
      'promise',
      'dispute',
      'letter',
    ]);
    expect(kinds({ kind: 'action_required', step: 's', reason: 'r', externalId: 'INV-7' })).toEqual([
      'resume',
      'client_email',
    ]);
    expect(kinds({ kind: 'paid', amountPaid: '10.00' })).toEqual([]);
    // About several invoices: only what a client account can do at once.
    expect(kinds(reply, true)).toEqual(['resume']);
    expect(kinds({ kind: 'call_task', step: 's', reason: 'email_bounced' }, true)).toEqual(['client_email']);
  });

  it('signs each link for the tenant, the case or the client account, and its action', () => {
    const [resume] = actionsFor(
      { kind: 'bounce', step: 's', recipient: 'x@y.example' },
      { ctx, grouped: true },
      links,
      now,
    );
    const checked = verifyActionLink(links.key, resume!.url.split('/a/')[1]!, now);
    expect(checked).toMatchObject({
      ok: true,
      claims: { tenantId: ctx.tenant.id, scope: { kind: 'client', id: 'C-42' }, action: 'client_email' },
    });
    const [single] = actionsFor(
      { kind: 'bounce', step: 's', recipient: 'x@y.example' },
      { ctx, grouped: false },
      links,
      now,
    );
    expect(verifyActionLink(links.key, single!.url.split('/a/')[1]!, now)).toMatchObject({
      claims: { scope: { kind: 'invoice', id: 'INV-7' } },
    });
  });

  it('offers none without RELANCE_LINK_KEY', () => {
    expect(
      actionsFor({ kind: 'bounce', step: 's', recipient: 'x@y.example' }, { ctx, grouped: false }, undefined),
    ).toEqual([]);
  });
});
