import * as wf from '@temporalio/workflow';
import { formatMoney, isTerminal, toDecimal } from '@relance/domain';
import type { CaseRef, DunningActivities, RecordWrite } from '../activities';
import type { CarriedState, CaseState, DunningCaseInput, NextAction } from '../contract';
import { currentSearchAttributes } from '../search-attributes';

/**
 * The case as seen from outside the workflow: the record written to Postgres, the search
 * attributes and the current details of the Temporal UI. Each is written only when it changed.
 */
export class CaseProjection {
  /** The next action last synced (read by the loop to name a failing step). */
  nextAction: NextAction | null = null;
  private lastSync = '';
  private searchAttributes?: Map<string, unknown>;

  constructor(
    private readonly input: DunningCaseInput,
    private readonly s: CarriedState,
    private readonly ref: CaseRef,
    /** The case's proxy for database work (local activities). */
    private readonly db: (summary: string) => wf.ActivityInterfaceFor<DunningActivities>,
    /** The client's current address and whether it bounced, for the details. */
    private readonly client: () => { email: string; unreachable: boolean },
  ) {}

  /**
   * Writes the case record when it changed, with the search attributes and UI details.
   * `next` undefined keeps the current next action. `deferred`: a step about to run writes the
   * record itself (its expected record); only the search attributes and details are set now.
   */
  async sync(next?: NextAction | null, deferred = false): Promise<void> {
    if (next !== undefined) this.nextAction = next;
    if (isTerminal(this.s.status)) this.nextAction = null;
    if (deferred) {
      this.upsertChanged(this.s);
      wf.setCurrentDetails(this.details());
      return;
    }
    const write = this.takeWrite();
    if (write)
      await this.db(`Update the case record: ${this.s.status} / ${this.s.stage}`).syncCase(
        this.syncInput(write),
      );
  }

  private syncInput({ version, record }: RecordWrite) {
    const { s } = this;
    return {
      ref: this.ref,
      version,
      status: s.status,
      stage: s.stage,
      paidMinor: s.paidMinor,
      balanceMinor: s.balanceMinor,
      nextAction: this.nextAction,
      overpaidMinor: s.overpaidMinor,
      pausedReason: isTerminal(s.status) ? undefined : s.pausedReason,
      actionRequired: s.actionRequired ?? null,
      record,
    };
  }

  /**
   * The case record to write with the next activity, or undefined when it is the one last
   * written; the search attributes and UI details follow it (only keys whose value changed).
   */
  takeWrite(): RecordWrite | undefined {
    if (isTerminal(this.s.status)) this.nextAction = null;
    this.upsertChanged(this.s);
    wf.setCurrentDetails(this.details());
    const record = this.view();
    const fingerprint = JSON.stringify(record);
    if (fingerprint === this.lastSync) return undefined;
    this.lastSync = fingerprint;
    this.s.syncs = (this.s.syncs ?? 0) + 1;
    return { version: this.s.syncs, record };
  }

  /**
   * The write for the record as it will stand once a step is done (`after`: the state with the
   * step's outcome settled, `next` its next action). Taken as written, so the sync after the step
   * is skipped when it went as expected (any difference is written then, with a higher version).
   */
  expectedWrite(after: CarriedState, next: NextAction | null | undefined): RecordWrite {
    const nextAction = isTerminal(after.status) ? null : next === undefined ? this.nextAction : next;
    const record = caseRecord(this.input, after, nextAction, this.ref.workflowId);
    this.lastSync = JSON.stringify(record);
    this.s.syncs = (this.s.syncs ?? 0) + 1;
    return { version: this.s.syncs, record };
  }

  /** The expected write did not happen (its step failed): the next sync writes the record. */
  notWritten(): void {
    this.lastSync = '';
  }

  /** Upserts the search attributes whose value changed (those set at the start included). */
  private upsertChanged(s: CarriedState): void {
    const wanted = currentSearchAttributes(s, this.input.currency);
    this.searchAttributes ??= new Map(
      wanted.map(({ key }) => [key.name, wf.workflowInfo().typedSearchAttributes.get(key)]),
    );
    const known = this.searchAttributes;
    const changed = wanted.filter(({ key, value }) => known.get(key.name) !== value);
    if (changed.length === 0) return;
    wf.upsertSearchAttributes(changed);
    for (const { key, value } of changed) known.set(key.name, value);
  }

