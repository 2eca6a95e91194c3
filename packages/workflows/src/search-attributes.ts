import { currencyDigits, INITIAL_CASE_STATE, parseMoney, type CaseStatus } from '@relance/domain';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { DunningCaseInput } from './contract';

/**
 * docs/architecture.md: kept current at every transition so the Temporal UI can filter cases. Registered from
 * deploy/temporal/search-attributes.txt (production setup and dev server), tested equal to this.
 */
export const SA = {
  tenant: defineSearchAttributeKey('RelanceTenant', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('RelanceStatus', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('RelanceStage', SearchAttributeType.KEYWORD),
  client: defineSearchAttributeKey('RelanceClient', SearchAttributeType.KEYWORD),
  balance: defineSearchAttributeKey('RelanceBalance', SearchAttributeType.DOUBLE),
  dueDate: defineSearchAttributeKey('RelanceDueDate', SearchAttributeType.DATETIME),
} as const;

/** The search attributes that follow the case (the others are set once, at start). */
export function currentSearchAttributes(
  s: { status: CaseStatus; stage: string; balanceMinor: number },
  currency: string,
): SearchAttributePair[] {
  return [
    { key: SA.status, value: s.status },
    { key: SA.stage, value: s.stage },
    { key: SA.balance, value: s.balanceMinor / 10 ** currencyDigits(currency) },
  ];
}

/**
 * Every search attribute of a new case, as its workflow would first upsert them: given at start,
 * they make the case filterable from its first instant and spare the workflow that upsert.
 */
export function startSearchAttributes(input: DunningCaseInput, clientId: string): SearchAttributePair[] {
  const balanceMinor = parseMoney(input.amountDue, input.currency).minor;
  return [
    { key: SA.tenant, value: input.tenant },
    ...currentSearchAttributes({ ...INITIAL_CASE_STATE, balanceMinor }, input.currency),
    { key: SA.client, value: clientId },
    { key: SA.dueDate, value: new Date(`${input.dueDate}T00:00:00Z`) },
  ];
}
