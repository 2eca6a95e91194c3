import { isTerminal, parseMoney } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  accountViewQuery,
  accountWorkflowId,
  stepDueSignal,
  type Peers,
  type PeersInput,
  type SendGroupedInput,
} from '../account-contract';
import type { AccountActivities, AskAccountInput, DunningActivities } from '../activities';
import type { CaseState, DunningCaseInput } from '../contract';
import { startSearchAttributes } from '../search-attributes';
import { DAY_MS } from './fixtures';
import { lastRecord, recordingActivities, workerFor, type ActivityCall } from './harness';

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
    /**
     * Waits, at the server's real pace (no time skipped), until `n` cases wait in the account: on
     * a busy machine 50 cases can take longer than the gathering delay to start, and a skip would
     * jump over it (a real server does not skip).
     */
    asking: (n: number) => Promise<void>;
    /** The emails cases sent alone (no other case of the client went with them). */
    alone: () => { workflowId: string; template: string }[];
    calls: ActivityCall[];
  }) => Promise<void>,
): Promise<void> {
  const clientId = `C-${Math.random().toString(36).slice(2, 8)}`;
  const taskQueue = `account-${clientId}`;
  const { activities, calls } = recordingActivities(env);
  const cases: string[] = [];
  const amountDue = new Map<string, string>();
  const sends: Sent[] = [];
  /** What the database knows: every message to the client in the last week, grouped or alone. */
  const contactsSinceAWeek = async (exceptWorkflowId?: string) => {
    const now = await env.currentTimeMs();
    return [
      ...sends.filter((s) => s.action !== 'legal_handoff').map((s) => new Date(s.at).toISOString()),
      ...calls
        .filter((c) => c.name === 'sendClientEmail' || c.name === 'sendFormalNotice')
        .filter((c) => c.input.ref.workflowId !== exceptWorkflowId)
        .map((c) => new Date(c.at).toISOString()),
    ].filter((at) => Date.parse(at) > now - 7 * DAY_MS);
  };
  const account: AccountActivities & Pick<DunningActivities, 'askAccount'> = {
    async askAccount({ account: input, taskQueue: queue, request }: AskAccountInput) {
      // As the worker counts the client's open rows: a case is open until a record says otherwise
      // (never by querying the cases: the asking one is inside this very workflow task).
      const open = cases.filter((id) => {
        const record = lastRecord(calls.filter((c) => c.input?.ref?.workflowId === id));
        return !record || !isTerminal(record.status);
      });
      if (open.length <= 1) {
        const clientBalanceMinor = open.reduce((t, id) => t + parseMoney(amountDue.get(id)!, 'EUR').minor, 0);
        return {
          alone: true,
          clientBalanceMinor,
          recentContacts: await contactsSinceAWeek(request.ref.workflowId),
        };
      }
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
      // As the worker reads Postgres: each case's newest record write, never a query to the cases
      // (a case asking is inside its own workflow task, and 50 queries would hold the account's).
      const records = cases.map((id) =>
        lastRecord(calls.filter((c) => c.input?.ref?.workflowId === id)),
      );
      // A case not written yet is open (registration wrote its row before it started).
      const openCount = records.filter((r) => !r || !isTerminal(r.status)).length;
      const open = records.filter((r): r is CaseState => !!r && !isTerminal(r.status));
      return {
        openCases: openCount,
        recentContacts: await contactsSinceAWeek(),
        balances: [
          { currency: 'EUR', balanceMinor: open.reduce((t, r) => t + parseMoney(r.balance, 'EUR').minor, 0) },
        ],
        pull: open.flatMap((r) =>
          r.status === 'overdue' &&
          r.nextAction?.action === action &&
          !asking.includes(r.workflowId) &&
          Date.parse(r.nextAction.at) <= Date.parse(until)
            ? [{ workflowId: r.workflowId, step: r.nextAction.step, at: r.nextAction.at }]
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
      // Sent at the server's (skipped) time, which the cases then record as their contact.
      return { emailId: `grouped_${sends.length}`, sentAt: new Date(sends.at(-1)!.at).toISOString() };
    },
  };
  const worker = await workerFor(env, taskQueue, { ...activities, ...account } as never);
  await worker.runUntil(async () => {
    const start = async (input: DunningCaseInput) => {
      const workflowId = `dunning:${input.tenant}:${input.externalId}`;
      cases.push(workflowId);
      amountDue.set(workflowId, input.amountDue);
      await env.client.workflow.start('dunningCase', {
        workflowId,
        taskQueue,
        args: [{ ...input, account: { clientId } }],
        typedSearchAttributes: startSearchAttributes(input, clientId),
      });
      return workflowId;
    };
    try {
      const accountId = accountWorkflowId('default', clientId);
      const asking = async (n: number) => {
        for (let i = 0; i < 600; i++) {
          const view = await env.client.workflow
            .getHandle(accountId)
            .query(accountViewQuery)
            .catch(() => undefined);
          if ((view?.pending.length ?? 0) >= n) return;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`${n} cases never waited together in the account`);
      };
      await body({
        start,
        sends,
        calls,
        asking,
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

