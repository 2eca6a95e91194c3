import {
  TERMINAL_STATUSES,
  type CaseRecord,
  type CaseStatus,
  type InvoiceInput,
  type ListedRecord,
} from '@relance/domain';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { row } from '../entities/columns';
import { InvoiceEntity } from '../entities/invoice.entity';
import { columnsOf, type ListedColumns, type RecordColumns } from './case-record';
import { InvoiceDocuments } from './invoice-documents';

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

/**
 * A row to insert, its list columns those of the opening record (`columnsOf(openingRecord(…))`):
 * status, stage and next action default to the opening record's.
 */
export type NewInvoice = Pick<
  InvoiceEntity,
  | 'tenantId'
  | 'externalId'
  | 'number'
  | 'workflowId'
  | 'clientId'
  | 'currency'
  | 'totalMinor'
  | 'issueDate'
  | 'dueDate'
  | 'payload'
  | 'payloadHash'
> &
  Pick<RecordColumns, 'paidMinor' | 'balanceMinor'> &
  Partial<RecordColumns>;

/** The columns a list shows: never the registration payload, nor the whole case record. */
const LIST_COLUMNS = [
  'id',
  'externalId',
  'number',
  'workflowId',
  'clientId',
  'currency',
  'totalMinor',
  'paidMinor',
  'balanceMinor',
  'issueDate',
  'dueDate',
  'status',
  'stage',
  'nextAction',
  'createdAt',
] as const satisfies (keyof InvoiceEntity)[];

/**
 * A row of a list: its columns, the client's names and zone, and the record's flags; the listed
 * fields of its record are `listedRecordOf(row)`.
 */
export type InvoiceListRow = Pick<InvoiceEntity, (typeof LIST_COLUMNS)[number]> &
  ListedColumns & {
    payload: { client: Pick<InvoiceInput['client'], 'id' | 'name' | 'company' | 'timezone'> };
  };

/**
 * What routing an event to its case needs: not the registration payload (it may hold a PDF).
 * `status` is the record's (its opening one, which the column holds, before the first write).
 */
export type CaseTarget = Pick<
  InvoiceEntity,
  'id' | 'tenantId' | 'externalId' | 'workflowId' | 'currency' | 'status' | 'workflowStartedAt'
>;

/** A write of the whole case record; `version` increases with every write of one case. */
export interface CaseRecordWrite {
  version: number;
  record: CaseRecord;
  /** The invoice currency, the record's amounts are in. */
  currency: string;
}

