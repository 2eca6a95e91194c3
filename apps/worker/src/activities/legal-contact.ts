import type { TenantSettings } from '@relance/domain';
import { ApplicationFailure } from '@temporalio/activity';

type LegalContact = NonNullable<TenantSettings['legalContact']>;

/**
 * The tenant's lawyer or collection agency, or a refusal for good (`ActionRequired`) saying what
 * to set and how to go on: `resume`, the route that resumes what waits (a case, or a client's cases).
 */
export function requireLegalContact(settings: TenantSettings, resume: string): LegalContact {
  const lawyer = settings.legalContact;
  if (lawyer?.email) return lawyer;
  throw ApplicationFailure.nonRetryable(
    'No legal contact is set: add your lawyer or collection agency (legalContact: name and email) ' +
      `to the tenant settings with PATCH /v1/tenant, then ${resume}.`,
    'ActionRequired',
  );
}
