import { Inject, Injectable } from '@nestjs/common';
import { DomainError, localDate, type CaseStatus } from '@relance/domain';
import {
  InvoiceEntity,
  Invoices,
  loadRateTables,
  TenantEntity,
  Timeline,
  TimelineEventEntity,
} from '@relance/persistence';
import { DataSource } from 'typeorm';
import { Problem } from '../common/problem';
import { caseSummary, caseView, payloadOf, penaltiesResponse, penaltyBreakdown } from './case-view';
import { decodeCursor, encodeCursor } from './cursor';
import type { CaseView, PenaltiesResponse } from './schemas';

export interface ListFilter {
  status?: CaseStatus;
  stage?: string;
  clientId?: string;
  limit: number;
  cursor?: string;
}

/** Reads of cases, always scoped to the caller's tenant: another tenant's invoice does not exist. */
@Injectable()
export class CasesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Invoices) private readonly invoices: Invoices,
    @Inject(Timeline) private readonly entries: Timeline,
  ) {}

  async find(tenant: TenantEntity, externalId: string): Promise<InvoiceEntity> {
    const invoice = await this.invoices.byExternalId(tenant.id, externalId);
    if (!invoice) throw new Problem(404, 'Not found', `no invoice ${externalId}`);
    return invoice;
  }

  timeline(invoice: InvoiceEntity): Promise<TimelineEventEntity[]> {
    return this.entries.list(invoice.id);
  }

  async view(tenant: TenantEntity, externalId: string): Promise<CaseView> {
    return this.viewOf(tenant, await this.find(tenant, externalId));
  }

  async viewOf(tenant: TenantEntity, invoice: InvoiceEntity): Promise<CaseView> {
    const [timeline, tables] = await Promise.all([this.timeline(invoice), loadRateTables(this.db)]);
    return caseView(invoice, timeline, tenant.settings.jurisdiction, new Date(), tables);
  }

  async list(tenant: TenantEntity, filter: ListFilter) {
    const { cursor, ...rest } = filter;
    const { items, more } = await this.invoices.page(tenant.id, {
      ...rest,
      after: cursor ? decodeCursor(cursor) : undefined,
    });
    const now = new Date();
    const last = items.at(-1);
    return {
      items: items.map(({ invoice }) => caseSummary(invoice, now)),
      nextCursor: more && last ? encodeCursor(last.position) : null,
    };
  }

  /** The penalty breakdown as of a date (default today in the client's zone), on the record's balance. */
  async penalties(tenant: TenantEntity, externalId: string, asOf?: string): Promise<PenaltiesResponse> {
    const invoice = await this.find(tenant, externalId);
    const date = asOf ?? localDate(new Date().toISOString(), payloadOf(invoice).client.timezone);
    const tables = await loadRateTables(this.db);
    try {
      return penaltiesResponse(penaltyBreakdown(invoice, tenant.settings.jurisdiction, date, tables));
    } catch (err) {
      if (err instanceof DomainError) {
        throw new Problem(422, 'Penalties cannot be computed', err.message, [
          { path: 'asOf', message: err.message },
        ]);
      }
      throw err;
    }
  }
}
