import { Inject, Injectable, Logger } from '@nestjs/common';
import { isTerminal, paymentIssues, type CaseStatus } from '@relance/domain';
import { InvoiceEntity, Payments, TenantEntity } from '@relance/persistence';
import {
  ApplicationFailure,
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type UpdateDefinition,
} from '@temporalio/client';
import {
  cancelUpdate,
  caseStateQuery,
  cutReplyText,
  disputeUpdate,
  INVALID_TRANSITION,
  pauseUpdate,
  paymentPlanUpdate,
  promiseUpdate,
  recordPaymentUpdate,
  replyUpdate,
  resumeUpdate,
  VALIDATION_FAILED,
  type CaseState,
  type PaymentInput,
  type PaymentPlanInput,
  type PromiseInput,
  type ReplyInput,
} from '@relance/workflows';
import { fieldPath, invalid, Problem } from '../common/problem';
import { TEMPORAL_CLIENT, withTemporalDeadline } from '../infra/infra.module';
import { CasesService } from './cases.service';
import { ClosedCasePayments } from './closed-case-payments';
import type { CaseView } from './schemas';

type Issue = { path: (string | number)[]; message: string };

/**
 * Changes to a live case, each through a workflow Update: the workflow's validator decides
 * (422 for bad input, 409 for a move the case's status forbids), and the answer is the new state.
 */
@Injectable()
export class CaseCommandsService {
  private readonly logger = new Logger(CaseCommandsService.name);

  constructor(
    @Inject(Payments) private readonly payments: Payments,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly cases: CasesService,
    private readonly closedPayments: ClosedCasePayments,
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
   * SPEC §3.2: money for a closed case is never dropped. It is recorded (not applied) and the
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
    if (isTerminal(current.status)) return { invoice: current, status: current.status };
    try {
      const handle = this.temporal.workflow.getHandle(invoice.workflowId);
      const live = await withTemporalDeadline(this.temporal, () => handle.query(caseStateQuery));
      return isTerminal(live.status) ? { invoice: current, status: live.status } : undefined;
    } catch {
      return undefined;
    }
  }

  /** A reply from the billing system (authenticated, so verified); its text cut before the case sees it. */
  async reply(
    tenant: TenantEntity,
    externalId: string,
    reply: Pick<ReplyInput, 'id' | 'from' | 'receivedAt' | 'text'>,
  ): Promise<CaseView> {
    const cut = cutReplyText(reply.text);
    const input: ReplyInput = {
      id: reply.id,
      from: reply.from,
      receivedAt: reply.receivedAt,
      text: cut.text,
      ...(cut.originalLength !== undefined ? { originalLength: cut.originalLength } : {}),
    };
    return this.update(
      tenant,
      await this.cases.find(tenant, externalId),
      replyUpdate,
      [input],
      `reply:${reply.id}`,
    );
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
    if (isTerminal(invoice.status)) throw this.closed(invoice);
    try {
      const handle = this.temporal.workflow.getHandle(invoice.workflowId);
      // The SDK's overloads cannot be picked for a generic argument list.
      const execute = handle.executeUpdate.bind(handle) as (
        d: typeof def,
        o: { args: Args; updateId?: string },
      ) => Promise<CaseState>;
      // Its handler has written the case record by the time it answers: the view reads it.
      await withTemporalDeadline(
        this.temporal,
        () => execute(def, { args, ...(updateId ? { updateId } : {}) }),
        15_000,
      );
    } catch (err) {
      throw await this.translate(tenant, invoice, err);
    }
    return this.cases.view(tenant, invoice.externalId);
  }

  private closed(invoice: InvoiceEntity): Problem {
    return new Problem(
      409,
      'Conflict',
      `the case of ${invoice.externalId} is closed (${invoice.status}): it takes no more changes`,
      undefined,
      { caseStatus: invoice.status },
    );
  }

  private async translate(tenant: TenantEntity, invoice: InvoiceEntity, err: unknown): Promise<Problem> {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const failure = err.cause;
      if (failure.type === VALIDATION_FAILED) {
        const issues = (failure.details?.[0] as Issue[] | undefined) ?? [];
        const errors = issues.map((i) => ({ path: fieldPath(i.path), message: i.message }));
        return invalid(errors.length ? errors : [{ path: '(body)', message: failure.message }]);
      }
      if (failure.type === INVALID_TRANSITION) {
        return new Problem(409, 'Conflict', failure.message, undefined, {
          caseStatus: (await this.reload(tenant, invoice)).status,
        });
      }
    }
    if (err instanceof WorkflowNotFoundError) return this.closed(await this.reload(tenant, invoice));
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      return new Problem(
        503,
        'Service unavailable',
        'the case did not answer in time; repeat the same request',
        undefined,
        {},
        { 'Retry-After': '5' },
      );
    }
    this.logger.warn({ err, workflowId: invoice.workflowId }, 'case update failed');
    return new Problem(
      503,
      'Service unavailable',
      'the case could not be reached; repeat the same request',
      undefined,
      {},
      { 'Retry-After': '5' },
    );
  }

  private async reload(tenant: TenantEntity, invoice: InvoiceEntity): Promise<InvoiceEntity> {
    return this.cases.find(tenant, invoice.externalId);
  }
}
