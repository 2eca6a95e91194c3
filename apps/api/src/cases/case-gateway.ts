import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApplicationFailure,
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type QueryDefinition,
  type SignalDefinition,
  type UpdateDefinition,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { INVALID_TRANSITION, VALIDATION_FAILED } from '@relance/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CaseClosed, CaseRefused, CaseUnreachable, REPEAT_REQUEST, type IfUnreachable } from './case-errors';

/** How long a call may take before the request answers 503: a request never hangs on Temporal. */
export const DEFAULT_DEADLINE_MS = 10_000;

export interface CallOptions {
  /** What a 503 tells the caller to do (default: repeat the same request, Retry-After 5). */
  ifUnreachable?: IfUnreachable;
  deadlineMs?: number;
  /**
   * Settle at the deadline whatever the SDK is doing: its gRPC retry backoff sleeps past a call's
   * deadline (up to ~0.8 s), and the abort also cancels the call in flight. For callers whose own
   * sender times out within seconds (the payment webhook).
   */
  abortAtDeadline?: boolean;
}

/** The failure types of the case's update validators and handlers: its answer, not a fault. */
const REFUSALS: readonly string[] = [VALIDATION_FAILED, INVALID_TRANSITION];

/**
 * Every Temporal call of the API goes through here (after dust's temporal/client.ts): each under a
 * deadline, and its failures translated once: "no such workflow / already completed" is
 * `CaseClosed`, a refused update `CaseRefused`, anything else `CaseUnreachable` (a 503 the caller
 * repeats: every call the API makes is idempotent).
 */
@Injectable()
export class CaseGateway {
  private readonly logger = new Logger(CaseGateway.name);

  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  /** Starts a workflow; `already_started` when its id is taken (the start was done before). */
  async start(
    workflowType: string,
    options: WorkflowStartOptions & { workflowId: string },
    call: CallOptions = {},
  ): Promise<'started' | 'already_started'> {
    try {
      await this.within(call, () => this.temporal.workflow.start(workflowType, options));
      return 'started';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already_started';
      throw this.unreachable('start', options.workflowId, err, call);
    }
  }

  async signal<Args extends unknown[]>(
    workflowId: string,
    def: SignalDefinition<Args>,
    args: Args,
    call: CallOptions = {},
  ): Promise<void> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      await this.within(call, () => handle.signal(def, ...args));
    } catch (err) {
      throw this.translate('signal', workflowId, err, call);
    }
  }

  /** Runs an update to completion; `updateId` makes a repeated request join the first one. */
  async update<Ret, Args extends unknown[]>(
    workflowId: string,
    def: UpdateDefinition<Ret, Args>,
    args: Args,
    call: CallOptions & { updateId?: string } = {},
  ): Promise<Ret> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    // The SDK's overloads cannot be picked for a generic argument list.
    const execute = handle.executeUpdate.bind(handle) as (
      d: typeof def,
      o: { args: Args; updateId?: string },
    ) => Promise<Ret>;
    try {
      return await this.within(call, () =>
        execute(def, { args, ...(call.updateId ? { updateId: call.updateId } : {}) }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const failure = err.cause;
        if (failure.type && REFUSALS.includes(failure.type))
          throw new CaseRefused(workflowId, failure.type, failure.message, failure.details ?? []);
      }
      throw this.translate('update', workflowId, err, call);
    }
  }

  async query<Ret, Args extends unknown[]>(
    workflowId: string,
    def: QueryDefinition<Ret, Args>,
    args: Args,
    call: CallOptions = {},
  ): Promise<Ret> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      return await this.within(call, () => handle.query(def, ...args));
    } catch (err) {
      throw this.translate('query', workflowId, err, call);
    }
  }

  private within<T>(call: CallOptions, fn: () => Promise<T>): Promise<T> {
    const ms = call.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const connection = this.temporal.connection;
    if (!call.abortAtDeadline) return connection.withDeadline(Date.now() + ms, fn);
    const abort = AbortSignal.timeout(ms);
    return connection.withDeadline(Date.now() + ms, () =>
      connection.withAbortSignal(abort, () => answeredBy(abort, fn())),
    );
  }

  private translate(op: string, workflowId: string, err: unknown, call: CallOptions): Error {
    if (err instanceof WorkflowNotFoundError) return new CaseClosed(workflowId, { cause: err });
    return this.unreachable(op, workflowId, err, call);
  }

  private unreachable(op: string, workflowId: string, err: unknown, call: CallOptions): CaseUnreachable {
    const noAnswer = err instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
    // An update that timed out is the case's worker being slow or down, not worth a warning each time.
    if (!noAnswer) this.logger.warn({ err, workflowId }, `Temporal ${op} failed`);
    return new CaseUnreachable(workflowId, noAnswer, call.ifUnreachable ?? REPEAT_REQUEST, { cause: err });
  }
}

/** Settles when `abort` fires, whatever `work` is doing. */
function answeredBy<T>(abort: AbortSignal, work: Promise<T>): Promise<T> {
  const aborted = new Promise<never>((_, reject) =>
    abort.addEventListener('abort', () => reject(abort.reason as Error), { once: true }),
  );
  aborted.catch(() => undefined); // settled after `work` won: nobody waits for it
  return Promise.race([work, aborted]);
}
