import { describe, expect, it } from 'vitest';
import { caseWorkflowId, closedCasePaymentWorkflowId, latePaymentKey } from './ids';

describe('latePaymentKey', () => {
  it('keys a payment that reached a closed case by its id, as the API and the workflow both write it', () => {
    expect(latePaymentKey('pay-1')).toBe('webhook:pay-1');
  });
});

describe('case ids', () => {
  it('builds one workflow id per invoice, and encodes the parts of a late payment id', () => {
    expect(caseWorkflowId('acme', 'F-1')).toBe('dunning:acme:F-1');
    expect(closedCasePaymentWorkflowId('acme', 'A:1', 'p:2')).toBe('late-payment:acme:A%3A1:p%3A2');
  });
});
