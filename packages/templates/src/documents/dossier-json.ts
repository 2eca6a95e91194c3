import { sumAmounts } from '../format';
import { letterMessages } from '../messages/documents';
import type { LegalDossier } from '../types';

/** Oldest first; entries with the same instant keep their order. */
export function chronological<T>(
  items: readonly T[],
  at: (item: T) => string = (i) => (i as { at: string }).at,
): T[] {
  return items
    .map((item, index) => ({ item, index, t: Date.parse(at(item)) }))
    .sort((a, b) => a.t - b.t || a.index - b.index)
    .map((e) => e.item);
}

/**
 * The dossier as JSON for the lawyer's tools: the same content as the PDF, machine-readable,
 * amounts as decimal strings in the invoice currency, lists in chronological order.
 */
export function buildDossierJson(dossier: LegalDossier): string {
  const { invoice, penalties } = dossier;
  const t = letterMessages(dossier.locale ?? 'fr');
  // A provisional line keeps its flag for tools and gets the mention the PDF prints, for readers.
  const provisional = penalties.provisional === true || penalties.periods.some((p) => p.provisional);
  const periods = penalties.periods.map((p) => ({
    ...p,
    provisional: p.provisional === true,
    ...(p.provisional ? { rateNote: t.provisionalRate } : {}),
  }));
  const document = {
    format: 'relance.legal-dossier',
    version: 1,
    generatedAt: dossier.generatedAt,
    locale: dossier.locale ?? 'fr',
    jurisdiction: dossier.jurisdiction,
    clientType: dossier.clientType ?? null,
    creditor: dossier.creditor,
    debtor: dossier.client,
    invoice,
    amounts: {
      currency: invoice.currency,
      principal: invoice.balance,
      interest: penalties.interest,
      fixedFee: penalties.fixedFee,
      penalties: penalties.total,
      totalDue: sumAmounts(invoice.currency, invoice.balance, penalties.total),
      asOf: penalties.asOf,
      provisional,
      ...(provisional ? { totalDueNote: t.totalDueProvisional } : {}),
    },
    penalties: { ...penalties, provisional, periods },
    formalNotice: dossier.formalNotice ?? null,
    timeline: chronological(dossier.timeline),
    replies: chronological(dossier.replies, (r) => r.receivedAt),
    messages: chronological(dossier.messages),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
