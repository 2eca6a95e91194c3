import type { TenantSettings } from '@relance/domain';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A creditor. `settings` holds the SPEC §3 identity, sender, bank, policies (validated at the edge). */
@Entity('tenants')
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) slug!: string;
  @Column({ type: 'jsonb', default: {} }) settings!: TenantSettings;
  /**
   * Payment-webhook secrets, several during a rotation, each `<id>:enc:v1:…` (AES-256-GCM under
   * RELANCE_SECRET_KEY, see apps/api/src/secrets). Never returned by the API.
   */
  @Column({ name: 'webhook_secrets', type: 'text', array: true, default: () => "'{}'" })
  webhookSecrets!: string[];
  /** Domains the tenant may send from (`sender.fromEmail`), set by an operator with the CLI. */
  @Column({ name: 'sender_domains', type: 'text', array: true, default: () => "'{}'" })
  senderDomains!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
