/* eslint-disable @typescript-eslint/no-explicit-any -- jsonb columns hold any JSON; they are validated at the edges */
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A creditor. `settings` holds the SPEC §3 identity, sender, bank, policies (validated at the edge). */
@Entity('tenants')
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) slug!: string;
  @Column({ type: 'jsonb', default: {} }) settings!: Record<string, any>;
  /** Payment-webhook secrets; several during a rotation. Never returned by the API. */
  @Column({ name: 'webhook_secrets', type: 'text', array: true, default: () => "'{}'" })
  webhookSecrets!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
