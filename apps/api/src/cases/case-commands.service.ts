import { Inject, Injectable } from '@nestjs/common';
import { automaticReply, isTerminal, parseMoney, paymentIssues, type CaseStatus } from '@relance/domain';
import { InvoiceEntity, Payments, recordOf, TenantEntity } from '@relance/persistence';
import type { UpdateDefinition } from '@temporalio/client';
import {
  callOutcomeUpdate,
  cancelUpdate,
  caseStateQuery,
  creditNoteUpdate,
  cutReplyText,
  disputeUpdate,
  handoffUpdate,
  dueDateUpdate,
  letterUpdate,
  pauseUpdate,
  paymentPlanUpdate,
  promiseUpdate,
  recordPaymentUpdate,
  replyUpdate,
  resumeUpdate,
  VALIDATION_FAILED,
  type CallOutcomeInput,
  type CaseState,
  type HandoffDecisionInput,
  type CreditNoteInput,
  type DueDateInput,
  type LetterInput,
  type PaymentInput,
  type PaymentPlanInput,
  type PromiseInput,
  type ReplyInput,
} from '@relance/workflows';
import { fieldPath, invalid, Problem } from '../common/problem';
import { AccountSignals } from './account-signals';
import { CaseClosed, CaseRefused, type IfUnreachable } from './case-errors';
import { CaseGateway } from './case-gateway';
import { CasesService } from './cases.service';
import { ClosedCasePayments } from './closed-case-payments';
import type { CaseView } from './schemas';

type Issue = { path: (string | number)[]; message: string };

const UPDATE_UNREACHABLE: IfUnreachable = {
  detail: 'the case could not be reached; repeat the same request',
  noAnswerDetail: 'the case did not answer in time; repeat the same request',
  retryAfterS: 5,
};

/** The reply reached its case; some other case its grouped message listed could not be reached. */
const LISTED_UNREACHABLE: IfUnreachable = {
  detail:
    'the reply was recorded on the case, but not yet on every case its grouped message listed; repeat the same request',
  retryAfterS: 5,
};

/**
 * Changes to a live case, each through a workflow Update: the workflow's validator decides
 * (422 for bad input, 409 for a move the case's status forbids), and the answer is the new state.
 */
@Injectable()
export class CaseCommandsService {
  constructor(
    @Inject(Payments) private readonly payments: Payments,
    private readonly gateway: CaseGateway,
    private readonly cases: CasesService,
    private readonly closedPayments: ClosedCasePayments,
    private readonly account: AccountSignals,
  ) {}

