import { Inject, Injectable } from '@nestjs/common';
import { DomainError, localDate, type Jurisdiction, type TenantSettings } from '@relance/domain';
import { InvoiceEntity, loadRateTables, TenantEntity, TimelineEventEntity } from '@relance/persistence';
import { DataSource } from 'typeorm';
import { Problem } from '../common/problem';
import {
  caseSummary,
  caseView,
  formalNoticeDate,
  payloadOf,
  penaltiesResponse,
  penaltyBreakdown,
} from './case-view';
import { decodeCursor, encodeCursor } from './cursor';
import type { CaseView, PenaltiesResponse } from './schemas';

export interface ListFilter {
  status?: string;
  stage?: string;
  clientId?: string;
  limit: number;
  cursor?: string;
}

/** Reads of cases, always scoped to the caller's tenant: another tenant's invoice does not exist. */
@Injectable()
export class CasesService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async find(tenant: TenantEntity, externalId: string): Promise<InvoiceEntity> {
    const invoice = await this.db.getRepository(InvoiceEntity).findOneBy({ tenantId: tenant.id, externalId });
    if (!invoice) throw new Problem(404, 'Not found', `no invoice ${externalId}`);
    return invoice;
  }

  timeline(invoice: InvoiceEntity): Promise<TimelineEventEntity[]> {
    return this.db
      .getRepository(TimelineEventEntity)
      .find({ where: { invoiceId: invoice.id }, order: { at: 'ASC', recordedAt: 'ASC', id: 'ASC' } });
  }

  jurisdiction(tenant: TenantEntity, invoice: InvoiceEntity): Jurisdiction {
    return payloadOf(invoice).jurisdiction ?? (tenant.settings as TenantSettings).jurisdiction;
  }

  async view(tenant: TenantEntity, externalId: string): Promise<CaseView> {
    return this.viewOf(tenant, await this.find(tenant, externalId));
  }

  async viewOf(tenant: TenantEntity, invoice: InvoiceEntity): Promise<CaseView> {
    const [timeline, tables] = await Promise.all([this.timeline(invoice), loadRateTables(this.db)]);
    return caseView(invoice, timeline, this.jurisdiction(tenant, invoice), new Date(), tables);
  }

  async list(tenant: TenantEntity, filter: ListFilter) {
    const q = this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder('i')
      .addSelect(`to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .where('i.tenant_id = :tenant', { tenant: tenant.id })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.status) q.andWhere('i.status = :status', { status: filter.status });
    if (filter.stage) q.andWhere('i.stage = :stage', { stage: filter.stage });
    if (filter.clientId) q.andWhere('i.client_id = :clientId', { clientId: filter.clientId });
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      q.andWhere('(i.created_at, i.id) < (:at::timestamptz, :id::uuid)', { at: c.createdAt, id: c.id });
    }
    const { entities, raw } = await q.getRawAndEntities<{ i_id: string; cursor_at: string }>();
    const now = new Date();
    const page = entities.slice(0, filter.limit);
    const last = page.at(-1);
    const lastRaw = last && raw.find((r) => r.i_id === last.id);
    return {
      items: page.map((i) => caseSummary(i, now)),
      nextCursor:
        entities.length > filter.limit && lastRaw
          ? encodeCursor({ createdAt: lastRaw.cursor_at, id: last.id })
          : null,
    };
  }

  /** The penalty breakdown as of a date (default today in the client's zone), on the current balance. */
  async penalties(tenant: TenantEntity, externalId: string, asOf?: string): Promise<PenaltiesResponse> {
    const invoice = await this.find(tenant, externalId);
    const date = asOf ?? localDate(new Date().toISOString(), payloadOf(invoice).client.timezone);
    const tables = await loadRateTables(this.db);
    try {
      const notice = formalNoticeDate(invoice);
      return penaltiesResponse(
        penaltyBreakdown(
          invoice,
          this.jurisdiction(tenant, invoice),
          date,
          invoice.balanceMinor,
          notice,
          tables,
        ),
      );
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
