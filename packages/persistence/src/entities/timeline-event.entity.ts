/* eslint-disable @typescript-eslint/no-explicit-any -- jsonb columns hold any JSON; they are validated at the edges */
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The case's audit trail. Append-only (triggers refuse UPDATE, DELETE and TRUNCATE). The id is chosen by
 * the writer (the workflow's event key), so a retried activity inserts nothing twice.
 */
@Entity('timeline_events')
@Index('timeline_by_invoice', ['invoiceId', 'at'])
@Index('timeline_by_tenant_type', ['tenantId', 'type', 'at'])
export class TimelineEventEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'invoice_id', type: 'uuid' }) invoiceId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  /** A `TimelineType` when written (`Timeline.append`); read as text, as old rows may hold retired types. */
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'text', nullable: true }) step!: string | null;
  @Column({ type: 'jsonb', default: {} }) data!: Record<string, any>;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}
