import type { Policy } from './types';

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
