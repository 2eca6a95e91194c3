import {
  ACCOUNT_WORKFLOW_TYPE,
  accountWorkflowId,
  SA,
  stepDueSignal,
  type AskAccountInput,
  type AskAccountResult,
} from '@relance/workflows';
import type { Client } from '@temporalio/client';
import type { CaseStore } from './case-store';

/**
 * The case's request to its client account. Its client's only open case runs its step alone (no
 * account involved: the same steps as a tenant that chases invoices). Otherwise signal-with-start: the account is started when
 * it is not running, atomically on the server, however many of the client's cases ask at once.
 */
export async function askAccount(
  client: Client,
  store: Pick<CaseStore, 'clientCases' | 'recentContacts'>,
  { account, taskQueue, request }: AskAccountInput,
): Promise<AskAccountResult> {
  const open = await store.clientCases(account.tenant, account.clientId);
  if (open.length <= 1) {
    const clientBalanceMinor = open
      .filter(({ invoice }) => invoice.currency === request.currency)
      .reduce((sum, { invoice }) => sum + invoice.balanceMinor, 0);
    // The weekly cap is the address's: messages other cases of the client sent count too.
    const recentContacts = await store.recentContacts(account.tenant, request.address, request.ref.workflowId);
    return { alone: true, clientBalanceMinor, recentContacts };
  }
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
  return { alone: false };
}
