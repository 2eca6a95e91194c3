import type { CaseStatus } from '@relance/domain';
import { DataSource, EntityManager } from 'typeorm';
import { row } from '../entities/columns';
import { InvoiceEntity } from '../entities/invoice.entity';

/** A page position: the (created_at, id) of the last row served, `created_at` to the microsecond. */
export interface InvoicePosition {
  createdAt: string;
  id: string;
}

export interface InvoicePageFilter {
  status?: CaseStatus;
  stage?: string;
  clientId?: string;
  limit: number;
  /** Rows strictly older than this position (newest first). */
  after?: InvoicePosition;
}

export type NewInvoice = Pick<
  InvoiceEntity,
  | 'tenantId'
  | 'externalId'
  | 'number'
  | 'workflowId'
  | 'clientId'
  | 'currency'
  | 'totalMinor'
  | 'paidMinor'
  | 'balanceMinor'
  | 'issueDate'
  | 'dueDate'
  | 'payload'
  | 'payloadHash'
>;

/** What routing an event to its case needs: not the registration payload (it may hold a PDF). */
export type CaseTarget = Pick<
  InvoiceEntity,
  'id' | 'tenantId' | 'externalId' | 'workflowId' | 'currency' | 'status' | 'workflowStartedAt'
>;

/** Invoices and their case projections (`invoices`), always looked up within a tenant from the API. */
export class Invoices {
  constructor(private readonly db: DataSource) {}

  byExternalId(tenantId: string, externalId: string): Promise<InvoiceEntity | null> {
    return this.db.getRepository(InvoiceEntity).findOneBy({ tenantId, externalId });
  }

  /** The case an inbound event is for, with the few columns a webhook reads (plain SQL: a hot path). */
  async target(tenantId: string, externalId: string): Promise<CaseTarget | null> {
    const [found] = (await this.db.query(
      `SELECT id, tenant_id AS "tenantId", external_id AS "externalId", workflow_id AS "workflowId",
              currency, status, workflow_started_at AS "workflowStartedAt"
       FROM invoices WHERE tenant_id = $1 AND external_id = $2`,
      [tenantId, externalId],
    )) as CaseTarget[];
    return found ?? null;
  }

  byId(id: string): Promise<InvoiceEntity | null> {
    return this.db.getRepository(InvoiceEntity).findOneBy({ id });
  }

  byWorkflowId(workflowId: string): Promise<InvoiceEntity | null> {
    return this.db.getRepository(InvoiceEntity).findOneBy({ workflowId });
  }

  /** The row, locked until the transaction of `manager` ends. */
  lockByExternalId(
    manager: EntityManager,
    tenantId: string,
    externalId: string,
  ): Promise<InvoiceEntity | null> {
    return manager.getRepository(InvoiceEntity).findOne({
      where: { tenantId, externalId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  insert(manager: EntityManager, invoice: NewInvoice): Promise<InvoiceEntity> {
    const repo = manager.getRepository(InvoiceEntity);
    return repo.save(repo.create(invoice));
  }

  /** The case's workflow is known to be running: a row without this is repaired by the next registration. */
  async markStarted(id: string): Promise<void> {
    await this.db.getRepository(InvoiceEntity).update({ id }, { workflowStartedAt: new Date() });
  }

  async replacePayload(manager: EntityManager, id: string, payload: InvoiceEntity['payload']): Promise<void> {
    await manager.getRepository(InvoiceEntity).update({ id }, row<InvoiceEntity>({ payload }));
  }

  /** A tenant's invoices, newest first, with each row's position for the next page. */
  async page(
    tenantId: string,
    filter: InvoicePageFilter,
  ): Promise<{ items: { invoice: InvoiceEntity; position: InvoicePosition }[]; more: boolean }> {
    const q = this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder('i')
      .addSelect(`to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .where('i.tenant_id = :tenantId', { tenantId })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.status) q.andWhere('i.status = :status', { status: filter.status });
    if (filter.stage) q.andWhere('i.stage = :stage', { stage: filter.stage });
    if (filter.clientId) q.andWhere('i.client_id = :clientId', { clientId: filter.clientId });
    if (filter.after)
      q.andWhere('(i.created_at, i.id) < (:at::timestamptz, :id::uuid)', {
        at: filter.after.createdAt,
        id: filter.after.id,
      });
    const { entities, raw } = await q.getRawAndEntities<{ i_id: string; cursor_at: string }>();
    const createdAt = new Map(raw.map((r) => [r.i_id, r.cursor_at]));
    return {
      items: entities
        .slice(0, filter.limit)
        .map((invoice) => ({ invoice, position: { createdAt: createdAt.get(invoice.id)!, id: invoice.id } })),
      more: entities.length > filter.limit,
    };
  }
}
