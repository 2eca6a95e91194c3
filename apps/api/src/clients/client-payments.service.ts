import { Inject, Injectable } from '@nestjs/common';
import {
  allocatePayment,
  isTerminal,
  parseMoney,
  paymentIssues,
  toDecimal,
  type CaseStatus,
} from '@relance/domain';
import {
  ClientAccounts,
  ClientPayments,
  InvoiceEntity,
  TenantEntity,
  type ClientPayment,
} from '@relance/persistence';
import type { PaymentInput } from '@relance/workflows';
import { CaseCommandsService } from '../cases/case-commands.service';
import { CasesService } from '../cases/cases.service';
import { fieldPath, invalid, Problem, unavailable } from '../common/problem';
import { ACCOUNT_CONCURRENCY, mapLimit } from './each-case';
import type { ClientPaymentResult, PaymentOutcome } from './schemas';

/** A payment that names a client and no invoice, from the REST route or the payment webhook. */
export interface ClientPaymentInput {
  id: string;
  amount: string;
  paidAt: string;
  currency?: string;
  reference?: string;
}

/** What a client payment goes to, checked before anything is written. */
export interface ClientPaymentPlan {
  tenant: TenantEntity;
  clientId: string;
  payment: ClientPaymentInput;
  currency: string;
  amountMinor: number;
  /** Open cases in the currency, or the client's last closed case (recorded there, alerted). */
  targets: InvoiceEntity[];
  /** The split this payment id was given the first time it was received: kept as it was. */
  stored?: ClientPayment;
}

/**
 * docs/architecture.md "Client accounts": a payment naming the client is allocated to its open
 * invoices, those its reference names first, then oldest due date first (`allocatePayment`);
 * each case receives its part as a payment of its own, with the payment id (each case counts it
 * once); a surplus goes to the last case, which records it as overpaid. The split is stored the
 * first time (`client_payments`) and reused by every redelivery, so no part is applied twice nor
 * moved to another case when the balances changed in between.
 */
@Injectable()
export class ClientPaymentSplitter {
  constructor(
    @Inject(ClientAccounts) private readonly accounts: ClientAccounts,
    @Inject(ClientPayments) private readonly splits: ClientPayments,
  ) {}

  /** The checks, in the API's order (404 client, then 422 fields); `at` prefixes field paths (`data` for a webhook). */
  async plan(
    tenant: TenantEntity,
    clientId: string,
    payment: ClientPaymentInput,
    at: string[] = [],
  ): Promise<ClientPaymentPlan> {
    const path = (...p: string[]) => fieldPath([...at, ...p]);
    const refuse = (field: string, message: string) => invalid([{ path: path(field), message }]);
    const stored = await this.splits.byId(tenant.id, payment.id);
    if (stored) return this.samePayment(tenant, clientId, payment, stored, at);

    const open = await this.accounts.openCases(tenant.id, clientId);
    const closed = open.length === 0 ? await this.accounts.lastClosedCase(tenant.id, clientId) : null;
    if (open.length === 0 && !closed)
      throw new Problem(404, 'Not found', `no client ${clientId}`, [
        { path: path('clientId'), message: 'unknown client' },
      ]);
    const currencies = [...new Set(open.map((c) => c.currency.trim()))].sort();
    const currency = payment.currency ?? (open.length === 0 ? closed!.currency.trim() : currencies[0]!);
    if (payment.currency === undefined && currencies.length > 1)
      throw refuse('currency', `required: the client's open invoices are in ${currencies.join(', ')}`);
    const issues = paymentIssues({ amount: payment.amount }, currency);
    if (issues.length > 0) throw invalid(issues.map((i) => ({ path: path(...i.path), message: i.message })));

    const inCurrency = open.filter((c) => c.currency.trim() === currency);
    let targets = inCurrency.filter((c) => c.workflowStartedAt);
    if (targets.length === 0 && inCurrency.length > 0)
      throw unavailable(
        `the cases of client ${clientId} in ${currency} are not started yet; retry later`,
        30,
      );
    if (targets.length === 0) {
      // No open invoice in this currency: money is never dropped, the last closed one records it.
      const last = await this.accounts.lastClosedCase(tenant.id, clientId, currency);
      if (!last) throw refuse('currency', `the client has no invoice in ${currency}`);
      targets = [last];
    }
    return {
      tenant,
      clientId,
      payment,
      currency,
      amountMinor: parseMoney(payment.amount, currency).minor,
      targets,
    };
  }

