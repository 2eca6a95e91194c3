import { Controller, Headers, HttpCode, Param, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PaymentWebhookService } from './payment-webhook.service';
import { ResendWebhookService } from './resend-webhook.service';
import { ApiProblems, openApiSchema } from '../common/openapi';
import { PaymentEventSchema, WebhookAckDto } from './schemas';

/** Webhooks authenticate by signature over the raw body, so bodies are parsed only after verification. */
@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly payments: PaymentWebhookService,
    private readonly resend: ResendWebhookService,
  ) {}

  @Post('payments/:tenantSlug')
  @ApiOperation({
    summary: 'Signed payment webhook (payment provider, bank feed)',
    description:
      'Header `Relance-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; several v1= are allowed ' +
      'during a secret rotation; the timestamp must be within 300 s. The event is durably handed to its case before any 2xx. ' +
      'A repeated event id answers 200 and counts once: of simultaneous deliveries of one id, one hands it off (202) and ' +
      'the others answer 200 once it is handed off, or 503 if that failed. A payment.succeeded with data.clientId instead of ' +
      "data.invoiceId is allocated to the client's open invoices in its currency (those the reference names first, then " +
      'oldest due date first, a surplus recorded as overpaid on the last one); each part goes to its case with the event id, ' +
      'and the split is kept from the first delivery.',
  })
  @ApiParam({ name: 'tenantSlug', description: 'the tenant the events belong to' })
  @ApiHeader({
    name: 'Relance-Signature',
    required: true,
    description: 't=<unix seconds>,v1=<hex signature>[,v1=…]',
  })
  @ApiBody({ schema: openApiSchema(PaymentEventSchema) })
  @ApiResponse({ status: 202, description: 'Handed to the case', type: WebhookAckDto })
  @ApiResponse({
    status: 200,
    description: 'Already received (duplicate), or the case is already closed',
    type: WebhookAckDto,
  })
  @ApiProblems(
    [401, 'Missing, malformed, stale or wrong signature; an unknown tenant answers the same'],
    [404, 'Unknown invoice (data.invoiceId) or client (data.clientId)'],
    [409, 'The event id was already used with a different payload'],
    [
      422,
      'Invalid event: an amount of zero or with more decimals than the currency has, or another currency than the invoice one',
    ],
    [
      503,
      'Could not be handed to the case within 1.5 s (Temporal unreachable or overloaded), or another delivery of the same event is being handed off: deliver again after Retry-After',
    ],
  )
  async payment(
    @Param('tenantSlug') tenantSlug: string,
    @Headers('relance-signature') signature: string | undefined,
    @Req() req: RawBodyRequest<Request>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { status, ack } = await this.payments.receive({ tenantSlug, signature, rawBody: req.rawBody });
    res.status(status);
    return ack;
  }

  @Post('resend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resend events (Svix-signed)',
    description:
      'email.delivered, email.opened, email.complained and email.bounced are mapped to the case by the Resend email id; ' +
      'a bounce or complaint also goes to every other open case of the client whose client email is the address. ' +
      'email.received whose envelope recipients (data.received_for, never the To header) include a case reply-to address ' +
      'reply+<token>@<replyToDomain> becomes a client reply, its text cut to 10,000 characters; a sender other than the ' +
      "client's email or cc is recorded as unverified and pauses nothing unless the tenant sets replies.pauseOnUnverified. " +
      'A reply to a message that listed several invoices goes to every open case it listed. ' +
      'Other events are acknowledged and ignored. A repeated svix-id answers duplicate once handed off; ' +
      'of simultaneous deliveries of one id, one hands it off.',
  })
  @ApiHeader({ name: 'svix-id', required: true })
  @ApiHeader({ name: 'svix-timestamp', required: true })
  @ApiHeader({ name: 'svix-signature', required: true })
  @ApiResponse({ status: 200, type: WebhookAckDto })
  @ApiProblems(
    [401, 'Signature verification failed'],
    [409, 'The svix-id was already received with a different payload'],
    [
      503,
      'RESEND_WEBHOOK_SECRET unset, a case could not be reached, or another delivery of the same event is being handed off: deliver again',
    ],
  )
  resendEvent(
    @Headers('svix-id') svixId: string | undefined,
    @Headers('svix-timestamp') svixTimestamp: string | undefined,
    @Headers('svix-signature') svixSignature: string | undefined,
    @Req() req: RawBodyRequest<Request>,
  ) {
    return this.resend.receive({ svixId, svixTimestamp, svixSignature, rawBody: req.rawBody });
  }
}
