import * as wf from '@temporalio/workflow';
import { PERMANENT_FAILURE_TYPES, type AccountActivities, type DunningActivities } from '../activities';

/**
 * Database writes and renders: retried until they succeed (a database outage is waited out).
 * Every activity of a superseded step is awaited rather than abandoned (WAIT_CANCELLATION_COMPLETED):
 * its result or failure is then known, never left running behind the case's back.
 */
const ACTIVITY_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '45 seconds',
  cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['DomainError', 'ValidationError'],
  },
};

/**
 * Anything that reaches a person: permanent refusals stop at once, transient ones retry with
 * backoff for about an hour and a half (12 attempts), then the step waits for the creditor.
 * An attempt already talking to the provider is awaited when an event supersedes the step.
 */
export const SEND_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '60 seconds',
  cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '15 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: ['DomainError', 'ValidationError', ...PERMANENT_FAILURE_TYPES],
  },
};

/** Penalties never wait for a rate figure any more (provisional rates): a plain, bounded retry. */
export const PENALTY_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['ValidationError', 'DomainError'],
  },
};

type Acts = wf.ActivityInterfaceFor<DunningActivities>;

/** The proxies one case calls its activities through. */
export interface CaseProxies {
  /**
   * Short database work (timeline, case record, penalties) as local activities, run inside the
   * workflow task: no round trip through the server.
   */
  db(summary: string, options?: wf.ActivityOptions): Acts;
  /** Activities that send: bounded retries, on the email queue when there is one. */
  sends(summary: string): Acts;
  /** A regular activity where a local one would schedule what follows too early (see `penalties`). */
  remote(summary: string, options: wf.ActivityOptions): Acts;
}

export function caseProxies(emailTaskQueue?: string): CaseProxies {
  /**
   * Local activities run one at a time. Two in flight at once (an update's timeline entry and the
   * loop's record write) could finish in separate activations when recorded and in one on replay,
   * where the code after each then emits its commands in another order: a nondeterminism error
   * (seen with SDK 1.23/1.24). One at a time, each result wakes its code alone.
   */
  let tail: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run);
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  return {
    db(summary, options = ACTIVITY_OPTIONS) {
      const { startToCloseTimeout, cancellationType, retry } = options;
      const local = wf.proxyLocalActivities<DunningActivities>({
        startToCloseTimeout,
        cancellationType,
        retry,
        // A retry waits on a workflow timer, never inside a workflow task (backoff starts at 5 s).
        localRetryThreshold: '1 second',
        summary,
      });
      return new Proxy(local, {
        get: (target, name) => {
          const call = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
          return (...args: unknown[]) => oneAtATime(() => call(...args));
        },
      });
    },
    sends(summary) {
      return wf.proxyActivities<DunningActivities>({
        ...SEND_OPTIONS,
        summary,
        ...(emailTaskQueue ? { taskQueue: emailTaskQueue } : {}),
      });
    },
    remote(summary, options) {
      return wf.proxyActivities<DunningActivities>({ ...options, summary });
    },
  };
}

/** The proxies of a client account: its database look-ups and its sends. */
export function accountProxies(emailTaskQueue?: string) {
  return {
    db(summary: string) {
      const { startToCloseTimeout, cancellationType, retry } = ACTIVITY_OPTIONS;
      return wf.proxyLocalActivities<AccountActivities>({
        startToCloseTimeout,
        cancellationType,
        retry,
        localRetryThreshold: '1 second',
        summary,
      });
    },
    sends(summary: string) {
      return wf.proxyActivities<AccountActivities>({
        ...SEND_OPTIONS,
        summary,
        ...(emailTaskQueue ? { taskQueue: emailTaskQueue } : {}),
      });
    },
  };
}
