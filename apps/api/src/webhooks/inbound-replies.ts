import { Logger } from '@nestjs/common';
import { automaticReply, isTerminal } from '@relance/domain';
import { InvoiceEntity, Invoices, recordOf, TenantEntity } from '@relance/persistence';
import { replySignal } from '@relance/workflows';
import type { Resend } from 'resend';
import type { DataSource } from 'typeorm';
import type { AccountSignals } from '../cases/account-signals';
import { unavailable } from '../common/problem';
import type { ApiConfig } from '../config';
import type { TenantsService } from '../tenants/tenants.service';
import {
  closedCaseEntry,
  inboundReply,
  parseReplyAddress,
  replyEntryType,
  senderIsClient,
  type ReplyAddress,
} from './inbound-reply';
import { handedOff, NOT_HANDED_OFF, type Outcome, type ResendHandOff } from './resend-hand-off';
import type { ResendEvent } from './schemas';

export interface InboundRepliesDeps {
  db: DataSource;
  config: ApiConfig;
  resend: Resend;
  invoices: Invoices;
  tenants: TenantsService;
  account: AccountSignals;
  handOff: ResendHandOff;
}

/**
 * Resend's `email.received` events (apps/api/README.md "Resend webhook"): an inbound email to a
 * case's reply-to address is a client reply; its body is fetched through the SDK and cut before
 * it is signalled or stored. A sender other than the client (or a cc) is passed on as
 * unverified: recorded and alerted, pausing only if the tenant asks so.
 */
export class InboundReplies {
  private readonly logger = new Logger(InboundReplies.name);

  constructor(private readonly d: InboundRepliesDeps) {}

  async receive(svixId: string, event: ResendEvent): Promise<Outcome> {
    const from = event.data.from ?? '';
    const routed = await this.addressedCase(event.data.received_for ?? [], from);
    if (!routed) return 'unknown_case';
    const { invoice, tenant, via } = routed;
    const { handOff } = this.d;
    return handOff.once(svixId, invoice.tenantId, event, async () => {
      const mail = await this.fetch(event);
      const reply = inboundReply(
        {
          id: event.data.email_id,
          from,
          receivedAt: event.data.created_at ?? event.created_at,
          text: mail.text,
          subject: mail.subject,
          automatic: automaticReply(mail),
        },
        senderIsClient(from, invoice.payload.client),
        tenant.settings.replies?.pauseOnUnverified ?? false,
      );
      const signalled =
        !isTerminal(recordOf(invoice).status) && (await handOff.signal(invoice, replySignal, reply));
      if (!signalled) {
        await this.d.db.transaction((m) =>
          handOff.appendTimeline(m, invoice, svixId, replyEntryType(reply), null, closedCaseEntry(reply)),
        );
      }
      // A reply to a message listing several invoices pauses every case it listed (SPEC 3.2a): the
      // message its reply-to address was on is one filed under this case. An old invoice-uuid
      // address was only ever on a message about this case alone.
      const others =
        via === 'token'
          ? await this.d.account.replyToListed(
              invoice,
              reply,
              { ifUnreachable: NOT_HANDED_OFF },
              { filedHere: true, leadReminds: signalled },
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
          ? await this.d.invoices.byReplyToken(address.token)
          : await this.legacyCase(address.invoiceId, from);
      if (!invoice) continue;
      const tenant = await this.d.tenants.findById(invoice.tenantId);
      const domain = tenant?.settings.sender?.replyToDomain;
      if (tenant && domain && domain.toLowerCase() === address.domain)
        return { invoice, tenant, via: address.kind };
    }
    return undefined;
  }

  private async legacyCase(invoiceId: string, from: string): Promise<InvoiceEntity | undefined> {
    const invoice = await this.d.invoices.byId(invoiceId);
    if (!invoice?.legacyReplyUntil || invoice.legacyReplyUntil.getTime() <= Date.now()) return undefined;
    return senderIsClient(from, invoice.payload.client) ? invoice : undefined;
  }

  /**
   * The inbound email's text, subject and headers: the webhook carries only metadata (the subject,
   * no body, no headers), the Received-emails API the rest. Without an API key, the subject alone.
   */
  private async fetch(
    event: ResendEvent,
  ): Promise<{ text: string; subject?: string; headers?: Record<string, string> }> {
    const subject = event.data.subject;
    if (!this.d.config.resend.apiKey)
      return { text: `(RESEND_API_KEY unset: body not fetched) ${subject ?? ''}`.trim(), subject };
    const { data, error } = await this.d.resend.emails.receiving.get(event.data.email_id);
    if (error || !data) {
      this.logger.warn({ error, emailId: event.data.email_id }, 'could not fetch the inbound email');
      throw unavailable('the inbound email could not be fetched from Resend; retry the delivery');
    }
    return {
      text: data.text ?? stripHtml(data.html ?? '') ?? data.subject,
      subject: data.subject ?? subject,
      headers: data.headers ?? undefined,
    };
  }
}

function stripHtml(html: string): string | undefined {
  const text = html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}
