import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** De-duplication of inbound webhooks: `id` is `<source>:<tenant>:<event id>`. */
@Entity('webhook_events')
export class WebhookEventEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true }) tenantId!: string | null;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ name: 'handed_off_at', type: 'timestamptz', nullable: true }) handedOffAt!: Date | null;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
