/* eslint-disable @typescript-eslint/no-explicit-any -- jsonb columns hold any JSON; they are validated at the edges */
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { CaseStatus, InvoiceInput } from '@relance/domain';
import { REPLY_TOKEN_DEFAULT } from '../migrations/1764840000000-reply-tokens';
import { minorUnits } from './columns';

/**
 * The case as its workflow sees it, written whole by the worker with every change (the workflow's
 * `caseState` view); the API's case view reads it. Amounts are decimal strings of the invoice
 * currency. `status`, `stage`, paid, balance and the next action also have columns, for lists.
 */
export interface CaseRecord {
  status: string;
  stage: string;
  paid: string;
  balance: string;
  nextAction: { step: string; action: string; at: string; reason?: string } | null;
  promise?: { date: string; note?: string };
  plan?: { instalments: { dueDate: string; amount: string }[]; paid: string };
  formalNotice?: { sentOn: string; deadline: string };
  /** Received beyond the balance: to refund or apply (docs/architecture.md "What a case reacts to"). */
  overpaid?: string;
  /** Why an open case is on hold (client reply, manual pause, action required…). */
  pausedReason?: string;
  /** A step that failed for good and waits for the creditor. */
  actionRequired?: { step: string; reason: string };
}

/**
 * An invoice and the projection of its case (status, stage, balance, next action) that the
 * workflow keeps current, so lists and reports never query Temporal.
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
  @Column({ name: 'next_action', type: 'jsonb', nullable: true }) nextAction!: Record<string, any> | null;
  /** Null until the case's first write (a case registered, its workflow not yet run). */
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
