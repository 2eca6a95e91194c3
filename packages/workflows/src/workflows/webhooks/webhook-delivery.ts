import * as wf from '@temporalio/workflow';
import {
  WEBHOOK_PERMANENT_FAILURES,
  webhookPendingSignal,
  type WebhookActivities,
  type WebhookDeliveryInput,
} from '../../webhooks';

const db = wf.proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One event's delivery: exponential backoff from 2 s up to 1 h between attempts, for 3 days from
 * its first attempt (Standard Webhooks' usual schedule); then the delivery is marked failed.
 */
const post = wf.proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 days',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: WEBHOOK_PERMANENT_FAILURES,
  },
});

/** How long an idle endpoint waits for a signal before it looks at the outbox again. */
const IDLE_RECHECK = '15 minutes';

/**
 * The delivery loop of one endpoint: the next pending delivery, posted until it succeeds or its
 * 3 days run out, then the next one. One at a time in outbox order keeps each case's events in
 * order. The run continues as new after `runBudget` turns to keep its history short.
 */
export async function webhookDelivery(input: WebhookDeliveryInput): Promise<void> {
  let woken = false;
  wf.setHandler(webhookPendingSignal, () => {
    woken = true;
  });
  const budget = input.runBudget ?? 200;
  for (let turn = 0; turn < budget && !wf.workflowInfo().continueAsNewSuggested; turn++) {
    woken = false;
    const next = await db.nextWebhookDelivery({ endpointId: input.endpointId });
    if (next === 'gone') return;
    if (!next) {
      await wf.condition(() => woken, IDLE_RECHECK);
      continue;
    }
    try {
      await post.postWebhook(next);
    } catch (err) {
      if (wf.isCancellation(err)) throw err;
      const cause = err instanceof wf.ActivityFailure && err.cause ? err.cause : err;
      await db.failWebhookDelivery({ ...next, error: (cause as Error).message });
    }
  }
  await wf.continueAsNew<typeof webhookDelivery>({
    endpointId: input.endpointId,
    runBudget: input.runBudget,
  });
}
