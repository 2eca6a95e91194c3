import { sumAmounts, totalsByCurrency } from '../format';
import { letterMessages, type LetterMessages } from '../messages/documents';
import type { GroupedLegalDossier, InvoiceFacts, LegalDossier, PenaltyView } from '../types';
import { isProvisional } from './penalty-table';

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
  const { invoice } = dossier;
  const t = letterMessages(dossier.locale ?? 'fr');
  const { amounts, penalties } = amountsOf(invoice, dossier.penalties, t);
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
    amounts,
    penalties,
    formalNotice: dossier.formalNotice ?? null,
    letters: dossier.letters ?? [],
    creditNotes: dossier.creditNotes ?? [],
    timeline: chronological(dossier.timeline),
    replies: chronological(dossier.replies, (r) => r.receivedAt),
    messages: chronological(dossier.messages),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The file for several cases of the client handed off together (`version` 2): each case with its
 * invoice, amounts, penalties, formal notice and timeline; the totals per currency; the replies and
 * messages of the account once. About one case, it is `buildDossierJson`'s (`version` 1).
 */
export function buildGroupedDossierJson(dossier: GroupedLegalDossier): string {
  const { cases, ...common } = dossier;
  const [first, ...more] = cases;
  if (!first) throw new Error('a dossier needs at least one case');
  if (!more.length) return buildDossierJson({ ...common, ...first });
  const t = letterMessages(dossier.locale ?? 'fr');
  const claims = cases.map((c) => ({ ...c, ...amountsOf(c.invoice, c.penalties, t) }));
  const amounts = claims.map((c) => c.amounts);
  const totals = totalsByCurrency(amounts, (a) => a.totalDue).map(({ currency, amount }) => {
    const of = amounts.filter((a) => a.currency === currency);
    const sum = (pick: (a: (typeof amounts)[number]) => string) => sumAmounts(currency, ...of.map(pick));
    const provisional = of.some((a) => a.provisional);
    return {
      currency,
      invoices: of.length,
      principal: sum((a) => a.principal),
      interest: sum((a) => a.interest),
      fixedFee: sum((a) => a.fixedFee),
      penalties: sum((a) => a.penalties),
      totalDue: amount,
      provisional,
      ...(provisional ? { totalDueNote: t.totalDueProvisional } : {}),
    };
  });
  const document = {
    format: 'relance.legal-dossier',
    version: 2,
    generatedAt: dossier.generatedAt,
    locale: dossier.locale ?? 'fr',
    jurisdiction: dossier.jurisdiction,
    clientType: dossier.clientType ?? null,
    creditor: dossier.creditor,
    debtor: dossier.client,
    cases: claims.map((c) => ({
      invoice: c.invoice,
      amounts: c.amounts,
      penalties: c.penalties,
      formalNotice: c.formalNotice ?? null,
      timeline: chronological(c.timeline),
    })),
    totals,
    replies: chronological(dossier.replies, (r) => r.receivedAt),
    messages: chronological(dossier.messages),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** One case's amounts and penalty breakdown as the JSON states them. */
function amountsOf(invoice: InvoiceFacts, view: PenaltyView, t: LetterMessages) {
  // A provisional line keeps its flag for tools and gets the mention the PDF prints, for readers.
  const provisional = isProvisional(view);
  const periods = view.periods.map((p) => ({
    ...p,
    provisional: p.provisional === true,
    ...(p.provisional ? { rateNote: t.provisionalRate } : {}),
  }));
  return {
    amounts: {
      currency: invoice.currency,
      principal: invoice.balance,
      interest: view.interest,
      fixedFee: view.fixedFee,
      penalties: view.total,
      totalDue: sumAmounts(invoice.currency, invoice.balance, view.total),
      asOf: view.asOf,
      provisional,
      ...(provisional ? { totalDueNote: t.totalDueProvisional } : {}),
    },
    penalties: { ...view, provisional, periods },
  };
}
