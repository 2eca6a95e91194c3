import type { EntityManager } from 'typeorm';

/**
 * One-shot action links already used (`used_action_links`). A link is spent by the same
 * transaction that applies its action: `spend` inserts its id, and the insert decides. A second
 * request for the same link waits on the first one's row, then finds it (already used) or, when the
 * first one rolled back because its action failed, spends it itself.
 */
export class UsedActionLinks {
  /** True when this call spent the link; false when it was already used. */
  async spend(
    m: EntityManager,
    link: { linkId: string; tenantId: string; action: string; target: string },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO used_action_links (link_id, tenant_id, action, target) VALUES ($1, $2, $3, $4)
       ON CONFLICT (link_id) DO NOTHING RETURNING link_id`,
      [link.linkId, link.tenantId, link.action, link.target],
    );
    return rows.length === 1;
  }

  /** When the link was used, or undefined when it was not. */
  async usedAt(m: EntityManager, linkId: string): Promise<Date | undefined> {
    const rows: { used_at: Date }[] = await m.query(
      `SELECT used_at FROM used_action_links WHERE link_id = $1`,
      [linkId],
    );
    return rows[0]?.used_at;
  }
}