/** An older-shape write (scheduled before the case record existed): the record fields it carries. */
export interface SyncedFieldsWrite {
  version: number;
  fields: ListedRecord;
  currency: string;
}

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
              currency, COALESCE(case_record->>'status', status) AS status,
              workflow_started_at AS "workflowStartedAt"
       FROM invoices WHERE tenant_id = $1 AND external_id = $2`,
      [tenantId, externalId],
    )) as CaseTarget[];
    return found ?? null;
  }

  byId(id: string): Promise<InvoiceEntity | null> {
    return this.db.getRepository(InvoiceEntity).findOneBy({ id });
  }

  /** The case a reply-to token names (exact, lower case as issued). */
  byReplyToken(replyToken: string): Promise<InvoiceEntity | null> {
    return this.db.getRepository(InvoiceEntity).findOneBy({ replyToken });
  }

  byWorkflowId(workflowId: string): Promise<InvoiceEntity | null> {
    return this.db.getRepository(InvoiceEntity).findOneBy({ workflowId });
  }

  /** The open cases of one client of a tenant (a client account), oldest due date first. */
  openOfClient(tenantId: string, clientId: string): Promise<InvoiceEntity[]> {
    return this.db.getRepository(InvoiceEntity).find({
      where: { tenantId, clientId, status: Not(In([...TERMINAL_STATUSES])) },
      order: { dueDate: 'ASC', createdAt: 'ASC' },
    });
  }

  /**
   * The client's open cases, other than `exceptId`, whose current client email (the registration
   * payload's, as a contact change leaves it) is `address`, compared in any case: the cases a
   * bounce or complaint of that address concerns. As event targets, oldest due date first.
   */
  openOfClientMailedAt(
    tenantId: string,
    clientId: string,
    address: string,
    exceptId: string,
  ): Promise<CaseTarget[]> {
    return this.db.query(
      `SELECT id, tenant_id AS "tenantId", external_id AS "externalId", workflow_id AS "workflowId",
              currency, COALESCE(case_record->>'status', status) AS status,
              workflow_started_at AS "workflowStartedAt"
         FROM invoices
        WHERE tenant_id = $1 AND client_id = $2 AND id <> $4 AND status <> ALL($5::text[])
          AND lower(trim(payload->'client'->>'email')) = lower(trim($3))
        ORDER BY due_date, created_at, id`,
      [tenantId, clientId, address, exceptId, [...TERMINAL_STATUSES]],
    ) as Promise<CaseTarget[]>;
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

  /**
   * The invoice PDF given inline at registration, kept beside the row rather than in its payload
   * (lists and case reads never carry it); `sourceUrl` null says it came with the registration.
   */
  async insertInlinePdf(
    manager: EntityManager,
    invoice: Pick<InvoiceEntity, 'id' | 'tenantId'>,
    content: Buffer,
  ) {
    await new InvoiceDocuments(this.db).insert(manager, {
      invoiceId: invoice.id,
      tenantId: invoice.tenantId,
      sourceUrl: null,
      content,
    });
  }

  /** The case's workflow is known to be running: a row without this is repaired by the next registration. */
  async markStarted(id: string): Promise<void> {
    await this.db.getRepository(InvoiceEntity).update({ id }, { workflowStartedAt: new Date() });
  }

  /**
   * Writes the case record and its list columns (`columnsOf`) unless a newer one (higher version)
   * is already there: writes of one case may finish out of order.
   */
  async writeRecord(
    workflowId: string,
    { version, record, currency }: CaseRecordWrite,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager
      .getRepository(InvoiceEntity)
      .createQueryBuilder()
      .update()
      .set(
        row<InvoiceEntity>({
          ...columnsOf(record, currency),
          caseRecord: record,
          projectionVersion: version,
        }),
      )
      .where('workflow_id = :id AND projection_version < :version', { id: workflowId, version })
      .execute();
  }

  /**
   * A write scheduled before the case record existed (in flight during the deploy): its fields
   * merged into the record (its other fields kept, the flags it does not carry dropped) and the
   * list columns derived from them, unless newer.
   */
  async syncColumns(workflowId: string, { version, fields, currency }: SyncedFieldsWrite): Promise<void> {
    await this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder()
      .update()
      .set({
        ...row<InvoiceEntity>({ ...columnsOf(fields, currency), projectionVersion: version }),
        caseRecord: () =>
          `COALESCE("case_record", '{}'::jsonb) - 'overpaid' - 'pausedReason' - 'actionRequired' || :merged::jsonb`,
      })
      .setParameter('merged', JSON.stringify(fields))
      .where('workflow_id = :id AND projection_version < :version', { id: workflowId, version })
      .execute();
  }

  /** Case counts by status, every tenant (the /metrics figures). */
  countsByStatus(): Promise<{ status: string; n: number }[]> {
    return this.db.query(`SELECT status, count(*)::int AS n FROM invoices GROUP BY status`) as Promise<
      { status: string; n: number }[]
    >;
  }

  async replacePayload(manager: EntityManager, id: string, payload: InvoiceEntity['payload']): Promise<void> {
    await manager.getRepository(InvoiceEntity).update({ id }, row<InvoiceEntity>({ payload }));
  }

  /** A tenant's invoices, newest first, with each row's position for the next page. */
  async page(
    tenantId: string,
    filter: InvoicePageFilter,
  ): Promise<{ items: { invoice: InvoiceListRow; position: InvoicePosition }[]; more: boolean }> {
    const q = this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder('i')
      .select(LIST_COLUMNS.map((c) => `i.${c}`))
      .addSelect(
        `jsonb_strip_nulls(jsonb_build_object('id', i.payload->'client'->'id', 'name', i.payload->'client'->'name',
           'company', i.payload->'client'->'company', 'timezone', i.payload->'client'->'timezone'))`,
        'list_client',
      )
      .addSelect(
        `jsonb_strip_nulls(jsonb_build_object('overpaid', i.case_record->'overpaid',
           'pausedReason', i.case_record->'pausedReason', 'actionRequired', i.case_record->'actionRequired'))`,
        'list_record',
      )
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
    const { entities, raw } = await q.getRawAndEntities<{
      i_id: string;
      cursor_at: string;
      list_client: InvoiceListRow['payload']['client'];
      list_record: NonNullable<InvoiceListRow['caseRecord']>;
    }>();
    const extra = new Map(raw.map((r) => [r.i_id, r]));
    return {
      items: entities.slice(0, filter.limit).map((columns) => {
        const r = extra.get(columns.id)!;
        const invoice: InvoiceListRow = {
          ...columns,
          payload: { client: r.list_client },
          caseRecord: r.list_record,
        };
        return { invoice, position: { createdAt: r.cursor_at, id: columns.id } };
      }),
      more: entities.length > filter.limit,
    };
  }
}
