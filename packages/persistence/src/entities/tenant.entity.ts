import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A creditor. `settings` holds the SPEC §3 identity, sender, bank, policies (validated at the edge). */
@Entity('tenants')
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) slug!: string;
  @Column({ type: 'jsonb', default: {} }) settings!: Record<string, unknown>;
  /** Payment-webhook secrets; several during a rotation. Never returned by the API. */
  @Column({ name: 'webhook_secrets', type: 'text', array: true, default: () => "'{}'" }) webhookSecrets!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
