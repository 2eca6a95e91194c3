import { Module } from '@nestjs/common';
import { PaymentWebhookService } from './payment-webhook.service';
import { ResendWebhookService } from './resend-webhook.service';
import { WebhookLog } from './webhook-log';
import { WebhooksController } from './webhooks.controller';

@Module({
  controllers: [WebhooksController],
  providers: [PaymentWebhookService, ResendWebhookService, WebhookLog],
})
export class WebhooksModule {}
