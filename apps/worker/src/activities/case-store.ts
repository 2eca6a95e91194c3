import { ApplicationFailure } from '@temporalio/activity';
import {
  AttachmentContents,
  type CaseRecord,
  EmailEntity,
  emailRowId,
  InvoiceEntity,
  Invoices,
  loadRateTables,
  Payments,
  row as typedRow,
  TenantEntity,
  Timeline,
  TimelineEventEntity,
  type AcceptedPayment,
  type StoredEmail,
  type TimelineEntry,
} from '@relance/persistence';
import { localDate, parseMoney } from '@relance/domain';
import type { InvoiceInput, RateTables, TenantSettings } from '@relance/domain';
import type { LegalDossier, MessageBase, PenaltyView } from '@relance/templates';
import type { CaseRef, CaseState, RecordWrite } from '@relance/workflows';
import { DataSource, EntityManager, IsNull, LessThanOrEqual, Not } from 'typeorm';

export interface CaseContext {
  tenant: TenantEntity;
  settings: TenantSettings;
  invoice: InvoiceEntity;
  payload: InvoiceInput;
}

/** An email rendered and stored in full, before it is handed to the provider. */
export interface PreparedEmailRow {
  id: string;
  step: string | null;
  template: string;
  payload: StoredEmail;
  /** The bytes of the attachments `payload` names by hash, stored once per tenant and hash. */
  attachments: Uint8Array[];
  contentHash: string;
  idempotencyKey: string;
}

export type TimelineRow = TimelineEntry;

/** Postgres side of the activities. Every write is keyed, so a retried activity writes nothing twice. */
export class CaseStore {
  private readonly timeline: Timeline;
  private readonly invoices: Invoices;
  private readonly payments: Payments;
  private readonly contents: AttachmentContents;

  constructor(private readonly db: DataSource) {
    this.contents = new AttachmentContents(db);
    this.timeline = new Timeline(db);
    this.invoices = new Invoices(db);
    this.payments = new Payments(db);
  }

  /** Shipped rate tables + operator figures, re-read at most every 30 s (a figure added shows within that). */
  rateTables(): Promise<RateTables> {
    return loadRateTables(this.db);
  }

  async load(ref: CaseRef): Promise<CaseContext> {
    const invoice = await this.invoices.byWorkflowId(ref.workflowId);
    if (!invoice) {
      throw ApplicationFailure.nonRetryable(`no invoice row for case ${ref.workflowId}`, 'CaseNotFound');
    }
    const tenant = await this.db.getRepository(TenantEntity).findOneByOrFail({ id: invoice.tenantId });
    return {
      tenant,
      settings: tenant.settings,
      invoice,
      payload: invoice.payload,
    };
  }

  emailId(ctx: CaseContext, key: string): string {
    return emailRowId(ctx.invoice.id, key);
  }

  findEmail(id: string): Promise<EmailEntity | null> {
    return this.db.getRepository(EmailEntity).findOneBy({ id });
  }

  async appendTimeline(
    ctx: CaseContext,
    row: TimelineRow,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await this.timeline.append(ctx.invoice, row, manager);
  }

