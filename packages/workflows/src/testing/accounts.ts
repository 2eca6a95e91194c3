import { isTerminal } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  accountWorkflowId,
  stepDueSignal,
  type Peers,
  type PeersInput,
  type SendGroupedInput,
} from '../account-contract';
import type { AccountActivities, AskAccountInput, DunningActivities } from '../activities';
import { caseStateQuery, type DunningCaseInput } from '../contract';
import { startSearchAttributes } from '../search-attributes';
import { DAY_MS } from './fixtures';
import { recordingActivities, workerFor, type ActivityCall } from './harness';

export interface Sent {
  at: number;
  key: string;
  action: string;
  notice?: { sentOn: string; deadline: string };
  members: { workflowId: string; step: string; tone: string }[];
}

/**
 * One client's cases on one worker whose account activities stand in for Postgres by asking the
 * cases themselves (their record is what the worker's `accountPeers` reads).
 */
export async function withClient(
  env: TestWorkflowEnvironment,
  body: (ctx: {
    start: (input: DunningCaseInput) => Promise<string>;
    sends: Sent[];
    /** The emails cases sent alone (no other case of the client went with them). */
    alone: () => { workflowId: string; template: string }[];
    calls: ActivityCall[];
  }) => Promise<void>,
): Promise<void> {
  const clientId = `C-${Math.random().toString(36).slice(2, 8)}`;
  const taskQueue = `account-${clientId}`;
  const { activities, calls } = recordingActivities(env);
  const cases: string[] = [];
  const sends: Sent[] = [];
  const account: AccountActivities & Pick<DunningActivities, 'askAccount'> = {
    async askAccount({ account: input, taskQueue: queue, request }: AskAccountInput) {
      const peers = await account.accountPeers({ ...input, asking: [], action: request.action, until: '' });
      if (peers.openCases <= 1) return { alone: true, clientBalanceMinor: peers.balances[0]?.balanceMinor ?? 0 };
      await env.client.workflow.signalWithStart('clientAccount', {
        workflowId: accountWorkflowId(input.tenant, input.clientId),
        taskQueue: queue,
        args: [input],
        signal: stepDueSignal,
        signalArgs: [request],
      });
      return { alone: false };
    },
    async accountPeers({ asking, until, action }: PeersInput): Promise<Peers> {
      const states = await Promise.all(
        cases.map((id) => env.client.workflow.getHandle(id).query(caseStateQuery).catch(() => undefined)),
      );
      const open = states.filter((s) => s && !isTerminal(s.status));
      const now = await env.currentTimeMs();
      return {
        openCases: open.length,
        // What the database knows: every message to the client, grouped or sent by a case alone.
        recentContacts: [
          ...sends.filter((s) => s.action !== 'legal_handoff').map((s) => new Date(s.at).toISOString()),
          ...calls
            .filter((c) => c.name === 'sendClientEmail' || c.name === 'sendFormalNotice')
            .map((c) => new Date(c.at).toISOString()),
        ].filter((at) => Date.parse(at) > now - 7 * DAY_MS),
        balances: [{ currency: 'EUR', balanceMinor: open.reduce((t, s) => t + Number(s!.balance) * 100, 0) }],
        pull: open.flatMap((s) =>
          s!.status === 'overdue' &&
          s!.nextAction?.action === action &&
          !asking.includes(s!.workflowId) &&
          Date.parse(s!.nextAction.at) <= Date.parse(until) &&
          Date.parse(s!.nextAction.at) > now - DAY_MS * 365
            ? [{ workflowId: s!.workflowId, step: s!.nextAction.step }]
            : [],
        ),
      };
    },
    async sendGroupedStep(input: SendGroupedInput) {
      sends.push({
        at: await env.currentTimeMs(),
        key: input.key,
        action: input.members[0]!.action,
        notice: input.notice,
        members: input.members.map((m) => ({ workflowId: m.ref.workflowId, step: m.step, tone: m.tone ?? '' })),
      });
      return { emailId: `grouped_${sends.length}`, sentAt: new Date().toISOString() };
    },
  };
  const worker = await workerFor(env, taskQueue, { ...activities, ...account } as never);
  await worker.runUntil(async () => {
    const start = async (input: DunningCaseInput) => {
      const workflowId = `dunning:${input.tenant}:${input.externalId}`;
      cases.push(workflowId);
      await env.client.workflow.start('dunningCase', {
        workflowId,
        taskQueue,
        args: [{ ...input, account: { clientId } }],
        typedSearchAttributes: startSearchAttributes(input, clientId),
      });
      return workflowId;
    };
    try {
      await body({
        start,
        sends,
        calls,
        alone: () =>
          calls
            .filter((c) => c.name === 'sendClientEmail')
            .map((c) => ({ workflowId: c.input.ref.workflowId, template: c.input.email.template })),
      });
    } finally {
      for (const id of [...cases, accountWorkflowId('default', clientId)]) {
        const h = env.client.workflow.getHandle(id);
        const { status } = await h.describe().catch(() => ({ status: { name: 'GONE' } }));
        if (status.name === 'RUNNING') await h.terminate('test over');
      }
    }
  });
}

