import { localDate, toDecimal } from '@relance/domain';
import { renderStatementPdf, statementFileName, type StatementEntry } from '@relance/templates';
import type { Amounts } from '@relance/workflows';
import type { CaseContext, CaseStore } from './case-store';
import type { Draft } from './delivery';
import { invoiceLine } from './grouped-messages';
import { messageBase } from './messages';

type Attachment = NonNullable<Draft['attachments']>[number];

/**
 * The client's statement of account (relevé de compte), for a grouped reminder when the tenant
 * enables it (`statementOfAccount`): every open invoice of the client (`open`), the payments
 * received on them (a client payment split over several invoices is one line naming them all),
 * and the balance. `listed` holds the amounts the message itself states for the invoices it
 * chases, so that the statement and the message agree.
 */
export async function statementAttachment(
  store: CaseStore,
  leadCtx: CaseContext,
  open: CaseContext[],
  listed: Map<string, Amounts>,
): Promise<Attachment> {
  const { locale, creditor, client, timeZone } = messageBase(leadCtx, amountsOf(leadCtx), 'client');
  const asOf = localDate(new Date().toISOString(), leadCtx.payload.client.timezone);
  const numberOf = new Map(open.map((ctx) => [ctx.invoice.id, ctx.payload.number]));
  const payments = new Map<string, StatementEntry & { minor: number }>();
  for (const p of await store.paymentsOf(open)) {
    const key = `${p.paymentId}\u0000${p.currency}`;
    const entry = payments.get(key) ?? {
      date: p.paidAt.toISOString(),
      amount: '',
      minor: 0,
      currency: p.currency,
      ...(p.reference ? { reference: p.reference } : {}),
      invoiceNumbers: [],
    };
    entry.minor += p.amountMinor;
    entry.invoiceNumbers!.push(numberOf.get(p.invoiceId)!);
    payments.set(key, entry);
  }
  const content = await renderStatementPdf({
    locale,
    creditor,
    client,
    asOf,
    timeZone,
    invoices: open.map((ctx) => invoiceLine(ctx, listed.get(ctx.invoice.workflowId) ?? amountsOf(ctx))),
    payments: [...payments.values()].map(({ minor, ...entry }) => ({
      ...entry,
      amount: toDecimal({ currency: entry.currency, minor }),
    })),
  });
  return { filename: statementFileName(locale, asOf), content };
}

/** A case's amounts as its projection last recorded them. */
function amountsOf(ctx: CaseContext): Amounts {
  return { paidMinor: ctx.invoice.paidMinor, balanceMinor: ctx.invoice.balanceMinor };
}