  /**
   * Stores (or replaces) the complete message before it is sent, its attachments' bytes once per
   * hash. A row the provider already accepted is never touched; the answer is the row as stored,
   * whoever wrote it.
   */
  async prepareEmail(ctx: CaseContext, email: PreparedEmailRow): Promise<EmailEntity> {
    const { payload } = email;
    await this.db.transaction(async (m) => {
      await this.contents.store(m, ctx.tenant.id, email.attachments);
      await m.query(
        `INSERT INTO "emails" ("id", "tenant_id", "invoice_id", "step", "template", "recipients", "subject",
         "text", "status", "payload", "content_hash", "idempotency_key")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'prepared', $9::jsonb, $10, $11)
       ON CONFLICT ("id") DO UPDATE SET "step" = EXCLUDED."step", "template" = EXCLUDED."template",
         "recipients" = EXCLUDED."recipients", "subject" = EXCLUDED."subject", "text" = EXCLUDED."text",
         "status" = 'prepared', "payload" = EXCLUDED."payload", "content_hash" = EXCLUDED."content_hash",
         "idempotency_key" = EXCLUDED."idempotency_key", "failure" = NULL, "updated_at" = now()
       WHERE "emails"."provider_id" IS NULL`,
        [
          email.id,
          ctx.tenant.id,
          ctx.invoice.id,
          email.step,
          email.template,
          [...payload.to, ...(payload.cc ?? [])],
          payload.subject,
          payload.text,
          JSON.stringify(payload),
          email.contentHash,
          email.idempotencyKey,
        ],
      );
    });
    return this.db.getRepository(EmailEntity).findOneByOrFail({ id: email.id });
  }

  /** The bytes of a stored message's attachments, by hash (stored with it by `prepareEmail`). */
  attachmentContents(ctx: CaseContext, hashes: string[]): Promise<Map<string, Buffer>> {
    return this.contents.load(ctx.tenant.id, hashes);
  }

