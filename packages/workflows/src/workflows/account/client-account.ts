import * as wf from '@temporalio/workflow';
import {
  currencyDigits,
  deadlineDate,
  localDate,
  nextContactAllowedAt,
  parseMoney,
  rememberContact,
  stepOffset,
  toDecimal,
} from '@relance/domain';
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
/** An account with nothing to send for this long checks whether its client still owes anything. */
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
  let openCases = 0;

  const answer = (workflowId: string, a: StepAnswer) => outbox.push({ workflowId, answer: a });
  wf.setHandler(stepDueSignal, (req) => {
    const id = req.ref.workflowId;
    // A case asks again only with a newer step: the older request is answered as withdrawn.
    for (const old of st.pending.filter((p) => p.ref.workflowId === id && p.key !== req.key)) {
      answer(id, { key: old.key, outcome: 'withdrawn' });
    }
    st.pending = [...st.pending.filter((p) => p.ref.workflowId !== id), req];
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
  /** The client's open cases now (and, with a request, those whose step may join it). */
  const lookUp = async (asking: StepRequest[], first?: StepRequest) => {
    const now = Date.parse(nowIso());
    const peers = await acts.db('Find the client’s other cases due soon').accountPeers({
      tenant: input.tenant,
      clientId: input.clientId,
      asking: asking.map((p) => p.ref.workflowId),
      action: first?.action ?? 'reminder',
      until: new Date(now + (first ? stepOffset(first.groupWithin).as('milliseconds') : 0)).toISOString(),
      ...(first ? { address: first.address } : {}),
    });
    openCases = peers.openCases;
    showAccount(input, st, peers.balances, openCases);
    return peers;
  };
  const tooLong = () => {
    const info = wf.workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= (input.historyBudget ?? HISTORY_BUDGET);
  };

  for (;;) {
    const idle = !(await wf.condition(() => st.pending.length > 0 || outbox.length > 0, IDLE_MS));
    await flush();
    if (st.pending.length === 0) {
      // Quiet for a week: the account ends once its client has no open case (the next one restarts it).
      if (idle && (await lookUp([])).openCases === 0) return;
      continue;
    }
    if (tooLong()) {
      await wf.condition(wf.allHandlersFinished);
      await flush();
      await wf.continueAsNew<typeof clientAccount>({ ...input, carried: st });
    }

    // Gather: the other cases of the client whose steps fall due soon join this message.
    const first = st.pending[0]!;
    let peers = await lookUp(st.pending, first);
    if (openCases > 1) {
      // Never dunned early, and a hand-off never before its own notice's deadline: not pulled.
      const pullable = first.overdue && first.action !== 'legal_handoff';
      const gather = stepOffset(first.gatherFor).as('milliseconds');
      // A step falling due while the account gathers asks by itself; only later ones are pulled.
      const later = (p: { at: string }) => msUntil(p.at) > gather;
      for (const p of pullable ? peers.pull.filter(later) : []) {
        try {
          await wf.getExternalWorkflowHandle(p.workflowId).signal(pullForwardSignal, { step: p.step });
        } catch {
          // closed meanwhile
        }
      }
      await wf.condition(() => st.pending.length === 0, gather);
      // Cases found due that have not asked yet (a busy worker): they get one more delay to join.
      const expected = pullable ? peers.pull.map((p) => p.workflowId) : [];
      const joined = () => expected.every((id) => st.pending.some((p) => p.ref.workflowId === id));
      if (st.pending.length > 0 && !joined()) await wf.condition(joined, gather);
      await flush();
      if (st.pending.length === 0) continue;
      // Read again after gathering: a case answered `alone` meanwhile may have mailed the address.
      peers = await lookUp(st.pending, st.pending[0]);
    }

    // One message per address and action (pre-due courtesy notes group only with each other).
    const lead = st.pending[0]!;
    const batch = st.pending.filter(
      (p) => p.address === lead.address && p.overdue === lead.overdue && p.action === lead.action,
    );
    if (lead.action !== 'legal_handoff') {
      const allowedAt = capAllows(st, lead.address, batch, peers.recentContacts);
      if (msUntil(allowedAt) > 0) {
        // The weekly cap on this address is reached: wait, still taking requests and withdrawals.
        await wf.condition(() => !st.pending.includes(lead), msUntil(allowedAt));
        continue;
      }
    }
    st.pending = st.pending.filter((p) => !batch.includes(p));
    const clientBalanceMinor = peers.balances.find((b) => b.currency === lead.currency)?.balanceMinor ?? 0;
    if (batch.length === 1) {
      // Alone: the case runs its own step, exactly as when its tenant chases invoices (the
      // database, not this account, then knows when its message went out).
      answer(lead.ref.workflowId, { key: lead.key, outcome: 'alone', clientBalanceMinor });
      await flush();
      continue;
    }
    const below = lead.action === 'legal_handoff' ? belowThreshold(batch, clientBalanceMinor) : undefined;
    if (below) {
      for (const p of batch) answer(p.ref.workflowId, { key: p.key, outcome: 'unrecovered', reason: below });
      await flush();
      continue;
    }
    await sendBatch(batch);
    await flush();
  }

  /** ONE message for the batch; every member is told which message carried its step. */
  async function sendBatch(batch: StepRequest[]): Promise<void> {
    for (const p of batch) inFlight.set(p.ref.workflowId, p);
    const lead = batch[0]!;
    const at = nowIso();
    const notice =
      lead.action === 'formal_notice'
        ? {
            sentOn: localDate(at, lead.timezone),
            deadline: deadlineDate(at, Math.max(...batch.map((p) => p.deadlineDays ?? 8)), lead.timezone),
          }
        : undefined;
    try {
      const sent = await acts
        .sends(`${SUMMARIES[lead.action]} for ${batch.length} invoices`)
        .sendGroupedStep({
          tenant: input.tenant,
          clientId: input.clientId,
          key: `account:${st.sent + 1}`,
          members: batch,
          at,
          ...(notice ? { notice } : {}),
        });
      st.sent += 1;
      if (lead.action !== 'legal_handoff') countContact(st, lead.address, sent.sentAt);
      const groupedWith = batch.map((p) => p.ref.workflowId);
      for (const p of batch) {
        answer(p.ref.workflowId, { key: p.key, outcome: 'sent', groupedWith, ...sent, ...(notice ? { notice } : {}) });
      }
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      const reason = failureReason(err);
      for (const p of batch) answer(p.ref.workflowId, { key: p.key, outcome: 'failed', reason });
    } finally {
      inFlight.clear();
    }
  }
}

const SUMMARIES = {
  reminder: 'Send one reminder',
  formal_notice: 'Send one formal notice',
  legal_handoff: 'Hand over one dossier',
} as const;

/**
 * When one more message may go to `address` under the tightest weekly cap of the batch: the
 * account's own messages and those the database knows (sent by a case alone), each counted once.
 */
function capAllows(st: AccountState, address: string, batch: StepRequest[], known: string[]): string {
  const cap = Math.min(...batch.map((p) => p.maxContactsPerWeek ?? Infinity));
  const sent = [...new Set([...(st.contacts[address] ?? []), ...known])];
  return nextContactAllowedAt(sent, Number.isFinite(cap) ? cap : undefined, nowIso());
}

function countContact(st: AccountState, address: string, at: string): void {
  st.contacts[address] = rememberContact(st.contacts[address] ?? [], at);
}

/** Hand-offs: why the batch ends `unrecovered` (the debt under the highest threshold), if it does. */
function belowThreshold(batch: StepRequest[], clientBalanceMinor: number): string | undefined {
  const lead = batch[0]!;
  const threshold = Math.max(...batch.map((p) => parseMoney(p.minAmount ?? '0', p.currency).minor));
  const ofClient = batch.every((p) => p.minAmountScope !== 'invoice');
  const balance = ofClient ? clientBalanceMinor : Math.max(...batch.map((p) => p.amounts.balanceMinor));
  if (balance >= threshold) return undefined;
  const money = (minor: number) => `${toDecimal({ currency: lead.currency, minor })} ${lead.currency}`;
  return (
    `${ofClient ? "the client's balance" : 'balance'} ${money(balance)} is below the ${money(threshold)} ` +
    'threshold: legal action would cost more than it recovers'
  );
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

