import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * SPEC §6: kept current at every transition so the Temporal UI can filter cases. Registered from
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
