import { ApplicationFailure } from '@temporalio/activity';
import {
  EmailEntity,
  InvoiceEntity,
  PaymentEntity,
  row as typedRow,
  TenantEntity,
  TimelineEventEntity,
} from '@relance/persistence';
import type { InvoiceInput, TenantSettings } from '@relance/domain';
import type { LegalDossier, MessageBase, PenaltyView } from '@relance/templates';
import type { CaseRef } from '@relance/workflows';
import { DataSource, EntityManager } from 'typeorm';

export interface CaseContext {
  tenant: TenantEntity;
  settings: TenantSettings;
  invoice: InvoiceEntity;
  payload: InvoiceInput;
}

export interface TimelineRow {
  key: string;
  type: string;
  at: Date;
  step?: string | null;
  data?: Record<string, unknown>;
}

/** Postgres side of the activities. Every write is keyed, so a retried activity writes nothing twice. */
export class CaseStore {
  constructor(private readonly db: DataSource) {}

  async load(ref: CaseRef): Promise<CaseContext> {
    const invoice = await this.db.getRepository(InvoiceEntity).findOneBy({ workflowId: ref.workflowId });
    if (!invoice) {
      throw ApplicationFailure.nonRetryable(`no invoice row for case ${ref.workflowId}`, 'CaseNotFound');
    }
    const tenant = await this.db.getRepository(TenantEntity).findOneByOrFail({ id: invoice.tenantId });
    return {
      tenant,
      settings: tenant.settings as unknown as TenantSettings,
      invoice,
      payload: invoice.payload as unknown as InvoiceInput,
    };
  }

  /** Timeline ids are `<workflowId>:<key>`, unique across cases. */
  timelineId(ctx: CaseContext, key: string): string {
    return `${ctx.invoice.workflowId}:${key}`;
  }

  findEmail(id: string): Promise<EmailEntity | null> {
    return this.db.getRepository(EmailEntity).findOneBy({ id });
  }

  async appendTimeline(
    ctx: CaseContext,
    row: TimelineRow,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TimelineEventEntity)
      .values(
        typedRow<TimelineEventEntity>({
          id: this.timelineId(ctx, row.key),
          tenantId: ctx.tenant.id,
          invoiceId: ctx.invoice.id,
          at: row.at,
          type: row.type,
          step: row.step ?? null,
          data: row.data ?? {},
        }),
      )
      .orIgnore()
      .execute();
  }

  /** The email copy and its timeline entry, together or not at all. */
  async recordEmail(
    ctx: CaseContext,
    email: Omit<EmailEntity, 'createdAt' | 'updatedAt' | 'tenantId' | 'invoiceId'>,
    timeline: TimelineRow,
  ) {
    await this.db.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(EmailEntity)
        .values({ ...email, tenantId: ctx.tenant.id, invoiceId: ctx.invoice.id })
        .orIgnore()
        .execute();
      await this.appendTimeline(ctx, timeline, m);
    });
  }

  async recordPayment(
    ctx: CaseContext,
    payment: Pick<PaymentEntity, 'paymentId' | 'amountMinor' | 'currency' | 'paidAt' | 'reference'>,
    timeline: TimelineRow,
  ) {
    await this.db.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(PaymentEntity)
        .values({ ...payment, tenantId: ctx.tenant.id, invoiceId: ctx.invoice.id })
        .orIgnore()
        .execute();
      await this.appendTimeline(ctx, timeline, m);
    });
  }

  /** Everything a lawyer needs, from the audit trail and the copies of the messages sent. */
  async dossier(ctx: CaseContext, base: MessageBase, penalties: PenaltyView): Promise<LegalDossier> {
    const timeline = await this.db
      .getRepository(TimelineEventEntity)
      .find({ where: { invoiceId: ctx.invoice.id }, order: { at: 'ASC', recordedAt: 'ASC' } });
    const emails = await this.db
      .getRepository(EmailEntity)
      .find({ where: { invoiceId: ctx.invoice.id }, order: { sentAt: 'ASC' } });
    const status = new Map(emails.map((e) => [e.providerId, e.status]));
    const notice = timeline.find((t) => t.type === 'formal_notice_sent');
    return {
      generatedAt: new Date().toISOString(),
      creditor: base.creditor,
      client: { ...base.client },
      invoice: base.invoice,
      jurisdiction: base.jurisdiction ?? 'FR',
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
        at: e.sentAt.toISOString(),
        step: e.step ?? undefined,
        to: e.recipients.join(', '),
        subject: e.subject,
        text: e.text,
        emailId: e.providerId ?? undefined,
        status: e.status,
      })),
      formalNotice: notice
        ? { sentOn: notice.at.toISOString().slice(0, 10), deadline: String(notice.data.deadline ?? '') }
        : undefined,
    };
  }

  /** Writes the projection unless a newer one (higher version) is already there. */
  async syncProjection(
    ref: CaseRef,
    fields: Pick<
      InvoiceEntity,
      'status' | 'stage' | 'paidMinor' | 'balanceMinor' | 'nextAction' | 'projectionVersion'
    >,
  ) {
    await this.db
      .getRepository(InvoiceEntity)
      .createQueryBuilder()
      .update()
      .set(typedRow<InvoiceEntity>(fields))
      .where('workflow_id = :id AND projection_version < :version', {
        id: ref.workflowId,
        version: fields.projectionVersion,
      })
      .execute();
  }
}