  async recordPayment(tenant: TenantEntity, externalId: string, payment: PaymentInput): Promise<CaseView> {
    const invoice = await this.cases.find(tenant, externalId);
    // Refused here, before the case hears of it; an amount above the balance is the case's to record.
    const issues = paymentIssues(payment, invoice.currency);
    if (issues.length > 0)
      throw invalid(issues.map((i) => ({ path: fieldPath(i.path), message: i.message })));
    try {
      return await this.update(tenant, invoice, recordPaymentUpdate, [payment], `payment:${payment.id}`);
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 409 || !invoice.workflowStartedAt) throw err;
      // A payment already recorded answers with the case, even once the case is closed.
      if (await this.paymentKnown(invoice, payment.id)) return this.cases.view(tenant, externalId);
      const closedAs = await this.closedStatus(tenant, invoice);
      if (!closedAs) throw err;
      throw await this.paymentAfterClose(tenant, closedAs, payment);
    }
  }

  /**
   * docs/architecture.md "What a case reacts to": money for a closed case is never dropped. It is recorded (not applied) and the
   * creditor alerted, and the caller gets a 409 saying so: the case view did not change.
   */
  private async paymentAfterClose(
    tenant: TenantEntity,
    closed: { invoice: InvoiceEntity; status: CaseStatus },
    payment: PaymentInput,
  ): Promise<Problem> {
    const { invoice, status } = closed;
    await this.closedPayments.record(
      tenant,
      invoice,
      status,
      { ...payment, currency: invoice.currency },
      'api',
    );
    return new Problem(
      409,
      'Case closed',
      `the case of ${invoice.externalId} is closed (${status}): payment ${payment.id} was recorded on its timeline, not applied, and the creditor was alerted to refund or apply it`,
      undefined,
      { caseStatus: status, paymentRecorded: true, paymentId: payment.id },
    );
  }

  /** The status the case closed with, from the projection or, while it lags, from the workflow itself. */
  private async closedStatus(
    tenant: TenantEntity,
    invoice: InvoiceEntity,
  ): Promise<{ invoice: InvoiceEntity; status: CaseStatus } | undefined> {
    const current = await this.reload(tenant, invoice);
    const { status } = recordOf(current);
    if (isTerminal(status)) return { invoice: current, status };
    try {
      const live = await this.gateway.query(invoice.workflowId, caseStateQuery, []);
      return isTerminal(live.status) ? { invoice: current, status: live.status } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A reply from the billing system (authenticated, so verified); its text cut before the case sees
   * it. When the case's latest client message listed several invoices, the reply answers that
   * message: every other case it listed gets the same reply (SPEC 3.2a), after this one took it.
   */
  async reply(
    tenant: TenantEntity,
    externalId: string,
    reply: Pick<ReplyInput, 'id' | 'from' | 'receivedAt' | 'text' | 'subject'> & {
      headers?: Record<string, string>;
      automatic?: boolean;
    },
  ): Promise<CaseView> {
    const cut = cutReplyText(reply.text);
    const automatic =
      reply.automatic === undefined
        ? automaticReply(reply)
        : reply.automatic
          ? 'automatic: true (said by the API caller)'
          : undefined;
    const input: ReplyInput = {
      id: reply.id,
      from: reply.from,
      receivedAt: reply.receivedAt,
      text: cut.text,
      ...(cut.originalLength !== undefined ? { originalLength: cut.originalLength } : {}),
      ...(automatic !== undefined
        ? { automatic, ...(reply.subject !== undefined ? { subject: reply.subject } : {}) }
        : {}),
    };
    const invoice = await this.cases.find(tenant, externalId);
    const view = await this.update(tenant, invoice, replyUpdate, [input], `reply:${reply.id}`);
    await this.account.replyToListed(invoice, input, { ifUnreachable: LISTED_UNREACHABLE });
    return view;
  }

  async pause(tenant: TenantEntity, externalId: string, reason: string): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), pauseUpdate, [{ reason }]);
  }

  async resume(tenant: TenantEntity, externalId: string): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), resumeUpdate, []);
  }

  async cancel(tenant: TenantEntity, externalId: string, reason: string): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), cancelUpdate, [{ reason }]);
  }

  async dispute(tenant: TenantEntity, externalId: string, reason: string): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), disputeUpdate, [{ reason }]);
  }

  async promise(tenant: TenantEntity, externalId: string, promise: PromiseInput): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), promiseUpdate, [promise]);
  }

  async paymentPlan(tenant: TenantEntity, externalId: string, plan: PaymentPlanInput): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), paymentPlanUpdate, [plan]);
  }

  /**
   * The creditor's answer to a hand-off waiting for approval (SPEC §3.2b): the API route and the
   * alert's action links both come here. 409 when the case does not wait for one.
   */
  async decideHandoff(
    tenant: TenantEntity,
    externalId: string,
    decision: HandoffDecisionInput,
  ): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), handoffUpdate, [decision]);
  }

  /** A call's outcome; `promised` and `disputed` apply a promise or a dispute as their routes do. */
  async recordCallOutcome(
    tenant: TenantEntity,
    externalId: string,
    call: CallOutcomeInput,
  ): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), callOutcomeUpdate, [call]);
  }

  /**
   * A credit note (avoir): the same id and body again answers with the case, even once the note
   * closed it; the same id with another body is a 409. Above the balance: 422 (the case decides).
   */
  async recordCreditNote(tenant: TenantEntity, externalId: string, note: CreditNoteInput): Promise<CaseView> {
    const invoice = await this.cases.find(tenant, externalId);
    const issues = paymentIssues(note, invoice.currency);
    if (issues.length > 0)
      throw invalid(issues.map((i) => ({ path: fieldPath(i.path), message: i.message })));
    const amountMinor = parseMoney(note.amount, invoice.currency).minor;
    const kept = recordOf(invoice).creditNotes?.find((n) => n.id === note.id);
    if (kept) {
      const same =
        parseMoney(kept.amount, invoice.currency).minor === amountMinor &&
        kept.issuedOn === note.issuedOn &&
        (kept.reason ?? '') === (note.reason ?? '');
      if (same) return this.cases.view(tenant, externalId);
      throw new Problem(
        409,
        'Conflict',
        `credit note ${note.id} was already recorded with another amount, date or reason`,
      );
    }
    // A retry of this very request joins the first; another body under the same id meets the validator.
    const updateId = `credit-note:${note.id}:${amountMinor}:${note.issuedOn}:${note.reason ?? ''}`;
    return this.update(tenant, invoice, creditNoteUpdate, [note], updateId);
  }

  /** A new due date: the schedule is planned again from it; the same date is a no-op. */
  async changeDueDate(tenant: TenantEntity, externalId: string, change: DueDateInput): Promise<CaseView> {
    const invoice = await this.cases.find(tenant, externalId);
    if (change.dueDate < invoice.issueDate)
      throw invalid([{ path: 'dueDate', message: `must not be before the issue date ${invoice.issueDate}` }]);
    return this.update(tenant, invoice, dueDateUpdate, [change]);
  }

  /** A registered letter the creditor posted (action links call this too). */
  async recordLetter(tenant: TenantEntity, externalId: string, letter: LetterInput): Promise<CaseView> {
    return this.update(tenant, await this.cases.find(tenant, externalId), letterUpdate, [letter]);
  }

  private async paymentKnown(invoice: InvoiceEntity, paymentId: string): Promise<boolean> {
    return this.payments.exists(invoice.id, paymentId);
  }

  /** `updateId` makes a retried request join the first one instead of applying twice. */
  private async update<Args extends unknown[]>(
    tenant: TenantEntity,
    invoice: InvoiceEntity,
    def: UpdateDefinition<CaseState, Args>,
    args: Args,
    updateId?: string,
  ): Promise<CaseView> {
    if (!invoice.workflowStartedAt) {
      throw new Problem(
        409,
        'Conflict',
        `the case of ${invoice.externalId} was not started: repeat its registration (POST /v1/invoices) first`,
      );
    }
    if (isTerminal(recordOf(invoice).status)) throw this.closed(invoice);
    try {
      // Its handler has written the case record by the time it answers: the view reads it.
      await this.gateway.update(invoice.workflowId, def, args, {
        deadlineMs: 15_000,
        ifUnreachable: UPDATE_UNREACHABLE,
        ...(updateId ? { updateId } : {}),
      });
    } catch (err) {
      throw await this.translate(tenant, invoice, err);
    }
    return this.cases.view(tenant, invoice.externalId);
  }

  private closed(invoice: InvoiceEntity): Problem {
    const { status } = recordOf(invoice);
    return new Problem(
      409,
      'Conflict',
      `the case of ${invoice.externalId} is closed (${status}): it takes no more changes`,
      undefined,
      { caseStatus: status },
    );
  }

  /** The case's refusal as 422 (bad input) or 409 (not in this status); a closed case as 409. */
  private async translate(tenant: TenantEntity, invoice: InvoiceEntity, err: unknown): Promise<Error> {
    if (err instanceof CaseRefused) {
      if (err.failureType === VALIDATION_FAILED) {
        const issues = (err.details[0] as Issue[] | undefined) ?? [];
        const errors = issues.map((i) => ({ path: fieldPath(i.path), message: i.message }));
        return invalid(errors.length ? errors : [{ path: '(body)', message: err.message }]);
      }
      return new Problem(409, 'Conflict', err.message, undefined, {
        caseStatus: recordOf(await this.reload(tenant, invoice)).status,
      });
    }
    if (err instanceof CaseClosed) return this.closed(await this.reload(tenant, invoice));
    return err as Error; // CaseUnreachable: its 503
  }

  private async reload(tenant: TenantEntity, invoice: InvoiceEntity): Promise<InvoiceEntity> {
    return this.cases.find(tenant, invoice.externalId);
  }
}
