import { emailDomain, senderPermitted } from '@relance/domain';
import { Tenants, type TenantEntity } from '@relance/persistence';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** The address of a From header (`Name <address>` or a bare address). */
export function fromAddress(header: string): string {
  const m = /<([^<>]*)>\s*$/.exec(header);
  return (m ? m[1]! : header).trim();
}

/**
 * Why the tenant may not send from this From header now, or undefined. Checked at every send:
 * the API only checks an address when it changes, so a domain removed later (`sender-domains
 * set`) or an address stored before the allow-list existed would otherwise keep sending.
 */
export function senderRefusal(
  tenant: Pick<TenantEntity, 'slug' | 'senderDomains'>,
  from: string,
): string | undefined {
  const address = fromAddress(from);
  if (senderPermitted(tenant.slug, address, tenant.senderDomains)) return undefined;
  const allowed = tenant.senderDomains.join(', ') || 'none';
  return (
    `the sender ${address} is not allowed for this tenant: its domain ${emailDomain(address)} is not ` +
    `among the sending domains an operator allowed (${allowed}). Set sender.fromEmail to an allowed ` +
    `address with PATCH /v1/tenant (or have an operator run: sender-domains set ${tenant.slug} <domain…>), ` +
    'then resume the case.'
  );
}

/** Tenants whose stored sender is no longer permitted: their emails will be refused. */
export async function disallowedSenders(
  db: DataSource,
): Promise<{ slug: string; fromEmail: string; senderDomains: string[] }[]> {
  const rows = await new Tenants(db).storedSenders();
  return rows
    .filter((t) => t.fromEmail && !senderPermitted(t.slug, t.fromEmail, t.senderDomains))
    .map((t) => ({ slug: t.slug, fromEmail: t.fromEmail!, senderDomains: t.senderDomains }));
}

/**
 * At worker start, one warning per tenant whose stored sender is no longer permitted, so an
 * operator learns of it before its cases start waiting on `action_required`. Never fatal.
 */
export async function warnDisallowedSenders(db: DataSource, logger: Logger): Promise<number> {
  try {
    const tenants = await disallowedSenders(db);
    for (const t of tenants) {
      logger.warn(
        { tenant: t.slug, fromEmail: t.fromEmail, senderDomains: t.senderDomains },
        `tenant ${t.slug} sends from ${t.fromEmail}, whose domain is not allowed: its emails will be refused ` +
          `until sender.fromEmail is changed or an operator runs: sender-domains set ${t.slug} <domain…>`,
      );
    }
    return tenants.length;
  } catch (err) {
    logger.warn({ err }, 'could not check the tenants’ stored senders');
    return 0;
  }
}
