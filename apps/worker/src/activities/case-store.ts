import { ApplicationFailure } from '@temporalio/activity';
import {
  AttachmentContents,
  EmailEntity,
  emailRowId,
  PaymentEntity,
  Emails,
  InvoiceEntity,
  Invoices,
  loadRateTables,
  Payments,
  recordOf,
  TenantEntity,
  Tenants,
  Timeline,
  timelineEntryId,
  WebhookDeliveries,
  webhookEventId,
  type AcceptedPayment,
  type CaseTarget,
  type StoredEmail,
  type SyncedFieldsWrite,
  type TimelineEntry,
} from '@relance/persistence';
import {
  webhookEventsOf,
  type CaseRecord,
  type InvoiceInput,
  type RateTables,
  type TenantSettings,
} from '@relance/domain';
import type { LegalDossier, MessageBase, PenaltyView } from '@relance/templates';
import type { CaseRef, CaseState, RecordWrite, WakeEndpoints } from '@relance/workflows';
import type { DataSource, EntityManager } from 'typeorm';
import { dossierOf } from './dossier';
import { webhookPayload } from '../webhooks/payload';

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

/**
 * Postgres side of the activities: loads the case context and calls the repositories (no SQL of its
 * own). Every write is keyed, so a retried activity writes nothing twice.
 */
export class CaseStore {
  private readonly timeline: Timeline;
  private readonly invoices: Invoices;
  private readonly payments: Payments;
  private readonly contents: AttachmentContents;
  private readonly emails: Emails;
  private readonly tenants: Tenants;
  private readonly webhooks: WebhookDeliveries;

  constructor(
    private readonly db: DataSource,
    private readonly wakeEndpoints?: WakeEndpoints,
  ) {
    this.webhooks = new WebhookDeliveries(db);
    this.contents = new AttachmentContents(db);
    this.emails = new Emails(db);
    this.tenants = new Tenants(db);
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
    const tenant = await this.tenants.byId(invoice.tenantId);
    if (!tenant) throw new Error(`no tenant ${invoice.tenantId} for case ${ref.workflowId}`);
    return {
      tenant,
      settings: tenant.settings,
      invoice,
      payload: invoice.payload,
    };
  }

  /** The open cases of a client account (tenant slug, client id), oldest due date first. */
  async clientCases(tenantSlug: string, clientId: string): Promise<CaseContext[]> {
    const tenant = await this.tenants.bySlug(tenantSlug);
    if (!tenant) throw new Error(`no tenant ${tenantSlug}`);
    const invoices = await this.invoices.openOfClient(tenant.id, clientId);
    return invoices.map((invoice) => ({
      tenant,
      settings: tenant.settings,
      invoice,
      payload: invoice.payload,
    }));
  }

  /**
   * When the case's latest client message listed several invoices of its client: the case it is
   * filed under (`lead`) and every case it listed, the lead first then oldest due date first.
   */
  async groupedThread(
    ctx: CaseContext,
  ): Promise<{ leadRef: CaseRef; lead: CaseContext; listed: CaseContext[] } | undefined> {
    const lead = await this.timeline.leadOfLatestGroupedMessage(ctx.invoice);
    if (!lead) return undefined;
    const refOf = (t: CaseTarget): CaseRef => ({
      tenant: ctx.tenant.slug,
      externalId: t.externalId,
      workflowId: t.workflowId,
    });
    const leadCtx = lead.id === ctx.invoice.id ? ctx : await this.load(refOf(lead));
    const others = await this.timeline.listedWithLatestMessage(leadCtx.invoice, { filedHere: true });
    const listed = [leadCtx, ...(await Promise.all(others.map((t) => this.load(refOf(t)))))];
    return { leadRef: refOf(lead), lead: leadCtx, listed };
  }

  /**
   * When the tenant's messages to `address` were accepted in the last 7 days (any case, or any
   * but `exceptWorkflowId`'s own).
   */
  async recentContacts(tenantSlug: string, address: string, exceptWorkflowId?: string): Promise<string[]> {
    const tenant = await this.tenants.bySlug(tenantSlug);
    if (!tenant) return [];
    const since = new Date(Date.now() - 7 * 86_400_000);
    const except = exceptWorkflowId ? (await this.invoices.byWorkflowId(exceptWorkflowId))?.id : undefined;
    const sent = await this.emails.sentToSince(tenant.id, address, since, { exceptInvoiceId: except });
    return sent.map((d) => d.toISOString());
  }

  emailId(ctx: CaseContext, key: string): string {
    return emailRowId(ctx.invoice.id, key);
  }

  findEmail(id: string): Promise<EmailEntity | null> {
    return this.emails.byId(id);
  }

