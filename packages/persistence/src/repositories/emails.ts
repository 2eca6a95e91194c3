import { DataSource, EntityManager } from 'typeorm';
import { EmailEntity } from '../entities/email.entity';

/** The delivery statuses a provider event can set, in the order they may follow one another. */
export type DeliveryStatus = 'delivered' | 'opened' | 'complained' | 'bounced';

/**
 * Delivery statuses only move forward: a late "delivered" never hides an open, nor an open a
 * bounce. Statuses not listed (`sent`, and `prepared` or `failed`, which no event reaches) rank 0.
 */
export const DELIVERY_STATUS_RANK: Record<DeliveryStatus, number> = {
  delivered: 1,
  opened: 2,
  complained: 3,
  bounced: 3,
};

const RANK_SQL = `CASE status ${Object.entries(DELIVERY_STATUS_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(' ')} ELSE 0 END`;

/** The outgoing messages as the provider's events see them (the worker writes them: case-store). */
export class Emails {
  constructor(private readonly db: DataSource) {}

  /** The message the provider knows by this id (set once it accepted the message). */
  byProviderId(providerId: string): Promise<EmailEntity | null> {
    return this.db.getRepository(EmailEntity).findOneBy({ providerId });
  }

  /**
   * Moves the message's status forward to `status`, in one statement: two events handled at once
   * (an open and a late delivery) can never move it back. True when it moved.
   */
  async advanceDeliveryStatus(
    id: string,
    status: DeliveryStatus,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const [, affected] = (await m.query(
      `UPDATE emails SET status = $2, updated_at = now() WHERE id = $1 AND ${RANK_SQL} < $3`,
      [id, status, DELIVERY_STATUS_RANK[status]],
    )) as [unknown, number];
    return affected > 0;
  }
}
