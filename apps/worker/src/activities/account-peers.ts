import { isOverdue } from '@relance/domain';
import type { AccountActivities } from '@relance/workflows';
import type { CaseStore } from './case-store';

/**
 * What a client account asks the database before a message (docs/architecture.md "Client
 * accounts"): the client's open cases and balances, the recent messages to the address (the weekly
 * cap), and the other cases whose next step of the same action falls due in time to join.
 */
export function createAccountPeers(store: CaseStore): AccountActivities['accountPeers'] {
  return async function accountPeers({ tenant, clientId, asking, action, until, address }) {
    const [open, recentContacts] = await Promise.all([
      store.clientCases(tenant, clientId),
      address ? store.recentContacts(tenant, address) : [],
    ]);
    const now = new Date().toISOString();
    const balances = new Map<string, number>();
    for (const { invoice } of open) {
      balances.set(invoice.currency, (balances.get(invoice.currency) ?? 0) + invoice.balanceMinor);
    }
    const pull = open.flatMap(({ invoice, payload }) => {
      const next = invoice.nextAction;
      if (asking.includes(invoice.workflowId) || next?.action !== action) return [];
      if (Date.parse(String(next.at)) > Date.parse(until)) return [];
      // Never dunned early: only an invoice already past due is pulled forward.
      if (!isOverdue(invoice.dueDate, payload.client.timezone, now)) return [];
      return [{ workflowId: invoice.workflowId, step: String(next.step), at: String(next.at) }];
    });
    return {
      openCases: open.length,
      recentContacts,
      balances: [...balances].map(([currency, balanceMinor]) => ({ currency, balanceMinor })),
      pull,
    };
  };
}
