import { Inject, Injectable } from '@nestjs/common';
import { emailDomain, senderPermitted, type TenantSettings } from '@relance/domain';
import { type TenantEntity, Tenants } from '@relance/persistence';
import { invalid } from '../common/problem';

/** The domains a tenant may send from: set by operators (CLI), enforced when the From address changes. */
@Injectable()
export class SenderDomainsService {
  constructor(@Inject(Tenants) private readonly tenants: Tenants) {}

  /** Operators only (CLI): the domains the tenant may send from; replaces the list. */
  async setSenderDomains(tenant: TenantEntity, domains: string[]): Promise<string[]> {
    const unique = [...new Set(domains.map((d) => d.toLowerCase()))].sort();
    await this.tenants.setSenderDomains(tenant.id, unique);
    return unique;
  }

  /**
   * A new From address needs a domain an operator allowed for this tenant (CLI `sender-domains`):
   * otherwise any API key could make the provider send as any domain the account verified.
   * Throws a 422 naming `sender.fromEmail`; an unchanged address is not checked again here.
   */
  checkNewSender(tenant: TenantEntity, current: TenantSettings, next: TenantSettings): void {
    const from = next.sender.fromEmail;
    if (from.toLowerCase() === current.sender?.fromEmail?.toLowerCase()) return;
    if (senderPermitted(tenant.slug, from, tenant.senderDomains)) return;
    const allowed = tenant.senderDomains.join(', ') || 'none yet';
    throw invalid([
      {
        path: 'sender.fromEmail',
        message: `the domain ${emailDomain(from)} is not allowed for this tenant (allowed: ${allowed}); an operator allows it with: sender-domains set ${tenant.slug} <domain…>`,
      },
    ]);
  }
}