  /** The split to hand to the cases: the stored one, or this plan's, stored unless another was first. */
  async commit(plan: ClientPaymentPlan): Promise<ClientPayment> {
    if (plan.stored) return plan.stored;
    const byId = new Map(plan.targets.map((t) => [t.id, t]));
    const parts = allocatePayment(
      plan.amountMinor,
      plan.targets.map((t) => ({
        key: t.id,
        number: t.number,
        externalId: t.externalId,
        dueDate: t.dueDate,
        balanceMinor: isTerminal(t.status) ? 0 : t.balanceMinor,
      })),
      plan.payment.reference,
    );
    return this.splits.keepFirst({
      tenantId: plan.tenant.id,
      paymentId: plan.payment.id,
      clientId: plan.clientId,
      currency: plan.currency,
      amountMinor: plan.amountMinor,
      paidAt: new Date(plan.payment.paidAt),
      reference: plan.payment.reference ?? null,
      parts: parts.map((p) => ({
        invoiceId: p.key,
        externalId: byId.get(p.key)!.externalId,
        amountMinor: p.amountMinor,
        surplusMinor: p.surplusMinor,
      })),
    });
  }

  /** A payment id received before: the same payment again (its split is kept), or a conflict. */
  private samePayment(
    tenant: TenantEntity,
    clientId: string,
    payment: ClientPaymentInput,
    stored: ClientPayment,
    at: string[],
  ): ClientPaymentPlan {
    let minor: number | undefined;
    try {
      minor = parseMoney(payment.amount, stored.currency).minor;
    } catch {
      minor = undefined;
    }
    const same =
      stored.clientId === clientId &&
      (payment.currency === undefined || payment.currency === stored.currency) &&
      minor === stored.amountMinor;
    if (!same)
      throw new Problem(
        409,
        'Conflict',
        `payment ${payment.id} was already received for client ${stored.clientId} (${toDecimal({ currency: stored.currency, minor: stored.amountMinor })} ${stored.currency}): a payment id names one payment`,
        [{ path: fieldPath([...at, 'id']), message: 'already used for another payment' }],
      );
    return {
      tenant,
      clientId,
      payment,
      currency: stored.currency,
      amountMinor: stored.amountMinor,
      targets: [],
      stored,
    };
  }
}

/** `POST /v1/clients/{clientId}/payments`: the split, each part through the case's payment Update. */
@Injectable()
export class ClientPaymentsService {
  constructor(
    private readonly splitter: ClientPaymentSplitter,
    private readonly commands: CaseCommandsService,
    private readonly cases: CasesService,
  ) {}

  async record(
    tenant: TenantEntity,
    clientId: string,
    payment: ClientPaymentInput,
  ): Promise<ClientPaymentResult> {
    const split = await this.splitter.commit(await this.splitter.plan(tenant, clientId, payment));
    const { currency } = split;
    const money = (minor: number) => toDecimal({ currency, minor });
    const parts = await mapLimit(split.parts, ACCOUNT_CONCURRENCY, async (part) => {
      const input: PaymentInput = {
        id: payment.id,
        amount: money(part.amountMinor),
        paidAt: payment.paidAt,
        currency,
        ...(payment.reference ? { reference: payment.reference } : {}),
      };
      const answer = await this.applyPart(tenant, part.externalId, input);
      const invoice = await this.cases.find(tenant, part.externalId);
      return {
        externalId: part.externalId,
        number: invoice.number,
        amount: money(part.amountMinor),
        ...(part.surplusMinor > 0 ? { surplus: money(part.surplusMinor) } : {}),
        outcome: answer.outcome,
        status: answer.status ?? invoice.status,
        balance: answer.balance ?? money(invoice.balanceMinor),
        ...(answer.detail ? { detail: answer.detail } : {}),
      };
    });
    const result: ClientPaymentResult = {
      clientId,
      paymentId: payment.id,
      currency,
      amount: money(split.amountMinor),
      parts,
    };
    const unreachable = parts.filter((p) => p.outcome === 'unreachable').length;
    if (unreachable > 0)
      throw new Problem(
        503,
        'Service unavailable',
        `${unreachable} of ${parts.length} case(s) could not be reached; the others have their part: repeat the same request`,
        undefined,
        { ...result },
        { 'Retry-After': '5' },
      );
    if (parts.every((p) => p.outcome === 'case_closed'))
      throw new Problem(
        409,
        'Case closed',
        `the cases of client ${clientId} are closed: payment ${payment.id} was recorded on their timeline, not applied, and the creditor was alerted to refund or apply it`,
        undefined,
        { ...result, paymentRecorded: true, paymentId: payment.id },
      );
    return result;
  }

  /** One case's part through the per-invoice payment command, its problem as the part's outcome. */
  private async applyPart(
    tenant: TenantEntity,
    externalId: string,
    input: PaymentInput,
  ): Promise<{ outcome: PaymentOutcome; status?: CaseStatus; balance?: string; detail?: string }> {
    try {
      const view = await this.commands.recordPayment(tenant, externalId, input);
      return { outcome: 'applied', status: view.status, balance: view.balance };
    } catch (err) {
      if (!(err instanceof Problem)) throw err;
      const status = err.extra.caseStatus as CaseStatus | undefined;
      const detail = err.detail ?? err.title;
      if (err.getStatus() === 503) return { outcome: 'unreachable', detail };
      if (err.extra.paymentRecorded === true) return { outcome: 'case_closed', status, detail };
      if (err.getStatus() === 409 || err.getStatus() === 422) return { outcome: 'refused', status, detail };
      throw err;
    }
  }
}
