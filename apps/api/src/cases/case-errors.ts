import { Problem } from '../common/problem';

/**
 * What a failed Temporal call means to the caller, said once per call site: the 503's detail
 * (what to repeat), and `Retry-After` unless the sender keeps its own schedule (Svix).
 */
export interface IfUnreachable {
  detail: string;
  retryAfterS?: number;
  /** The detail when the server took the call but the case did not answer in time (an update). */
  noAnswerDetail?: string;
}

/** The default: a request the caller repeats as it is. */
export const REPEAT_REQUEST: IfUnreachable = {
  detail: 'the case could not be reached; repeat the same request',
  retryAfterS: 5,
};

/**
 * The case's workflow is gone (never started, or completed): it takes nothing more. Callers that
 * know the case's status answer their own 409 (or record the event on a closed case); this
 * mapping is only the fallback for one that does not.
 */
export class CaseClosed extends Problem {
  constructor(
    readonly workflowId: string,
    options?: { cause?: unknown },
  ) {
    super(409, 'Conflict', `the case ${workflowId} is closed: it takes no more changes`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * Temporal did not take the call (server unreachable, deadline exceeded, the case's worker down):
 * nothing was changed, the caller repeats the same idempotent request. Always 503 problem+json.
 */
export class CaseUnreachable extends Problem {
  constructor(
    readonly workflowId: string,
    /** The server answered but the case did not, within the deadline (an update's wait). */
    readonly noAnswer: boolean,
    ifUnreachable: IfUnreachable,
    options?: { cause?: unknown },
  ) {
    super(
      503,
      'Service unavailable',
      (noAnswer && ifUnreachable.noAnswerDetail) || ifUnreachable.detail,
      undefined,
      {},
      ifUnreachable.retryAfterS === undefined ? {} : { 'Retry-After': String(ifUnreachable.retryAfterS) },
    );
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The case refused an update (its validator or handler threw an ApplicationFailure): its answer, not a fault. */
export class CaseRefused extends Error {
  constructor(
    readonly workflowId: string,
    readonly failureType: string | undefined | null,
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
    this.name = 'CaseRefused';
  }
}