  /** The provider accepted the email: its id and the timeline entry, together or not at all. */
  async markEmailSent(
    ctx: CaseContext,
    id: string,
    sent: { providerId: string; sentAt: Date },
    timeline: TimelineRow,
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      await m
        .getRepository(EmailEntity)
        .update(
          { id, providerId: IsNull() },
          { providerId: sent.providerId, sentAt: sent.sentAt, status: 'sent', failure: null },
        );
      await this.appendTimeline(ctx, timeline, m);
    });
  }

  /** The provider refused the email for good: kept (with the reason) for the creditor and the dossier. */
  async markEmailFailed(id: string, failure: string): Promise<void> {
    await this.db
      .getRepository(EmailEntity)
      .update({ id, providerId: IsNull() }, { status: 'failed', failure });
  }

  async recordPayment(
    ctx: CaseContext,
    payment: AcceptedPayment,
    timeline: TimelineRow,
    write?: RecordWrite,
  ) {
    await this.db.transaction(async (m) => {
      await this.payments.record(ctx.invoice, payment, m);
      await this.appendTimeline(ctx, timeline, m);
      if (write) await this.writeRecord(ctx.invoice.workflowId, write, m);
    });
  }

  /**
   * Everything a lawyer needs, from the audit trail and the copies of the messages sent. `asOf`
   * (when the dossier was first prepared, on a re-preparation) leaves out what came later.
   */
  async dossier(
    ctx: CaseContext,
    base: MessageBase,
    penalties: PenaltyView,
    { generatedAt, asOf }: { generatedAt: string; asOf?: Date },
  ): Promise<LegalDossier> {
    const timeline = await this.timeline.list(ctx.invoice.id, { asOf });
    // Only messages the provider accepted: prepared or refused ones never reached anyone.
    const emails = await this.db.getRepository(EmailEntity).find({
      where: {
        invoiceId: ctx.invoice.id,
        providerId: Not(IsNull()),
        ...(asOf ? { sentAt: LessThanOrEqual(asOf) } : {}),
      },
      order: { sentAt: 'ASC' },
    });
    const status = new Map(emails.map((e) => [e.providerId, e.status]));
    return {
      generatedAt,
      creditor: base.creditor,
      client: { ...base.client },
      invoice: base.invoice,
      jurisdiction: base.jurisdiction ?? 'FR',
      // In the reader's (the creditor's and their lawyer's) language and time zone.
      locale: base.locale,
      timeZone: base.timeZone,
      clientType: base.clientType,
      penalties,
      timeline: timeline.map((t) => {
        const emailId = typeof t.data.emailId === 'string' ? t.data.emailId : undefined;
        return {
          at: t.at.toISOString(),
          type: t.type,
          step: t.step ?? undefined,
          emailId,
          deliveryStatus: emailId ? status.get(emailId) : undefined,
          data: t.data,
        };
      }),
      replies: timeline
        .filter((t) => t.type === 'reply_received')
        .map((t) => ({
          from: String(t.data.from ?? ''),
          receivedAt: String(t.data.receivedAt ?? t.at.toISOString()),
          text: String(t.data.text ?? ''),
        })),
      messages: emails.map((e) => ({
        at: (e.sentAt ?? e.createdAt).toISOString(),
        step: e.step ?? undefined,
        to: e.recipients.join(', '),
        subject: e.subject,
        text: e.text,
        emailId: e.providerId ?? undefined,
        status: e.status,
      })),
      formalNotice: formalNotice(ctx, timeline),
    };
  }

  /**
   * A write scheduled before the case record existed (in flight during the deploy): the list
   * columns, and the same fields in the record (its promise, plan and notice kept).
   */
  async syncColumns(
    ref: CaseRef,
    fields: Pick<
      InvoiceEntity,
      'status' | 'stage' | 'paidMinor' | 'balanceMinor' | 'nextAction' | 'projectionVersion'
    >,
    record: Pick<CaseRecord, 'paid' | 'balance' | 'overpaid' | 'pausedReason' | 'actionRequired'>,
  ) {
    const { paidMinor: _p, balanceMinor: _b, ...columns } = fields;
    const merged = { status: fields.status, stage: fields.stage, nextAction: fields.nextAction, ...record };
    await this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder()
      .update()
      .set({
        ...typedRow<InvoiceEntity>(fields),
        caseRecord: () =>
          `COALESCE("case_record", '{}'::jsonb) - 'overpaid' - 'pausedReason' - 'actionRequired' || :merged::jsonb`,
      })
      .setParameter('merged', JSON.stringify(merged))
      .where('workflow_id = :id AND projection_version < :version', {
        id: ref.workflowId,
        version: columns.projectionVersion,
      })
      .execute();
  }

  /**
   * Writes the case record and its list columns unless a newer one (higher version) is already
   * there: writes of one case may finish out of order.
   */
  async writeRecord(
    workflowId: string,
    { version, record }: RecordWrite,
    manager: EntityManager = this.db.manager,
  ) {
    const minor = (amount: string) => parseMoney(amount, record.currency).minor;
    await manager
      .getRepository(InvoiceEntity)
      .createQueryBuilder()
      .update()
      .set(
        typedRow<InvoiceEntity>({
          status: record.status,
          stage: record.stage,
          paidMinor: minor(record.paid),
          balanceMinor: minor(record.balance),
          nextAction: record.nextAction ? { ...record.nextAction } : null,
          projectionVersion: version,
          caseRecord: caseRecordOf(record),
        }),
      )
      .where('workflow_id = :id AND projection_version < :version', { id: workflowId, version })
      .execute();
  }
}

/** The record as stored: the workflow's view without what the invoice row already holds. */
export function caseRecordOf(state: CaseState): CaseRecord {
  const {
    externalId: _e,
    number: _n,
    workflowId: _w,
    currency: _c,
    total: _t,
    dueDate: _d,
    ...record
  } = state;
  return record;
}

/**
 * The mise en demeure as dated on the letter: `sentOn` as recorded (the client's calendar day), else
 * the day in the client's time zone. A letter sent by the creditor (client address bounced) counts.
 */
function formalNotice(ctx: CaseContext, timeline: TimelineEventEntity[]): LegalDossier['formalNotice'] {
  const notice =
    timeline.find((t) => t.type === 'formal_notice_sent') ??
    timeline.find((t) => t.type === 'letter_task_created');
  if (!notice) return undefined;
  const sentOn =
    typeof notice.data.sentOn === 'string'
      ? notice.data.sentOn
      : localDate(notice.at.toISOString(), ctx.payload.client.timezone);
  return { sentOn, deadline: String(notice.data.deadline ?? '') };
}
