import { Inject, Injectable } from '@nestjs/common';
import type { TimelineType } from '@relance/domain';
import {
  EmailEntity,
  Emails,
  InvoiceEntity,
  Invoices,
  type DeliveryStatus,
  Timeline,
  WebhookEvents,
} from '@relance/persistence';
import { bounceSignal, type BounceInput } from '@relance/workflows';
import { Resend } from 'resend';
import { DataSource } from 'typeorm';
import { AccountSignals } from '../cases/account-signals';
import { CaseGateway } from '../cases/case-gateway';
import { Problem, unavailable, zodProblem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { Metrics } from '../metrics/metrics';
import { TenantsService } from '../tenants/tenants.service';
import { InboundReplies } from './inbound-replies';
import { addressPart } from './inbound-reply';
import { handedOff, NOT_HANDED_OFF, ResendHandOff, type Outcome } from './resend-hand-off';
import { ResendEventSchema, type ResendEvent, type WebhookAck } from './schemas';

export { RESEND_CLAIM_TIMING } from './resend-hand-off';

export interface ResendDelivery {
  svixId?: string;
  svixTimestamp?: string;
  svixSignature?: string;
  rawBody?: Buffer;
}

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

/**
 * apps/api/README.md "Resend webhook": Svix-verified Resend events mapped to cases by email id;
 * inbound replies, routed by their address's token, are `InboundReplies`'.
 */
@Injectable()
export class ResendWebhookService {
  private readonly resend: Resend;
  private readonly handOff: ResendHandOff;
  private readonly replies: InboundReplies;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    gateway: CaseGateway,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(WebhookEvents) log: WebhookEvents,
    @Inject(Invoices) private readonly invoices: Invoices,
    @Inject(Emails) private readonly emails: Emails,
    @Inject(TenantsService) tenants: TenantsService,
    @Inject(Timeline) timeline: Timeline,
    private readonly metrics: Metrics,
    private readonly account: AccountSignals,
  ) {
    // Verification needs no API key; fetching inbound bodies does (checked where used).
    this.resend = new Resend(config.resend.apiKey ?? 're_unset', { baseUrl: config.resend.baseUrl });
    this.handOff = new ResendHandOff(gateway, log, timeline);
    this.replies = new InboundReplies({
      db,
      config,
      resend: this.resend,
      invoices,
      tenants,
      account,
      handOff: this.handOff,
    });
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
    if (event.type === 'email.received') return this.replies.receive(svixId, event);
    const tracking = TRACKING[event.type];
    const undeliverable = UNDELIVERABLE[event.type];
    if (!tracking && !undeliverable) return 'ignored';
    const email = await this.emails.byProviderId(event.data.email_id);
    if (!email) return 'unknown_email';
    const invoice = await this.invoices.byId(email.invoiceId);
    if (!invoice) return 'unknown_email';
    return this.handOff.once(svixId, invoice.tenantId, event, () =>
      tracking
        ? this.track(svixId, event, email, invoice, tracking)
        : this.undeliverable(svixId, event, email, invoice, undeliverable!),
    );
  }

  /** A delivery or an open: the email's status moves forward and the case's timeline says so. */
  private async track(
    svixId: string,
    event: ResendEvent,
    email: EmailEntity,
    invoice: InvoiceEntity,
    tracking: (typeof TRACKING)[string],
  ): Promise<Outcome> {
    await this.db.transaction(async (m) => {
      await this.emails.advanceDeliveryStatus(email.id, tracking.status, m);
      await this.handOff.appendTimeline(
        m,
        invoice,
        svixId,
        tracking.type,
        email.step,
        { emailId: email.providerId, ...tracking.data },
        eventTime(event),
      );
    });
    return 'handed_off';
  }

  /**
   * A bounce or a spam complaint needs the case: the workflow records it, stops mailing the
   * address, creates the call task and alerts the creditor. The address is the client's (SPEC
   * 3.2a): every other open case of the client mailed at it hears the same event too.
   */
  private async undeliverable(
    svixId: string,
    event: ResendEvent,
    email: EmailEntity,
    invoice: InvoiceEntity,
    kind: 'bounced' | 'complained',
  ): Promise<Outcome> {
    const recipient = event.data.to?.[0] ?? '';
    const complaint = kind === 'complained';
    const bounce: BounceInput = {
      id: svixId,
      emailId: event.data.email_id,
      step: email.step ?? undefined,
      recipient,
      reason: event.data.bounce?.message,
      ...(complaint ? { complaint: true } : {}),
    };
    const signalled = await this.handOff.signal(invoice, bounceSignal, bounce);
    const others = await this.account.bounceOnAccount(invoice, addressPart(recipient), bounce, {
      ifUnreachable: NOT_HANDED_OFF,
    });
    await this.db.transaction(async (m) => {
      await this.emails.advanceDeliveryStatus(email.id, kind, m);
      if (!signalled)
        await this.handOff.appendTimeline(m, invoice, svixId, 'email_bounced', email.step, {
          emailId: bounce.emailId,
          recipient,
          reason: bounce.reason,
          failed: true,
          ...(complaint ? { complaint: true } : {}),
        });
    });
    return handedOff(signalled, others);
  }
}

/** When Resend saw it happen (delivery, open), falling back to now. */
function eventTime(event: ResendEvent): Date {
  const at = new Date(event.created_at);
  return Number.isNaN(at.getTime()) ? new Date() : at;
}
