import { Inject, Injectable, Logger } from '@nestjs/common';
import { isTerminal, type TimelineType } from '@relance/domain';
import {
  EmailEntity,
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
import { bounceSignal, replySignal, type BounceInput } from '@relance/workflows';
import { Resend } from 'resend';
import { DataSource, EntityManager } from 'typeorm';
import { AccountSignals, type AccountReach } from '../cases/account-signals';
import { CaseClosed, type IfUnreachable } from '../cases/case-errors';
import { CaseGateway } from '../cases/case-gateway';
import { Problem, unavailable, zodProblem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { Metrics } from '../metrics/metrics';
import { TenantsService } from '../tenants/tenants.service';
import { claimEvent, type ClaimTiming } from './event-claim';
import {
  addressPart,
  closedCaseEntry,
  inboundReply,
  parseReplyAddress,
  senderIsClient,
  type ReplyAddress,
} from './inbound-reply';
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

/**
 * One delivery of a Svix message id hands it off at a time (the payment webhook's claim). The
 * claim outlives a hand-off (fetching an inbound body, then signals of up to 10 s each to the case
 * and the other cases of its client); a delivery waits a few seconds for another one holding it,
 * then answers 503 (Svix redelivers on its own schedule). A claim outlived by a slow holder is
 * taken over: both signal, and each case counts the event once by its id.
 */
export const RESEND_CLAIM_TIMING: ClaimTiming = { leaseMs: 30_000, waitMs: 5_000, pollMs: 50 };

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
    private readonly account: AccountSignals,
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
    return this.once(svixId, invoice.tenantId, event, () =>
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
    return 'handed_off';
  }

  /**
   * Hands the event off once per Svix message id (`claimEvent`, as the payment webhook): a
   * redelivery of an event handed off answers `duplicate`, one arriving while another delivery
   * hands it off waits for it, and a hand-off that fails leaves no trace, so the next delivery
   * hands it off afresh.
   */
  private async once(
    svixId: string,
    tenantId: string,
    event: ResendEvent,
    handOff: () => Promise<Outcome>,
  ): Promise<Outcome> {
    const id = `resend:${svixId}`;
    const claim = await claimEvent(
      this.log,
      // The event without its timestamps: a redelivery may carry other ones, and is the same event.
      {
        id,
        source: 'resend',
        tenantId,
        payload: { type: event.type, data: { ...event.data, created_at: undefined } },
      },
      RESEND_CLAIM_TIMING,
    );
    if (claim.kind === 'conflict')
      throw new Problem(409, 'Conflict', `event ${svixId} was already received with a different payload`);
    if (claim.kind === 'duplicate') return 'duplicate';
    if (claim.kind === 'busy')
      throw unavailable(
        'another delivery of this event is being handed off, or just failed to; retry the delivery',
        Math.max(1, Math.ceil(claim.retryAfterMs / 1000)),
      );
    let outcome: Outcome;
    try {
      outcome = await handOff();
    } catch (err) {
      await this.log.release(id, claim.token).catch(() => undefined);
      throw err;
    }
    return (await this.log.markHandedOff(id)) ? outcome : 'duplicate';
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
    const signalled = await this.signal(invoice, bounceSignal, bounce);
    const others = await this.account.bounceOnAccount(invoice, addressPart(recipient), bounce, {
      ifUnreachable: NOT_HANDED_OFF,
    });
    await this.db.transaction(async (m) => {
      await this.emails.advanceDeliveryStatus(email.id, kind, m);
      if (!signalled)
        await this.appendTimeline(m, invoice, svixId, 'email_bounced', email.step, {
          emailId: bounce.emailId,
          recipient,
          reason: bounce.reason,
          failed: true,
          ...(complaint ? { complaint: true } : {}),
        });
    });
    return handedOff(signalled, others);
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
    const { invoice, tenant, via } = routed;
    return this.once(svixId, invoice.tenantId, event, async () => {
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
      // A reply to a message listing several invoices pauses every case it listed (SPEC 3.2a): the
      // message its reply-to address was on is one filed under this case. An old invoice-uuid
      // address was only ever on a message about this case alone.
      const others =
        via === 'token'
          ? await this.account.replyToListed(
              invoice,
              reply,
              { ifUnreachable: NOT_HANDED_OFF },
              { filedHere: true },
            )
          : undefined;
      return handedOff(signalled, others);
    });
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
  ): Promise<{ invoice: InvoiceEntity; tenant: TenantEntity; via: ReplyAddress['kind'] } | undefined> {
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
      if (tenant && domain && domain.toLowerCase() === address.domain)
        return { invoice, tenant, via: address.kind };
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

/** Handed off when the case, or another case of its client, heard the event; else every case was closed. */
function handedOff(signalled: boolean, others: AccountReach | undefined): Outcome {
  return signalled || (others?.signalled.length ?? 0) > 0 ? 'handed_off' : 'case_closed';
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
