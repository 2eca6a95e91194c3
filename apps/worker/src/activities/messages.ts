import { toDecimal, type PenaltyBreakdown } from '@relance/domain';
import type {
  CreditorAlert,
  Creditor,
  EmailMessage,
  InvoiceFacts,
  MessageBase,
  Party,
  PenaltyView,
  RegisteredLetterFacts,
} from '@relance/templates';
import { recordOf } from '@relance/persistence';
import type { Amounts, ClientEmail, CreditorAlertInput } from '@relance/workflows';
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
    // The due date in force (a PATCH moves the row's), and credit notes apart from payments.
    dueDate: ctx.invoice.dueDate,
    currency: payload.currency,
    total: payload.total,
    paid: money(amounts.paidMinor),
    balance: money(amounts.balanceMinor),
    ...(amounts.creditedMinor ? { credited: money(amounts.creditedMinor) } : {}),
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
      // A breakdown recorded before rates could be provisional has no flag: it was final.
      provisional: x.provisional === true,
    })),
    interest: p.interest,
    fixedFee: p.fixedFee,
    total: p.total,
    asOf: p.asOf,
    provisional: p.provisional === true,
  };
}

/** Resend tag values allow ASCII letters, digits, `_` and `-` only. */
export function tag(name: string, value: string) {
  return { name, value: value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) };
}

/** The client email a step asked for, with amounts in the invoice currency. */
export function clientMessage(ctx: CaseContext, amounts: Amounts, email: ClientEmail): EmailMessage {
  const base = messageBase(ctx, amounts, 'client');
  const money = (minor: number) => toDecimal({ currency: ctx.payload.currency, minor });
  switch (email.template) {
    case 'promise_missed':
      return { ...base, template: 'promise_missed', promisedDate: email.promisedDate };
    case 'instalment_due':
      return {
        ...base,
        template: 'instalment_due',
        instalment: { ...email.instalment, amount: money(email.instalment.amountMinor) },
      };
    case 'payment_confirmation':
      return {
        ...base,
        template: 'payment_confirmation',
        amountPaid: money(email.amountPaidMinor),
        paidAt: email.paidAt,
      };
    default:
      return {
        ...base,
        template: email.template,
        lateFeesFrom: email.lateFeesFrom,
        formalNoticeOn: email.formalNoticeOn,
      };
  }
}

/** A creditor alert as the template shows it: amounts formatted, the client's phone, the case's id. */
export function creditorAlert(ctx: CaseContext, alert: CreditorAlertInput): CreditorAlert {
  const money = (minor: number) => toDecimal({ currency: ctx.payload.currency, minor });
  switch (alert.kind) {
    case 'paid':
      return { kind: 'paid', amountPaid: money(alert.amountPaidMinor) };
    case 'handed_off':
      return { kind: 'handed_off', lawyer: alert.lawyer ?? ctx.settings.legalContact?.name ?? '' };
    case 'call_task':
      return { ...alert, phone: ctx.payload.client.phone };
    case 'overpaid':
      return { kind: 'overpaid', paymentId: alert.paymentId, surplus: money(alert.surplusMinor) };
    case 'payment_after_close':
      return {
        kind: 'payment_after_close',
        paymentId: alert.paymentId,
        amount: money(alert.amountMinor),
        status: alert.status,
      };
    case 'action_required':
      return { ...alert, externalId: ctx.payload.externalId };
    case 'handoff_approval': {
      const { penaltiesMinor, claimedMinor, ...rest } = alert;
      return {
        ...rest,
        externalId: ctx.payload.externalId,
        lawyer: ctx.settings.legalContact?.name ?? '',
        ...(penaltiesMinor !== undefined ? { penalties: money(penaltiesMinor) } : {}),
        ...(claimedMinor !== undefined ? { totalClaimed: money(claimedMinor) } : {}),
      };
    }
    default:
      return alert;
  }
}

/**
 * The registered letter a formal notice may mention: the last one the creditor recorded as posted
 * on or before the notice's date, as the case record held it when the notice was rendered.
 */
export function postedLetter(ctx: CaseContext, sentOn: string): RegisteredLetterFacts | undefined {
  const posted = (recordOf(ctx.invoice).letters ?? []).filter((l) => l.postedOn <= sentOn);
  const last = posted.at(-1);
  return last
    ? { postedOn: last.postedOn, ...(last.trackingNumber ? { trackingNumber: last.trackingNumber } : {}) }
    : undefined;
}
