import { openingRecord, parseMoney, toDecimal, type CaseRecord, type ListedRecord } from '@relance/domain';
import type { InvoiceEntity } from '../entities/invoice.entity';

/** The list columns of `invoices`: the fields of the case record SQL filters, sorts and sums on. */
export type RecordColumns = Pick<
  InvoiceEntity,
  'status' | 'stage' | 'paidMinor' | 'balanceMinor' | 'nextAction'
> &
  Partial<Pick<InvoiceEntity, 'dueDate'>>;

/**
 * The list columns of a case record, amounts in minor units of the invoice currency. Every write
 * of those columns (registration, the record, an older-shape write) goes through here, with the
 * record it derives them from.
 */
export function columnsOf(
  record: Pick<CaseRecord, 'status' | 'stage' | 'paid' | 'balance' | 'nextAction' | 'dueDate'>,
  currency: string,
): RecordColumns {
  return {
    status: record.status,
    stage: record.stage,
    paidMinor: parseMoney(record.paid, currency).minor,
    balanceMinor: parseMoney(record.balance, currency).minor,
    nextAction: record.nextAction ? { ...record.nextAction } : null,
    // A due date changed after registration moves the row's (lists, aging, days overdue follow).
    ...(record.dueDate ? { dueDate: record.dueDate } : {}),
  };
}

/**
 * The case record of a row: as its workflow last wrote it, else (not written yet) the opening
 * record of its registration, which its list columns were written from.
 */
export function recordOf(invoice: Pick<InvoiceEntity, 'caseRecord' | 'payload'>): CaseRecord {
  return invoice.caseRecord ?? openingRecord(invoice.payload);
}

/** What a list row holds of the record: its list columns and the flags it selects from the record. */
export type ListedColumns = RecordColumns &
  Pick<InvoiceEntity, 'currency'> & {
    caseRecord: Pick<CaseRecord, 'overpaid' | 'pausedReason' | 'actionRequired'> | null;
  };

/**
 * The listed fields of the record of a list row, which reads its columns rather than the record
 * (a list never loads the record whole): `columnsOf` read back, with the record's flags.
 */
export function listedRecordOf(row: ListedColumns): ListedRecord {
  const money = (minor: number) => toDecimal({ currency: row.currency, minor });
  const flags = row.caseRecord;
  return {
    status: row.status,
    stage: row.stage,
    paid: money(row.paidMinor),
    balance: money(row.balanceMinor),
    nextAction: row.nextAction ? { ...row.nextAction } : null,
    ...(flags?.overpaid ? { overpaid: flags.overpaid } : {}),
    ...(flags?.pausedReason ? { pausedReason: flags.pausedReason } : {}),
    ...(flags?.actionRequired
      ? { actionRequired: { step: flags.actionRequired.step, reason: flags.actionRequired.reason } }
      : {}),
  };
}
