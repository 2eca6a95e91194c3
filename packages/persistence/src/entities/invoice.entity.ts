import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { CaseRecord, CaseStatus, InvoiceInput, NextAction } from '@relance/domain';
import { REPLY_TOKEN_DEFAULT } from '../migrations/1764840000000-reply-tokens';
import { minorUnits } from './columns';

/**
 * An invoice and its case record (`case_record`, the persisted view of the case the workflow
 * keeps current), so views, lists and reports never query Temporal. The list columns (status,
 * stage, paid, balance, next action) are derived from the record by `columnsOf`, written with it
 * and only with it: they are there for SQL to filter, sort and aggregate on.
 */
@Entity('invoices')
@Unique('invoices_tenant_external', ['tenantId', 'externalId'])
@Index('invoices_list', ['tenantId', 'createdAt', 'id'])
@Index('invoices_status', ['tenantId', 'status', 'createdAt'])
@Index('invoices_stage', ['tenantId', 'stage', 'createdAt'])
@Index('invoices_client', ['tenantId', 'clientId', 'createdAt'])
@Index('invoices_open_by_due', ['tenantId', 'currency', 'dueDate'], {
  where: `"status" NOT IN ('paid', 'cancelled', 'unrecovered')`,
})
export class InvoiceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'external_id', type: 'text' }) externalId!: string;
  @Column({ type: 'text' }) number!: string;
  @Column({ name: 'workflow_id', type: 'text', unique: true }) workflowId!: string;
  @Column({ name: 'client_id', type: 'text' }) clientId!: string;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'total_minor', type: 'bigint', transformer: minorUnits }) totalMinor!: number;
  @Column({ name: 'paid_minor', type: 'bigint', transformer: minorUnits, default: 0 }) paidMinor!: number;
  @Column({ name: 'balance_minor', type: 'bigint', transformer: minorUnits }) balanceMinor!: number;
  @Column({ name: 'issue_date', type: 'date' }) issueDate!: string;
  @Column({ name: 'due_date', type: 'date' }) dueDate!: string;
  @Column({ type: 'text', default: 'pending' }) status!: CaseStatus;
  /** The id of the last policy step run, `none` (NO_STAGE) before the first. */
  @Column({ type: 'text', default: 'none' }) stage!: string;
  /** Number of the workflow's last projection write (see CaseStore.syncProjection). */
  @Column({ name: 'projection_version', type: 'bigint', transformer: minorUnits, default: 0 })
  projectionVersion!: number;
  @Column({ name: 'next_action', type: 'jsonb', nullable: true }) nextAction!: NextAction | null;
  /**
   * Null until the case's first write: a case registered, its workflow not yet run, whose record
   * is `openingRecord(payload)` (see `recordOf`).
   */
  @Column({ name: 'case_record', type: 'jsonb', nullable: true }) caseRecord!: CaseRecord | null;
  /**
   * The registration body as accepted (normalised), without `pdfBase64` (kept in
   * `invoice_documents`); `payloadHash`, of the whole body, makes re-registration idempotent.
   */
  @Column({ type: 'jsonb' }) payload!: InvoiceInput;
  @Column({ name: 'payload_hash', type: 'text' }) payloadHash!: string;
  /** Set once the workflow is known to be started: a row without it is repaired by the next identical call. */
  @Column({ name: 'workflow_started_at', type: 'timestamptz', nullable: true })
  workflowStartedAt!: Date | null;
  /**
   * The secret of the case's reply-to address `reply+<token>@<replyToDomain>`: random per case,
   * set by the database; `UPDATE invoices SET reply_token = DEFAULT` revokes an address.
   */
  @Index('invoices_reply_token', { unique: true })
  @Column({ name: 'reply_token', type: 'text', default: () => REPLY_TOKEN_DEFAULT })
  replyToken!: string;
  /** Until then, replies from the client to the old `reply+<invoice uuid>` address still route. */
  @Column({ name: 'legacy_reply_until', type: 'timestamptz', nullable: true })
  legacyReplyUntil!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
