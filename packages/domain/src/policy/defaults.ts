import { DEFAULT_REQUIRE_APPROVAL, type Policy } from './types';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The default French policy of docs/architecture.md "The policy and its schedule", verbatim. Frozen: it is shared by every case in a worker. */
export const DEFAULT_POLICY_FR: Policy = deepFreeze({
  steps: [
    { id: 'courtesy', after: '-P3D', action: 'reminder', tone: 'courtesy' },
    { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
    { id: 'reminder_2', after: 'P8D', action: 'reminder', tone: 'firm' },
    { id: 'final_notice', after: 'P15D', action: 'reminder', tone: 'urgent', callTask: true },
    { id: 'formal_notice', after: 'P30D', action: 'formal_notice', deadlineDays: 8 },
    { id: 'legal_handoff', after: 'P38D', action: 'legal_handoff', minAmount: '500.00' },
  ],
  businessDays: true,
  holidays: 'FR',
  sendWindow: { start: '09:00', end: '17:00' },
  maxContactsPerWeek: 2,
});

/**
 * The policy a case is registered with: its legal hand-off asks the creditor first unless the
 * policy says `requireApproval: false` (SPEC §3.2b). Filled at registration, not by the schema:
 * a case started before the field keeps handing off as it did (the workflow reads absent as false).
 */
export function withHandoffApproval(policy: Policy): Policy {
  if (!policy.steps.some((s) => s.action === 'legal_handoff' && s.requireApproval === undefined))
    return policy;
  return {
    ...policy,
    steps: policy.steps.map((s) =>
      s.action === 'legal_handoff' && s.requireApproval === undefined
        ? { ...s, requireApproval: DEFAULT_REQUIRE_APPROVAL }
        : s,
    ),
  };
}
