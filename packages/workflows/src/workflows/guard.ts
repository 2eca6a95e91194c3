import * as wf from '@temporalio/workflow';

export type Guarded<T> = { done: true; value: T } | { done: false };

/**
 * Runs `work` while `valid()` holds (docs/architecture.md "What a case reacts to": an event that arrives while a step is running
 * wins). When it turns false, the work's scope is cancelled: an activity not yet started or
 * waiting for a retry never runs; one already talking to the provider is awaited (its activities
 * use WAIT_CANCELLATION_COMPLETED) and, if it completed, counts as done — a message already
 * handed to the provider cannot be recalled.
 */
export async function whileValid<T>(valid: () => boolean, work: () => Promise<T>): Promise<Guarded<T>> {
  if (!valid()) return { done: false };
  const scope = new wf.CancellationScope();
  const watch = new wf.CancellationScope();
  watch
    .run(() => wf.condition(() => !valid()))
    .then(
      () => scope.cancel(),
      () => undefined, // the watch itself was cancelled: the work finished first
    );
  try {
    return { done: true, value: await scope.run(work) };
  } catch (err) {
    // Once superseded, a cancelled activity, or one whose last attempt failed after the
    // cancellation request (the server does not retry it), is the event winning, not a failure.
    if (!valid() && (wf.isCancellation(err) || err instanceof wf.ActivityFailure)) return { done: false };
    throw err;
  } finally {
    watch.cancel();
  }
}
