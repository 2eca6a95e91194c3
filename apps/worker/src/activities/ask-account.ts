import {
  ACCOUNT_WORKFLOW_TYPE,
  accountWorkflowId,
  SA,
  stepDueSignal,
  type AskAccountInput,
} from '@relance/workflows';
import type { Client } from '@temporalio/client';

/**
 * The case's request to its client account, with signal-with-start: the account is started when
 * it is not running, atomically on the server, however many of the client's cases ask at once.
 */
export async function askAccount(client: Client, { account, taskQueue, request }: AskAccountInput): Promise<void> {
  await client.workflow.signalWithStart(ACCOUNT_WORKFLOW_TYPE, {
    workflowId: accountWorkflowId(account.tenant, account.clientId),
    taskQueue,
    args: [account],
    signal: stepDueSignal,
    signalArgs: [request],
    staticSummary: `Client account ${account.clientId}`,
    typedSearchAttributes: [
      { key: SA.tenant, value: account.tenant },
      { key: SA.client, value: account.clientId },
      { key: SA.status, value: 'account' },
    ],
  });
}
