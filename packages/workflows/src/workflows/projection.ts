import { formatMoney, isTerminal, toDecimal } from '@relance/domain';
import type { CarriedState, CaseState, DunningCaseInput, NextAction } from '../contract';

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
    dueDate: input.dueDate,
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
    `**${input.number}** · ${input.client.company ?? input.client.name} · due ${input.dueDate}`,
    `Status **${s.status}**, stage **${s.stage}** · balance ${fmt(s.balanceMinor)} (paid ${fmt(s.paidMinor)})`,
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
