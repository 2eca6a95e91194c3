import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The bytes of an email attachment, once per tenant and content hash: the invoice PDF attached to
 * every reminder of a case is one row, whatever the number of emails (their stored copies name it
 * by `sha256`). Kept per tenant so no two tenants ever share a row.
 */
@Entity('attachment_contents')
export class AttachmentContentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  /** Hex sha256 of `content`. */
  @PrimaryColumn({ type: 'text' }) sha256!: string;
  @Column({ type: 'bytea' }) content!: Buffer;
  @Column({ type: 'integer' }) size!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
