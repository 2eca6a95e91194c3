import type { AccountActivities } from '@relance/workflows';
import { createAccountPeers } from './account-peers';
import { createGroupedSends, type GroupedSendDeps } from './grouped-sends';

export type AccountDeps = GroupedSendDeps;

/** The worker's side of a client account (docs/architecture.md "Client accounts"). */
export function createAccountActivities(deps: AccountDeps): AccountActivities {
  return {
    accountPeers: createAccountPeers(deps.store),
    sendGroupedStep: createGroupedSends(deps),
  };
}
