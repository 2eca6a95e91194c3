import { Inject, Injectable } from '@nestjs/common';
import { isTerminal, type ClientInput } from '@relance/domain';
import { InvoiceEntity, Invoices, recordOf, TenantEntity } from '@relance/persistence';
import { clientContactSignal, type ClientContactInput } from '@relance/workflows';
import { DataSource } from 'typeorm';
import { Problem } from '../common/problem';
import { CaseClosed, type IfUnreachable } from './case-errors';
import { CaseGateway } from './case-gateway';
import { payloadOf } from './case-view';
import { CasesService } from './cases.service';
import type { CaseView } from './schemas';

/** The per-invoice route changes email, phone and cc; a client account's (`PATCH /v1/clients/{clientId}`) also its names. */
export type ClientContactChange = Partial<Pick<ClientInput, 'email' | 'phone' | 'cc' | 'name' | 'company'>>;

/**
 * `PATCH /v1/invoices/{externalId}/client` (docs/architecture.md "What a case reacts to": a bounced address is not mailed again until
 * a new one is given). The stored registration payload is what the worker addresses emails and
 * call tasks from; the workflow is told so it forgets the suppressed address. Both happen or
 * neither: the signal is sent inside the transaction that rewrites the payload, with the row
 * locked, and a failed signal rolls the payload back (the caller repeats the request).
 */
@Injectable()
export class ClientContactService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly gateway: CaseGateway,
    @Inject(Invoices) private readonly invoices: Invoices,
    private readonly cases: CasesService,
  ) {}

  async change(tenant: TenantEntity, externalId: string, change: ClientContactChange): Promise<CaseView> {
    await this.cases.find(tenant, externalId); // 404 before anything else
    const invoice = await this.db.transaction(async (m) => {
      const locked = await this.invoices.lockByExternalId(m, tenant.id, externalId);
      if (!locked) throw new Problem(404, 'Not found', `no invoice ${externalId}`);
      if (!locked.workflowStartedAt) {
        throw new Problem(
          409,
          'Conflict',
          `the case of ${externalId} was not started: repeat its registration (POST /v1/invoices) first`,
        );
      }
      if (isTerminal(recordOf(locked).status)) throw closed(locked);
      const payload = payloadOf(locked);
      const client: ClientInput = { ...payload.client, ...definedOnly(change) };
      // The payload hash is left as registered: repeating the original registration still answers 200.
      await this.invoices.replacePayload(m, locked.id, { ...payload, client });
      const signal: ClientContactInput = {
        ...(change.email !== undefined ? { email: change.email } : {}),
        ...(change.phone !== undefined ? { phone: change.phone } : {}),
      };
      // A cc change alone concerns only the worker, which reads the payload at each send.
      if (signal.email !== undefined || signal.phone !== undefined) await this.signal(locked, signal);
      return locked;
    });
    return this.cases.view(tenant, invoice.externalId);
  }

  private async signal(invoice: InvoiceEntity, contact: ClientContactInput): Promise<void> {
    try {
      await this.gateway.signal(invoice.workflowId, clientContactSignal, [contact], {
        ifUnreachable: CONTACT_UNREACHABLE,
      });
    } catch (err) {
      // The case closed between the projection read and the signal.
      throw err instanceof CaseClosed ? closed(invoice) : err;
    }
  }
}

const CONTACT_UNREACHABLE: IfUnreachable = {
  detail: 'the case could not be reached: nothing was changed, repeat the same request',
  retryAfterS: 5,
};

function closed(invoice: InvoiceEntity): Problem {
  const { status } = recordOf(invoice);
  return new Problem(
    409,
    'Conflict',
    `the case of ${invoice.externalId} is closed (${status}): its client contact can no longer change`,
    undefined,
    { caseStatus: status },
  );
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
