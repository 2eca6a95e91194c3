import { Inject, Injectable } from '@nestjs/common';
import { localDate } from '@relance/domain';
import { ClientAccounts, InvoiceEntity, TenantEntity } from '@relance/persistence';
import { caseSummary } from '../cases/case-view';
import { Problem } from '../common/problem';
import { agingCurrencies } from '../reports/aging';
import { clientSummary, contactHistory, suppressedAddresses } from './client-view';
import { decodeClientCursor, encodeClientCursor } from './cursor';
import { CONTACT_HISTORY_LIMIT, type ClientDetail, type ClientSummary } from './schemas';

/**
 * Client accounts as the API reads them (docs/architecture.md "Client accounts"): a client account
 * is (tenant, client.id) over the tenant's invoices; everything is read from the projection, the
 * timeline and the emails, never from Temporal.
 */
@Injectable()
export class ClientsService {
  constructor(@Inject(ClientAccounts) private readonly accounts: ClientAccounts) {}

  /** 404 unless the tenant has an invoice of this client. */
  async assertKnown(tenant: TenantEntity, clientId: string): Promise<void> {
    if (!(await this.accounts.exists(tenant.id, clientId)))
      throw new Problem(404, 'Not found', `no client ${clientId}`);
  }

  /** The client's open cases, oldest due date first; 404 for a client the tenant does not know. */
  async openCases(tenant: TenantEntity, clientId: string): Promise<InvoiceEntity[]> {
    const open = await this.accounts.openCases(tenant.id, clientId);
    if (open.length === 0) await this.assertKnown(tenant, clientId);
    return open;
  }

  async list(tenant: TenantEntity, page: { limit: number; cursor?: string }) {
    const { ids, more } = await this.accounts.clientIds(tenant.id, {
      limit: page.limit,
      after: page.cursor ? decodeClientCursor(page.cursor) : undefined,
    });
    return {
      items: await this.summaries(tenant, ids),
      nextCursor: more && ids.length > 0 ? encodeClientCursor(ids.at(-1)!) : null,
    };
  }

  async detail(tenant: TenantEntity, clientId: string): Promise<ClientDetail> {
    const [summary] = await this.summaries(tenant, [clientId]);
    if (!summary) throw new Problem(404, 'Not found', `no client ${clientId}`);
    const asOf = localDate(new Date().toISOString(), tenant.settings.timezone);
    const [open, aging, bounced, contacts] = await Promise.all([
      this.accounts.openCases(tenant.id, clientId),
      this.accounts.aging(tenant.id, asOf, [clientId]),
      this.accounts.bouncedAddresses(tenant.id, clientId),
      this.accounts.contactHistory(tenant.id, clientId, CONTACT_HISTORY_LIMIT),
    ]);
    const now = new Date();
    return {
      ...summary,
      cases: open.map((invoice) => caseSummary(invoice, now)),
      aging: { asOf, currencies: agingCurrencies(aging) },
      suppressedAddresses: suppressedAddresses(bounced),
      contactHistory: contactHistory(contacts),
    };
  }

  private async summaries(tenant: TenantEntity, clientIds: string[]): Promise<ClientSummary[]> {
    if (clientIds.length === 0) return [];
    const [rows, planned] = await Promise.all([
      this.accounts.summaries(tenant.id, clientIds),
      this.accounts.plannedActions(tenant.id, clientIds),
    ]);
    return rows.map((row) => clientSummary(row, planned));
  }
}
