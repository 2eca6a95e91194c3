import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { DEFAULT_POLICY_FR, withHandoffApproval } from './defaults';
import { validatePolicy } from './schema';
import type { Policy, PolicyStep } from './types';

describe('legal_handoff.requireApproval', () => {
  const handoff = (extra: Partial<PolicyStep> = {}): Policy => ({
    steps: [
      { id: 'r1', after: 'P1D', action: 'reminder', tone: 'friendly' },
      { id: 'lawyer', after: 'P30D', action: 'legal_handoff', ...extra },
    ],
  });

  it('is accepted on a hand-off and left as given (absent stays absent)', () => {
    expect(validatePolicy(handoff({ requireApproval: false })).steps[1]?.requireApproval).toBe(false);
    expect(validatePolicy(handoff()).steps[1]).not.toHaveProperty('requireApproval');
  });

  it('is refused on any other step, naming the field', () => {
    const policy = {
      steps: [{ id: 'r1', after: 'P1D', action: 'reminder', tone: 'friendly', requireApproval: true }],
    };
    expect(() => validatePolicy(policy)).toThrow(ValidationError);
    try {
      validatePolicy(policy);
    } catch (err) {
      expect((err as ValidationError).issues).toContainEqual({
        path: ['steps', 0, 'requireApproval'],
        message: 'only a legal_handoff waits for approval',
      });
    }
  });

  it('is filled with the product default, true, at registration (withHandoffApproval) unless given', () => {
    expect(withHandoffApproval(handoff()).steps[1]?.requireApproval).toBe(true);
    expect(withHandoffApproval(handoff({ requireApproval: false })).steps[1]?.requireApproval).toBe(false);
    const noHandoff: Policy = { steps: [{ id: 'r1', after: 'P1D', action: 'reminder', tone: 'friendly' }] };
    expect(withHandoffApproval(noHandoff)).toBe(noHandoff);
    // The shared, frozen default is never changed: a copy is returned.
    expect(withHandoffApproval(DEFAULT_POLICY_FR).steps.at(-1)?.requireApproval).toBe(true);
    expect(DEFAULT_POLICY_FR.steps.at(-1)).not.toHaveProperty('requireApproval');
  });
});
