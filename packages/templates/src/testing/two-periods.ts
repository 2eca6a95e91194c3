// Test data (used by the *.test.ts files only).
import { sampleInvoice, sampleTwoPeriodPenalties } from '../fixtures';

/**
 * A notice about a 2024 invoice whose interest runs over two half-year rate periods: spread it
 * over a formal notice (email or PDF) to print one interest line per period.
 */
export const twoPeriodNotice = {
  invoice: {
    ...sampleInvoice,
    number: 'F-2024-0117',
    issueDate: '2024-11-20',
    dueDate: '2024-12-20',
    total: '2400.00',
    balance: '2400.00',
  },
  penalties: sampleTwoPeriodPenalties,
  sentOn: '2025-01-19',
  deadline: '2025-01-27',
};
