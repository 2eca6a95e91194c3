import type { TimelineType } from '@relance/domain';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { row } from '../entities/columns';
import { TimelineEventEntity } from '../entities/timeline-event.entity';
import { timelineEntryId } from '../keys';

/** One entry as its writer describes it; `key` is unique per case (see `timelineKey`). */
export interface TimelineEntry {
  key: string;
  type: TimelineType;
  /** When it happened (default: now). */
  at?: Date;
  step?: string | null;
  data?: Record<string, unknown>;
}

/** The invoice an entry belongs to. */
export interface TimelineCase {
  id: string;
  tenantId: string;
}

/**
 * The case's audit trail (`timeline_events`): every writer, API and worker, appends through here,
 * so every row id is `timelineEntryId(invoice, key)` and an entry written twice is one row.
 */
export class Timeline {
  constructor(private readonly db: DataSource) {}

  /**
   * Appends the entry unless one with its key is already there (a retry, a replayed webhook).
   * Inside a transaction pass its manager. True when this call wrote the row.
   */
  async append(
    invoice: TimelineCase,
    entry: TimelineEntry,
    manager: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(TimelineEventEntity)
      .values(
        row<TimelineEventEntity>({
          id: timelineEntryId(invoice.id, entry.key),
          tenantId: invoice.tenantId,
          invoiceId: invoice.id,
          at: entry.at ?? new Date(),
          type: entry.type,
          step: entry.step ?? null,
          data: entry.data ?? {},
        }),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** The case's entries in order; `asOf` leaves out those recorded later. */
  list(invoiceId: string, { asOf }: { asOf?: Date } = {}): Promise<TimelineEventEntity[]> {
    return this.db.getRepository(TimelineEventEntity).find({
      where: { invoiceId, ...(asOf ? { recordedAt: LessThanOrEqual(asOf) } : {}) },
      order: { at: 'ASC', recordedAt: 'ASC', id: 'ASC' },
    });
  }
}
