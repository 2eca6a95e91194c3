import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * An attachment of a stored message: its bytes are in `attachment_contents` under `sha256`, once
 * per tenant however many emails carry them. `contentBase64`: the bytes inline, as rows written
 * before issue 18 held them (the migration moves them; an older worker may still write one).
 */
export interface StoredAttachment {
  filename: string;
  sha256?: string;
  contentBase64?: string;
}

/**
 * The complete outgoing message, kept from its first preparation so that a retried send hands the
 * provider the same bytes.
 */
export interface StoredEmail {
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
  attachments?: StoredAttachment[];
}

/**
 * Every message for a case: prepared (stored in full, not yet accepted by the provider), then sent
 * (`providerId`, the Resend id webhooks map back to) or failed for good (`failure`). Only sent rows
 * (`providerId` set) are messages the client or the lawyer received.
 */
@Entity('emails')
@Index('emails_by_invoice', ['invoiceId', 'sentAt'])
export class EmailEntity {
  /** `emailRowId(invoice id, key)` (keys.ts): one row per logical email, whatever the retries. */
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
  /** `prepared`, `failed`, then the delivery status once sent: `sent`, `delivered`, `opened`, `bounced`… */
  @Column({ type: 'text', default: 'sent' }) status!: string;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) payload!: StoredEmail | null;
  /** sha256 of the activity input the payload was rendered from: a retry with the same input re-sends it. */
  @Column({ name: 'content_hash', type: 'text', nullable: true }) contentHash!: string | null;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey!: string | null;
  /** Why the provider refused the message for good (status `failed`). */
  @Column({ type: 'text', nullable: true }) failure!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
