import type { TenantSettings } from '@relance/domain';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A creditor. `settings` holds the the identity, sender, bank, policies (validated at the edge). */
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
  /**
   * When the tenant first had a payment-webhook secret (bootstrap, CLI): the bootstrap secret is
   * seeded only while this is null, so a secret an operator removed is not brought back at a restart.
   */
  @Column({ name: 'webhook_secret_set_at', type: 'timestamptz', nullable: true })
  webhookSecretSetAt!: Date | null;
  /** Domains the tenant may send from (`sender.fromEmail`), set by an operator with the CLI. */
  @Column({ name: 'sender_domains', type: 'text', array: true, default: () => "'{}'" })
  senderDomains!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
