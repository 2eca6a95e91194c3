import { toDecimal, type PenaltyBreakdown } from '@relance/domain';
import type { Creditor, InvoiceFacts, MessageBase, Party, PenaltyView } from '@relance/templates';
import type { Amounts } from '@relance/workflows';
import type { CaseContext } from './case-store';

/** The facts every message about a case shares, from the stored invoice, tenant and amounts. */
export function messageBase(
  ctx: CaseContext,
  amounts: Amounts,
  audience: 'client' | 'creditor',
): MessageBase {
  const { payload, settings } = ctx;
  const creditor: Creditor = {
    name: settings.company.name,
    address: settings.company.address,
    registrationNumber: settings.company.registrationNumber,
    vatNumber: settings.company.vatNumber,
    email: settings.sender.fromEmail,
    fromName: settings.sender.fromName,
    iban: settings.bank?.iban,
    bic: settings.bank?.bic,
    notifyEmail: settings.notifyEmail,
  };
  const client: Party = {
    name: payload.client.name,
    company: payload.client.company,
    email: payload.client.email,
    phone: payload.client.phone,
  };
  const money = (minor: number) => toDecimal({ currency: payload.currency, minor });
  const invoice: InvoiceFacts = {
    number: payload.number,
    issueDate: payload.issueDate,
    dueDate: payload.dueDate,
    currency: payload.currency,
    total: payload.total,
    paid: money(amounts.paidMinor),
    balance: money(amounts.balanceMinor),
    paymentUrl: paymentUrl(ctx),
  };
  return {
    locale: audience === 'client' ? payload.client.locale : settings.locale,
    creditor,
    client,
    invoice,
    jurisdiction: payload.jurisdiction ?? settings.jurisdiction,
    clientType: payload.client.type,
    timeZone: audience === 'client' ? payload.client.timezone : settings.timezone,
  };
}

export function paymentUrl(ctx: CaseContext): string | undefined {
  if (ctx.payload.paymentUrl) return ctx.payload.paymentUrl;
  const template = ctx.settings.paymentUrlTemplate;
  return template
    ?.replaceAll('{number}', encodeURIComponent(ctx.payload.number))
    .replaceAll('{externalId}', encodeURIComponent(ctx.payload.externalId));
}

export function penaltyView(p: PenaltyBreakdown): PenaltyView {
  return {
    periods: p.periods.map((x) => ({
      from: x.from,
      to: x.to,
      days: x.days,
      ratePercent: x.ratePercent,
      interest: x.interest,
    })),
    interest: p.interest,
    fixedFee: p.fixedFee,
    total: p.total,
    asOf: p.asOf,
  };
}

/** Resend tag values allow ASCII letters, digits, `_` and `-` only. */
export function tag(name: string, value: string) {
  return { name, value: value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) };
}
