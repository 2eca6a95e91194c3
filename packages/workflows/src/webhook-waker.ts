import { WEBHOOK_DELIVERY_WORKFLOW_TYPE, webhookDeliveryWorkflowId, webhookPendingSignal } from './webhooks';
import type { Client } from '@temporalio/client';

// Runs in the api (redelivery) and worker (after an outbox commit) processes, never in the sandbox.

/** Wakes the delivery workflows of these endpoints. */
export type WakeEndpoints = (endpointIds: string[]) => Promise<void>;

/**
 * Signal-with-start of each endpoint's delivery workflow: started when it is not running,
 * atomically on the server, woken when it is. The outbox rows are committed before this runs.
 */
export function endpointWaker(client: Client, taskQueue: string): WakeEndpoints {
  return async (endpointIds) => {
    for (const endpointId of endpointIds)
      await client.workflow.signalWithStart(WEBHOOK_DELIVERY_WORKFLOW_TYPE, {
        workflowId: webhookDeliveryWorkflowId(endpointId),
        taskQueue,
        args: [{ endpointId }],
        signal: webhookPendingSignal,
        signalArgs: [],
        staticSummary: `Webhook deliveries of endpoint ${endpointId}`,
      });
  };
}
