import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Every message sent for a case: the copy kept for the dossier, and the Resend id webhooks map back to. */
@Entity('emails')
@Index('emails_by_invoice', ['invoiceId', 'sentAt'])
export class EmailEntity {
  /** The idempotency key (case + step or event): one row per logical email, whatever the retries. */
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'invoice_id', type: 'uuid' }) invoiceId!: string;
  @Index('emails_provider_id', { unique: true })
  @Column({ name: 'provider_id', type: 'text', nullable: true })
  providerId!: string | null;
  @Column({ type: 'text', nullable: true }) step!: string | null;
  @Column({ type: 'text' }) template!: string;
  @Column({ type: 'text', array: true }) recipients!: string[];
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'text', default: 'sent' }) status!: string;
  @Column({ name: 'sent_at', type: 'timestamptz' }) sentAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
