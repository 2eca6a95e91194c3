import * as wf from '@temporalio/workflow';
import { currencyDigits, nextContactAllowedAt, rememberContact, stepOffset } from '@relance/domain';
import {
  accountViewQuery,
  pullForwardSignal,
  stepAnswerSignal,
  stepDueSignal,
  withdrawSignal,
  type AccountInput,
  type AccountState,
  type StepAnswer,
  type StepRequest,
} from '../../account-contract';
import { SA } from '../../search-attributes';
import { accountProxies } from '../activity-proxies';
import { msUntil, nowIso } from '../clock';
import { failureReason } from '../effects/alerts';

/** Continue-as-new well before Temporal's limits; an account lives as long as its client owes. */
const HISTORY_BUDGET = 2_000;
/** An account with nothing to send for this long ends; the next request starts it again. */
const IDLE_MS = 7 * 86_400_000;

/**
 * A client account (docs/architecture.md "Client accounts"). Its cases ask it to send their due
 * steps (`stepDueSignal`); it gathers them for `gatherFor`, pulls forward the client's other cases
 * whose step falls due within `groupWithin` on an invoice already past due, waits while the
 * address's weekly cap is reached, then sends ONE message for the batch and tells each case
 * which message carried its step. A case whose step is superseded while it waits withdraws; one
 * whose message is already being sent is told it went out (a message handed to the provider
 * cannot be recalled), as a case sending alone is.
 */
export async function clientAccount(input: AccountInput): Promise<void> {
  const st: AccountState = input.carried ?? { pending: [], contacts: {}, sent: 0 };
  const acts = accountProxies(input.emailTaskQueue);
  /** The batch being sent, by case workflow id. */
  const inFlight = new Map<string, StepRequest>();
  /** Answers not yet signalled back. */
  const outbox: { workflowId: string; answer: StepAnswer }[] = [];
  /** Cases asked to join the message being gathered. */
  let awaited = new Set<string>();
  let openCases = 0;

  const answer = (workflowId: string, a: StepAnswer) => outbox.push({ workflowId, answer: a });
  wf.setHandler(stepDueSignal, (req) => {
    const id = req.ref.workflowId;
    // A case asks again only with a newer step: the older request is answered as withdrawn.
    for (const old of st.pending.filter((p) => p.ref.workflowId === id && p.key !== req.key)) {
      answer(id, { key: old.key, outcome: 'withdrawn' });
    }
    st.pending = [...st.pending.filter((p) => p.ref.workflowId !== id), req];
    awaited.delete(id);
  });
  wf.setHandler(withdrawSignal, ({ workflowId, key }) => {
    if (inFlight.get(workflowId)?.key === key) return; // answered once the message is sent
    st.pending = st.pending.filter((p) => !(p.ref.workflowId === workflowId && p.key === key));
    answer(workflowId, { key, outcome: 'withdrawn' });
  });
  wf.setHandler(accountViewQuery, () => ({
    clientId: input.clientId,
    pending: st.pending.map((p) => ({ workflowId: p.ref.workflowId, step: p.step })),
    messagesSent: st.sent,
    openCases,
  }));

  const flush = async () => {
    while (outbox.length) {
      const { workflowId, answer: a } = outbox.shift()!;
      try {
        await wf.getExternalWorkflowHandle(workflowId).signal(stepAnswerSignal, a);
      } catch (err) {
        // The case closed meanwhile: nothing waits for this answer any more.
        wf.log.info('case not answered: closed', { workflowId, key: a.key, error: String(err) });
      }
    }
  };
  const tooLong = () => {
    const info = wf.workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= (input.historyBudget ?? HISTORY_BUDGET);
  };

  for (;;) {
    const idle = !(await wf.condition(() => st.pending.length > 0 || outbox.length > 0, IDLE_MS));
    await flush();
    if (idle && st.pending.length === 0) return;
    if (st.pending.length === 0) continue;
    if (tooLong()) {
      await wf.condition(wf.allHandlersFinished);
      await flush();
      await wf.continueAsNew<typeof clientAccount>({ ...input, carried: st });
    }

    // Gather: the other cases of the client whose steps fall due soon join this message.
    const first = st.pending[0]!;
    const peers = await acts.db('Find the client’s other cases due soon').accountPeers({
      tenant: input.tenant,
      clientId: input.clientId,
      asking: st.pending.map((p) => p.ref.workflowId),
      until: new Date(Date.parse(nowIso()) + stepOffset(first.groupWithin).as('milliseconds')).toISOString(),
    });
    openCases = peers.openCases;
    showAccount(input, st, peers.balances, openCases);
    if (openCases > 1) {
      awaited = new Set();
      for (const p of first.overdue ? peers.pull : []) {
        try {
          await wf.getExternalWorkflowHandle(p.workflowId).signal(pullForwardSignal, { step: p.step });
          awaited.add(p.workflowId);
        } catch {
          // closed meanwhile
        }
      }
      await wf.condition(() => st.pending.length === 0, stepOffset(first.gatherFor).as('milliseconds'));
      await flush();
      if (st.pending.length === 0) continue;
    }

    // One message per address and kind (pre-due courtesy notes group only with each other).
    const lead = st.pending[0]!;
    const batch = st.pending.filter((p) => p.address === lead.address && p.overdue === lead.overdue);
    const cap = Math.min(...batch.map((p) => p.maxContactsPerWeek ?? Infinity));
    const allowedAt = nextContactAllowedAt(
      st.contacts[lead.address] ?? [],
      Number.isFinite(cap) ? cap : undefined,
      nowIso(),
    );
    if (msUntil(allowedAt) > 0) {
      // The weekly cap on this address is reached: wait, still taking requests and withdrawals.
      await wf.condition(() => !st.pending.includes(lead), msUntil(allowedAt));
      continue;
    }
    st.pending = st.pending.filter((p) => !batch.includes(p));
    for (const p of batch) inFlight.set(p.ref.workflowId, p);
    const key = `account:${st.sent + 1}`;
    try {
      const sent = await acts
        .sends(batch.length > 1 ? `Send one message for ${batch.length} invoices` : 'Send the reminder')
        .sendGroupedReminder({ tenant: input.tenant, clientId: input.clientId, key, members: batch });
      st.sent += 1;
      st.contacts[lead.address] = rememberContact(st.contacts[lead.address] ?? [], sent.sentAt);
      const groupedWith = batch.map((p) => p.ref.workflowId);
      for (const p of batch) answer(p.ref.workflowId, { key: p.key, outcome: 'sent', groupedWith, ...sent });
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      const reason = failureReason(err);
      for (const p of batch) answer(p.ref.workflowId, { key: p.key, outcome: 'failed', reason });
    } finally {
      inFlight.clear();
    }
    await flush();
  }
}

/** The account's summary in the Temporal UI, and its balance as a search attribute. */
function showAccount(
  input: AccountInput,
  st: AccountState,
  balances: { currency: string; balanceMinor: number }[],
  openCases: number,
): void {
  const major = (b: { currency: string; balanceMinor: number }) => b.balanceMinor / 10 ** currencyDigits(b.currency);
  const owed = balances.map((b) => `${major(b)} ${b.currency}`).join(', ');
  wf.setCurrentDetails(
    `Client **${input.clientId}**: ${openCases} open case(s), ${owed || 'nothing'} outstanding; ` +
      `${st.sent} message(s) sent, ${st.pending.length} step(s) waiting`,
  );
  const single = balances.length === 1 ? balances[0] : undefined;
  if (single) wf.upsertSearchAttributes([{ key: SA.balance, value: major(single) }]);
}

