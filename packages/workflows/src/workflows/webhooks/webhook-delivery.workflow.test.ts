import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeSkippingEnv, workflowBundle } from '../../testing/harness';
import {
  WEBHOOK_DELIVERY_WORKFLOW_TYPE,
  webhookDeliveryWorkflowId,
  webhookPendingSignal,
  type WebhookActivities,
} from '../../webhooks';

/** An endpoint's outbox as the activities see it: pending ids in order, and what happened to each. */
function fakeOutbox(pending: string[], failing: Set<string>) {
  const log: string[] = [];
  let gone = false;
  const activities: WebhookActivities = {
    async nextWebhookDelivery() {
      if (gone) return 'gone';
      return pending[0] ? { deliveryId: pending[0] } : null;
    },
    async postWebhook({ deliveryId }) {
      log.push(`post ${deliveryId}`);
      if (failing.has(deliveryId))
        throw ApplicationFailure.retryable('the endpoint answered 503', 'WebhookFailed');
      pending.shift();
    },
    async failWebhookDelivery({ deliveryId }) {
      log.push(`failed ${deliveryId}`);
      pending.shift();
    },
  };
  return { activities, log, pending, end: () => (gone = true) };
}

describe('webhookDelivery (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('posts in order; a delivery still failing after 3 days is marked failed and the next one goes', async () => {
    const outbox = fakeOutbox(['d1', 'd2'], new Set(['d1']));
    const taskQueue = `webhooks-${Math.random().toString(36).slice(2)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: outbox.activities,
    });
    await worker.runUntil(async () => {
      const endpointId = `ep-${taskQueue}`;
      const handle = await env.client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW_TYPE, {
        workflowId: webhookDeliveryWorkflowId(endpointId),
        taskQueue,
        args: [{ endpointId }],
      });
      const started = await env.currentTimeMs();
      while (!outbox.log.includes('post d2')) await env.sleep(60 * 60 * 1000);
      const posts = outbox.log.filter((l) => l === 'post d1').length;
      expect(posts).toBeGreaterThan(10);
      expect(outbox.log.indexOf('failed d1')).toBeLessThan(outbox.log.indexOf('post d2'));
      expect(outbox.log.slice(-2)).toEqual(['failed d1', 'post d2']);
      // Backoff doubles up to an hour between attempts: about 3 days of them, not more.
      const elapsedDays = ((await env.currentTimeMs()) - started) / 86_400_000;
      expect(elapsedDays).toBeGreaterThanOrEqual(2.9);
      expect(elapsedDays).toBeLessThan(3.2);

      // A new delivery is signalled; then the endpoint is deleted and the workflow ends.
      outbox.pending.push('d3');
      await handle.signal(webhookPendingSignal);
      while (!outbox.log.includes('post d3')) await env.sleep(1000);
      outbox.end();
      await handle.signal(webhookPendingSignal);
      await handle.result();
      expect(outbox.log.filter((l) => l.startsWith('post d2') || l.startsWith('post d3'))).toEqual([
        'post d2',
        'post d3',
      ]);
    });
  }, 240_000);
});
