import { openingRecord, type CaseRecord } from '@relance/domain';
import { sampleInvoice } from '@relance/domain/testing';
import { describe, expect, it } from 'vitest';
import { columnsOf, listedRecordOf, recordOf } from './case-record';

const record: CaseRecord = {
  status: 'paused',
  stage: 'reminder_2',
  paid: '250.00',
  balance: '950.00',
  nextAction: {
    step: 'reminder_2',
    action: 'action_required',
    at: '2026-12-02T10:00:00Z',
    reason: 'refused',
  },
  plan: { instalments: [{ dueDate: '2026-12-10', amount: '950.00' }], paid: '0.00' },
  formalNotice: { sentOn: '2026-11-20', deadline: '2026-11-28' },
  overpaid: '0.01',
  pausedReason: 'action_required',
  actionRequired: { step: 'reminder_2', reason: 'refused' },
};

describe('columnsOf', () => {
  it('moves the due date column when the record carries a changed due date, and only then', () => {
    expect(columnsOf({ ...record, dueDate: '2026-12-31' }, 'EUR')).toMatchObject({ dueDate: '2026-12-31' });
    expect(columnsOf(record, 'EUR')).not.toHaveProperty('dueDate');
  });

  it('gives the list columns of a record, amounts in minor units of the invoice currency', () => {
    expect(columnsOf(record, 'EUR')).toEqual({
      status: 'paused',
      stage: 'reminder_2',
      paidMinor: 25_000,
      balanceMinor: 95_000,
      nextAction: record.nextAction,
    });
    expect(columnsOf({ ...record, paid: '0', balance: '120000' }, 'JPY')).toMatchObject({
      paidMinor: 0,
      balanceMinor: 120_000,
    });
  });

  it('copies the next action (a later change of the record does not reach the columns) and keeps null', () => {
    const columns = columnsOf(record, 'EUR');
    expect(columns.nextAction).not.toBe(record.nextAction);
    expect(columnsOf({ ...record, nextAction: null }, 'EUR').nextAction).toBeNull();
  });

  it('refuses an amount the currency cannot hold rather than rounding it', () => {
    expect(() => columnsOf({ ...record, balance: '10.5' }, 'JPY')).toThrow();
  });
});

describe('listedRecordOf', () => {
  it("reads back, from a list row's columns and flags, the listed fields of the record they came from", () => {
    const row = {
      ...columnsOf(record, 'EUR'),
      currency: 'EUR',
      caseRecord: {
        overpaid: record.overpaid,
        pausedReason: record.pausedReason,
        actionRequired: record.actionRequired,
      },
    };
    const { plan: _plan, formalNotice: _notice, ...listed } = record;
    expect(listedRecordOf(row)).toEqual(listed);
    expect(listedRecordOf({ ...row, caseRecord: null })).toEqual({
      status: 'paused',
      stage: 'reminder_2',
      paid: '250.00',
      balance: '950.00',
      nextAction: record.nextAction,
    });
  });
});

describe('recordOf', () => {
  it('is the record as written, else the opening record of the registration', () => {
    const payload = sampleInvoice({ total: '1200.00', amountDue: '1000.00' });
    expect(recordOf({ caseRecord: record, payload })).toBe(record);
    expect(recordOf({ caseRecord: null, payload })).toEqual(openingRecord(payload));
    expect(recordOf({ caseRecord: null, payload })).toEqual({
      status: 'pending',
      stage: 'none',
      paid: '200.00',
      balance: '1000.00',
      nextAction: null,
    });
  });
});