  /** Appends the entry and its outbound events in one transaction, then wakes their endpoints. */
  async appendTimeline(ctx: CaseContext, row: TimelineRow): Promise<void> {
    await this.wake(await this.db.transaction((m) => this.writeEntry(ctx, row, m)));
  }

  /**
   * The one place the worker writes a timeline entry: with it, in the same transaction, the
   * events `EVENTS_OF_TIMELINE` maps it to (the webhook outbox). Answers the ids of those events,
   * written now or by an earlier attempt, so that a retry still wakes their endpoints.
   */
  private async writeEntry(ctx: CaseContext, row: TimelineRow, m: EntityManager): Promise<string[]> {
    const types = webhookEventsOf(row.type);
    const at = row.at ?? new Date();
    const written = await this.timeline.append(ctx.invoice, { ...row, at }, m);
    const timelineId = timelineEntryId(ctx.invoice.id, row.key);
    if (written && types.length > 0) {
      await this.webhooks.emit(m, ctx.invoice, { timelineId, type: row.type, at }, (type, sequence, id) =>
        webhookPayload(ctx, { ...row, at }, { id, type, sequence }),
      );
    }
    return types.map((type) => webhookEventId(timelineId, type));
  }

  /** Signals the endpoints with pending deliveries of these events (nothing without a Temporal client). */
  private async wake(eventIds: string[]): Promise<void> {
    if (!this.wakeEndpoints || eventIds.length === 0) return;
    await this.wakeEndpoints(await this.webhooks.endpointsPending(eventIds));
  }

  /**
   * Stores (or replaces) the complete message before it is sent, its attachments' bytes once per
   * hash. A row the provider already accepted is never touched; the answer is the row as stored,
   * whoever wrote it.
   */
  async prepareEmail(ctx: CaseContext, email: PreparedEmailRow): Promise<EmailEntity> {
    await this.db.transaction(async (m) => {
      await this.contents.store(m, ctx.tenant.id, email.attachments);
      await this.emails.prepare({ ...email, tenantId: ctx.tenant.id, invoiceId: ctx.invoice.id }, m);
    });
    // The row as stored, whoever wrote it (a retry, or a row the provider already accepted).
    const stored = await this.emails.byId(email.id);
    if (!stored) throw new Error(`email ${email.id} not found after it was prepared`);
    return stored;
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
    const events = await this.db.transaction(async (m) => {
      await this.emails.markSent(id, sent, m);
      return this.writeEntry(ctx, timeline, m);
    });
    await this.wake(events);
  }

  /** The provider refused the email for good: kept (with the reason) for the creditor and the dossier. */
  async markEmailFailed(id: string, failure: string): Promise<void> {
    await this.emails.markFailed(id, failure);
  }

  async recordPayment(
    ctx: CaseContext,
    payment: AcceptedPayment,
    timeline: TimelineRow,
    write?: RecordWrite,
  ) {
    const events = await this.db.transaction(async (m) => {
      await this.payments.record(ctx.invoice, payment, m);
      const ids = await this.writeEntry(ctx, timeline, m);
      if (write) await this.writeRecord(ctx.invoice.workflowId, write, m);
      return ids;
    });
    await this.wake(events);
  }

  /** The payments accepted on these cases' invoices, oldest first. */
  paymentsOf(cases: CaseContext[]): Promise<PaymentEntity[]> {
    return this.payments.ofInvoices(cases.map((c) => c.invoice.id));
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
    const [timeline, emails] = await Promise.all([
      this.timeline.list(ctx.invoice.id, { asOf }),
      // Only messages the provider accepted: prepared or refused ones never reached anyone.
      this.emails.acceptedFor(ctx.invoice.id, { asOf }),
    ]);
    return dossierOf(
      { base, penalties, generatedAt, clientTimeZone: ctx.payload.client.timezone },
      { timeline, emails, record: recordOf(ctx.invoice) },
    );
  }

  /** A write scheduled before the case record existed (in flight during the deploy). */
  async syncColumns(ref: CaseRef, write: SyncedFieldsWrite) {
    await this.invoices.syncColumns(ref.workflowId, write);
  }

  /** Writes the case record (its list columns derived from it) unless a newer version is already there. */
  async writeRecord(
    workflowId: string,
    { version, record }: RecordWrite,
    manager: EntityManager = this.db.manager,
  ) {
    await this.invoices.writeRecord(
      workflowId,
      { version, record: caseRecordOf(record), currency: record.currency },
      manager,
    );
  }
}

/**
 * The record as stored: the workflow's view without what the invoice row already holds; a due date
 * changed after registration stays (its list column is derived from it).
 */
export function caseRecordOf(state: CaseState): CaseRecord {
  const {
    externalId: _e,
    number: _n,
    workflowId: _w,
    currency: _c,
    total: _t,
    dueDate,
    ...record
  } = state;
  return record.registeredDueDate ? { ...record, dueDate } : record;
}
