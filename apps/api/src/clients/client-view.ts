import { toDecimal } from '@relance/domain';
import type { BouncedAddress, ClientAccountRow, ContactRow, PlannedAction } from '@relance/persistence';
import type { ClientDetail, ClientSummary } from './schemas';

/** Planned actions that do not write to the client: the creditor's or the lawyer's turn. */
const NOT_A_CONTACT = new Set(['action_required', 'approve_handoff', 'legal_handoff', 'instalment_check']);

/** The earliest planned step of the client's open cases that writes to the client; ties by externalId. */
export function nextContact(planned: readonly PlannedAction[]): ClientSummary['nextContact'] {
  let best: { at: number; action: PlannedAction } | undefined;
  for (const p of planned) {
    const next = p.nextAction;
    if (!next || NOT_A_CONTACT.has(next.action)) continue;
    const at = Date.parse(next.at);
    if (Number.isNaN(at)) continue;
    if (!best || at < best.at || (at === best.at && p.externalId < best.action.externalId))
      best = { at, action: p };
  }
  if (!best) return null;
  const { step, action, at, reason } = best.action.nextAction;
  return { externalId: best.action.externalId, step, action, at, ...(reason ? { reason } : {}) };
}

/** A client account's line: its figures, and its next contact among the planned actions given. */
export function clientSummary(row: ClientAccountRow, planned: readonly PlannedAction[]): ClientSummary {
  return {
    id: row.clientId,
    name: row.name,
    ...(row.company ? { company: row.company } : {}),
    openCases: row.openCases,
    balances: row.balances.map((b) => ({
      currency: b.currency,
      cases: b.cases,
      balance: toDecimal({ currency: b.currency, minor: Number(b.minor) }),
    })),
    oldestDueDate: row.oldestDueDate,
    lastContactAt: row.lastContactAt ? new Date(row.lastContactAt).toISOString() : null,
    nextContact: nextContact(planned.filter((p) => p.clientId === row.clientId)),
  };
}

export function suppressedAddresses(rows: readonly BouncedAddress[]): ClientDetail['suppressedAddresses'] {
  return rows.map((r) => ({
    address: r.address,
    complaint: r.complaint,
    lastAt: new Date(r.lastAt).toISOString(),
    cases: [...r.cases],
  }));
}

export function contactHistory(rows: readonly ContactRow[]): ClientDetail['contactHistory'] {
  return rows.map((r) => ({
    emailId: r.emailId,
    sentAt: r.sentAt ? new Date(r.sentAt).toISOString() : null,
    template: r.template,
    subject: r.subject,
    to: [...r.recipients],
    status: r.status,
    invoices: r.cases.map((c) => ({ externalId: c.externalId, step: c.step })),
  }));
}
