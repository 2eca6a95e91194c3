import {
  WEBHOOK_DELIVERY_WORKFLOW_TYPE,
  webhookDeliveryWorkflowId,
  webhookPendingSignal,
} from '@relance/workflows';
import type { Client } from '@temporalio/client';
import type { WakeEndpoints } from '../activities/case-store';

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
