import { Inject, Injectable, Logger } from '@nestjs/common';
import { isTerminal, type TimelineType } from '@relance/domain';
import {
  Emails,
  InvoiceEntity,
  Invoices,
  recordOf,
  TenantEntity,
  type DeliveryStatus,
  Timeline,
  timelineKey,
  WebhookEvents,
} from '@relance/persistence';
import type { SignalDefinition } from '@temporalio/client';
import { bounceSignal, replySignal } from '@relance/workflows';
import { Resend } from 'resend';
import { DataSource, EntityManager } from 'typeorm';
import { CaseClosed, type IfUnreachable } from '../cases/case-errors';
import { CaseGateway } from '../cases/case-gateway';
import { Problem, unavailable, zodProblem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { Metrics } from '../metrics/metrics';
import { TenantsService } from '../tenants/tenants.service';
import { closedCaseEntry, inboundReply, parseReplyAddress, senderIsClient } from './inbound-reply';
import { ResendEventSchema, type ResendEvent, type WebhookAck } from './schemas';

export interface ResendDelivery {
  svixId?: string;
  svixTimestamp?: string;
  svixSignature?: string;
  rawBody?: Buffer;
}

type Outcome = WebhookAck['outcome'];

/** What each tracking event becomes on the case timeline. */
const TRACKING: Record<
  string,
  { status: DeliveryStatus; type: TimelineType; data?: Record<string, unknown> }
> = {
  'email.delivered': { status: 'delivered', type: 'email_delivered' },
  'email.opened': { status: 'opened', type: 'email_opened' },
};

/** Events that make an address unmailable for the case: the workflow suppresses it (docs/architecture.md "What a case reacts to"). */
const UNDELIVERABLE: Record<string, 'bounced' | 'complained'> = {
  'email.bounced': 'bounced',
  'email.complained': 'complained',
};

/** Svix redelivers on its own schedule: no Retry-After. */
const NOT_HANDED_OFF: IfUnreachable = {
  detail: 'the event could not be handed to the case; retry the delivery',
};

/** apps/api/README.md "Resend webhook": Svix-verified Resend events mapped to cases by email id, inbound replies by token. */
@Injectable()
export class ResendWebhookService {
  private readonly logger = new Logger(ResendWebhookService.name);
  private readonly resend: Resend;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly gateway: CaseGateway,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(WebhookEvents) private readonly log: WebhookEvents,
    @Inject(Invoices) private readonly invoices: Invoices,
    @Inject(Emails) private readonly emails: Emails,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(Timeline) private readonly timeline: Timeline,
    private readonly metrics: Metrics,
  ) {
    // Verification needs no API key; fetching inbound bodies does (checked where used).
    this.resend = new Resend(config.resend.apiKey ?? 're_unset', { baseUrl: config.resend.baseUrl });
  }

  async receive(delivery: ResendDelivery): Promise<WebhookAck> {
    const secret = this.config.resend.webhookSecret;
    if (!secret)
      throw unavailable('RESEND_WEBHOOK_SECRET is not configured: Resend events cannot be verified');
    const event = this.verify(delivery, secret);
    const svixId = delivery.svixId!;
    const outcome = await this.dispatch(svixId, event);
    this.metrics.webhook('resend', outcome);
    return { id: svixId, outcome };
  }

  private verify(d: ResendDelivery, secret: string): ResendEvent {
    let payload: unknown;
    try {
      payload = this.resend.webhooks.verify({
        payload: (d.rawBody ?? Buffer.alloc(0)).toString('utf8'),
        headers: { id: d.svixId ?? '', timestamp: d.svixTimestamp ?? '', signature: d.svixSignature ?? '' },
        webhookSecret: secret,
      });
    } catch (err) {
      this.metrics.webhook('resend', 'rejected');
      throw new Problem(401, 'Unauthorized', `signature verification failed: ${(err as Error).message}`);
    }
    const parsed = ResendEventSchema.safeParse(payload);
    if (!parsed.success) throw zodProblem(parsed.error);
    return parsed.data;
  }

  private async dispatch(svixId: string, event: ResendEvent): Promise<Outcome> {
    if (event.type === 'email.received') return this.inbound(svixId, event);
    const tracking = TRACKING[event.type];
    const undeliverable = UNDELIVERABLE[event.type];
    if (!tracking && !undeliverable) return 'ignored';
    const email = await this.emails.byProviderId(event.data.email_id);
    if (!email) return 'unknown_email';
    const invoice = await this.invoices.byId(email.invoiceId);
    if (!invoice) return 'unknown_email';
    const logId = `resend:${svixId}`;
    const received = await this.log.receive(logId, 'resend', invoice.tenantId, event);
    if (received.handedOff) return 'duplicate';
    let outcome: Outcome = 'handed_off';
    if (tracking) {
      await this.db.transaction(async (m) => {
        await this.emails.advanceDeliveryStatus(email.id, tracking.status, m);
        await this.appendTimeline(
          m,
          invoice,
          svixId,
          tracking.type,
          email.step,
          { emailId: email.providerId, ...tracking.data },
          eventTime(event),
        );
      });
    } else {
      // A bounce or a spam complaint needs the case: the workflow records it, stops mailing the
      // address, creates the call task and alerts the creditor.
      const recipient = event.data.to?.[0] ?? '';
      const complaint = undeliverable === 'complained';
      const bounce = {
        id: svixId,
        emailId: event.data.email_id,
        step: email.step ?? undefined,
        recipient,
        reason: event.data.bounce?.message,
        ...(complaint ? { complaint: true } : {}),
      };
      const signalled = await this.signal(invoice, bounceSignal, bounce);
      await this.db.transaction(async (m) => {
        await this.emails.advanceDeliveryStatus(email.id, undeliverable!, m);
        if (!signalled)
          await this.appendTimeline(m, invoice, svixId, 'email_bounced', email.step, {
            emailId: bounce.emailId,
            recipient,
            reason: bounce.reason,
            failed: true,
            ...(complaint ? { complaint: true } : {}),
          });
      });
      if (!signalled) outcome = 'case_closed';
    }
    await this.log.markHandedOff(logId);
    return outcome;
  }

  /**
   * An inbound email to a case's reply-to address is a client reply; its body is fetched through
   * the SDK and cut before it is signalled or stored. A sender other than the client (or a cc)
   * is passed on as unverified: recorded and alerted, pausing only if the tenant asks so.
   */
  private async inbound(svixId: string, event: ResendEvent): Promise<Outcome> {
    const from = event.data.from ?? '';
    const routed = await this.addressedCase(event.data.received_for ?? [], from);
    if (!routed) return 'unknown_case';
    const { invoice, tenant } = routed;
    const logId = `resend:${svixId}`;
    const received = await this.log.receive(logId, 'resend', invoice.tenantId, event);
    if (received.handedOff) return 'duplicate';
    const reply = inboundReply(
      {
        id: event.data.email_id,
        from,
        receivedAt: event.data.created_at ?? event.created_at,
        text: await this.body(event),
      },
      senderIsClient(from, invoice.payload.client),
      tenant.settings.replies?.pauseOnUnverified ?? false,
    );
    const signalled =
      !isTerminal(recordOf(invoice).status) && (await this.signal(invoice, replySignal, reply));
    if (!signalled) {
      await this.db.transaction((m) =>
        this.appendTimeline(m, invoice, svixId, 'reply_received', null, closedCaseEntry(reply)),
      );
    }
    await this.log.markHandedOff(logId);
    return signalled ? 'handed_off' : 'case_closed';
  }

  /**
   * The case a reply is addressed to, from the envelope recipients only (Resend's `received_for`:
   * the To and Cc headers are whatever the sender wrote). The token names the case, and the domain
   * must be its own tenant's reply-to domain, so one tenant's inbound domain never delivers into
   * another's cases. An old `reply+<invoice uuid>` address routes only during the case's grace
   * period and only from the client's own address: the uuid is no secret.
   */
  private async addressedCase(
    recipients: string[],
    from: string,
  ): Promise<{ invoice: InvoiceEntity; tenant: TenantEntity } | undefined> {
    for (const recipient of recipients) {
      const address = parseReplyAddress(recipient);
      if (!address) continue;
      const invoice =
        address.kind === 'token'
          ? await this.invoices.byReplyToken(address.token)
          : await this.legacyCase(address.invoiceId, from);
      if (!invoice) continue;
      const tenant = await this.tenants.findById(invoice.tenantId);
      const domain = tenant?.settings.sender?.replyToDomain;
      if (tenant && domain && domain.toLowerCase() === address.domain) return { invoice, tenant };
    }
    return undefined;
  }

  private async legacyCase(invoiceId: string, from: string): Promise<InvoiceEntity | undefined> {
    const invoice = await this.invoices.byId(invoiceId);
    if (!invoice?.legacyReplyUntil || invoice.legacyReplyUntil.getTime() <= Date.now()) return undefined;
    return senderIsClient(from, invoice.payload.client) ? invoice : undefined;
  }

  private async body(event: ResendEvent): Promise<string> {
    if (!this.config.resend.apiKey)
      return `(RESEND_API_KEY unset: body not fetched) ${event.data.subject ?? ''}`.trim();
    const { data, error } = await this.resend.emails.receiving.get(event.data.email_id);
    if (error || !data) {
      this.logger.warn({ error, emailId: event.data.email_id }, 'could not fetch the inbound email');
      throw unavailable('the inbound email could not be fetched from Resend; retry the delivery');
    }
    return data.text ?? stripHtml(data.html ?? '') ?? data.subject;
  }

  /** Hands an event to the case; false when the case is already closed. */
  private async signal<T>(invoice: InvoiceEntity, def: SignalDefinition<[T]>, arg: T): Promise<boolean> {
    try {
      await this.gateway.signal(invoice.workflowId, def, [arg], { ifUnreachable: NOT_HANDED_OFF });
      return true;
    } catch (err) {
      if (err instanceof CaseClosed) return false;
      throw err;
    }
  }

  /** Keyed by the Svix message id, so a replayed event inserts nothing. */
  private async appendTimeline(
    m: EntityManager,
    invoice: InvoiceEntity,
    svixId: string,
    type: TimelineType,
    step: string | null,
    data: Record<string, unknown>,
    at = new Date(),
  ) {
    await this.timeline.append(invoice, { key: timelineKey.resendEvent(svixId), type, step, data, at }, m);
  }
}

/** When Resend saw it happen (delivery, open), falling back to now. */
function eventTime(event: ResendEvent): Date {
  const at = new Date(event.created_at);
  return Number.isNaN(at.getTime()) ? new Date() : at;
}

function stripHtml(html: string): string | undefined {
  const text = html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}
