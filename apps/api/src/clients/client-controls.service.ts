import { Injectable } from '@nestjs/common';
import type { InvoiceEntity, TenantEntity } from '@relance/persistence';
import { CaseCommandsService } from '../cases/case-commands.service';
import { ClientContactService, type ClientContactChange } from '../cases/client-contact.service';
import { Problem } from '../common/problem';
import { ClientsService } from './clients.service';
import { accountAnswer, ACCOUNT_CONCURRENCY, caseResult, mapLimit } from './each-case';
import type { ClientControlResult } from './schemas';

/**
 * A client account's controls (docs/architecture.md "Client accounts": the contact rules are the
 * client's): the body is validated once, before any case is touched, then the per-invoice command
 * runs on every open case of the client through the case gateway, each case answering for itself.
 */
@Injectable()
export class ClientControlsService {
  constructor(
    private readonly clients: ClientsService,
    private readonly commands: CaseCommandsService,
    private readonly contacts: ClientContactService,
  ) {}

  /** The new contact on every open case (its payload, and its workflow for email and phone). */
  changeContact(
    tenant: TenantEntity,
    clientId: string,
    change: ClientContactChange,
  ): Promise<ClientControlResult> {
    return this.onEveryOpenCase(tenant, clientId, (invoice) =>
      this.contacts.change(tenant, invoice.externalId, change),
    );
  }

  pause(tenant: TenantEntity, clientId: string, reason: string): Promise<ClientControlResult> {
    return this.onEveryOpenCase(tenant, clientId, (invoice) =>
      this.commands.pause(tenant, invoice.externalId, reason),
    );
  }

  resume(tenant: TenantEntity, clientId: string): Promise<ClientControlResult> {
    return this.onEveryOpenCase(tenant, clientId, (invoice) =>
      this.commands.resume(tenant, invoice.externalId),
    );
  }

  private async onEveryOpenCase(
    tenant: TenantEntity,
    clientId: string,
    run: (invoice: InvoiceEntity) => Promise<{ status: InvoiceEntity['status'] }>,
  ): Promise<ClientControlResult> {
    const open = await this.clients.openCases(tenant, clientId);
    if (open.length === 0)
      throw new Problem(409, 'Conflict', `client ${clientId} has no open case: nothing to change`);
    const results = await mapLimit(open, ACCOUNT_CONCURRENCY, (invoice) =>
      caseResult(invoice, () => run(invoice)),
    );
    return accountAnswer({ clientId, results }, results);
  }
}
