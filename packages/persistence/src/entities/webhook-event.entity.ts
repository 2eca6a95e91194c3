/* eslint-disable @typescript-eslint/no-explicit-any -- jsonb columns hold any JSON; they are validated at the edges */
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** De-duplication of inbound webhooks: `id` is `<source>:<tenant>:<event id>`. */
@Entity('webhook_events')
@Index('webhook_events_by_tenant', ['tenantId', 'receivedAt'])
@Index('webhook_events_by_source', ['source', 'receivedAt'])
export class WebhookEventEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true }) tenantId!: string | null;
  @Column({ type: 'jsonb' }) payload!: Record<string, any>;
  @Column({ name: 'handed_off_at', type: 'timestamptz', nullable: true }) handedOffAt!: Date | null;
  /** The delivery handing it off now, and until when it may (a lease: a crashed delivery is taken over). */
  @Column({ type: 'uuid', nullable: true }) claim!: string | null;
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true }) claimedUntil!: Date | null;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