  view(): CaseState {
    return caseRecord(this.input, this.s, this.nextAction, this.ref.workflowId);
  }

  /** Markdown shown as the workflow's current details in the Temporal UI. */
  details(): string {
    return caseDetails(this.input, this.s, this.nextAction, this.client());
  }
}

/**
 * The case as the workflow sees it: answered to queries and Updates, and written whole by the
 * worker as the case record the API reads (`syncCase`, `recordPayment`, `performStep`).
 */
export function caseRecord(
  input: DunningCaseInput,
  s: CarriedState,
  nextAction: NextAction | null,
  workflowId: string,
): CaseState {
  const money = (minor: number) => toDecimal({ currency: input.currency, minor });
  return {
    externalId: input.externalId,
    number: input.number,
    workflowId,
    status: s.status,
    stage: s.stage,
    currency: input.currency,
    total: input.total,
    paid: money(s.paidMinor),
    balance: money(s.balanceMinor),
    dueDate: s.dueDate ?? input.dueDate,
    ...(s.dueDate ? { registeredDueDate: input.dueDate } : {}),
    nextAction,
    ...(s.promise
      ? { promise: { date: s.promise.date, ...(s.promise.note ? { note: s.promise.note } : {}) } }
      : {}),
    ...(s.plan
      ? {
          plan: {
            instalments: s.plan.instalments.map((i) => ({
              dueDate: i.dueDate,
              amount: money(i.amountMinor),
            })),
            paid: money(s.plan.paidMinor),
          },
        }
      : {}),
    ...(s.formalNotice
      ? { formalNotice: { sentOn: s.formalNotice.sentOn, deadline: s.formalNotice.deadline } }
      : {}),
    ...(s.overpaidMinor ? { overpaid: money(s.overpaidMinor) } : {}),
    ...(s.pausedReason && !isTerminal(s.status) ? { pausedReason: s.pausedReason } : {}),
    ...(s.actionRequired ? { actionRequired: { ...s.actionRequired } } : {}),
    ...(s.creditedMinor ? { credited: money(s.creditedMinor) } : {}),
    ...(s.creditNotes?.length ? { creditNotes: s.creditNotes.map((n) => ({ ...n })) } : {}),
    ...(s.letters?.length ? { letters: s.letters.map((l) => ({ ...l })) } : {}),
  };
}

/** Markdown shown as the workflow's current details in the Temporal UI. */
export function caseDetails(
  input: DunningCaseInput,
  s: CarriedState,
  nextAction: NextAction | null,
  client: { email: string; unreachable: boolean },
): string {
  const fmt = (minor: number) => formatMoney({ currency: input.currency, minor }, input.client.locale);
  const lines = [
    `**${input.number}** · ${input.client.company ?? input.client.name} · due ${s.dueDate ?? input.dueDate}`,
    `Status **${s.status}**, stage **${s.stage}** · balance ${fmt(s.balanceMinor)} (paid ${fmt(s.paidMinor)}${s.creditedMinor ? `, credited ${fmt(s.creditedMinor)}` : ''})`,
  ];
  if (nextAction) lines.push(`Next: ${nextAction.step} (${nextAction.action}) at ${nextAction.at}`);
  if (s.promise) lines.push(`Promised to pay by ${s.promise.date}`);
  if (s.formalNotice)
    lines.push(`Formal notice sent ${s.formalNotice.sentOn}, deadline ${s.formalNotice.deadline}`);
  if (s.pausedReason) lines.push(`Paused: ${s.pausedReason}`);
  if (s.actionRequired)
    lines.push(`**Action required** (${s.actionRequired.step}): ${s.actionRequired.reason}`);
  if (s.overpaidMinor) lines.push(`Overpaid by ${fmt(s.overpaidMinor)}: refund or apply it`);
  if (client.unreachable) lines.push(`Client address ${client.email} bounced: calls and letters only`);
  if (s.finishedReason) lines.push(`Ended: ${s.finishedReason}`);
  return lines.join('\n\n');
}
