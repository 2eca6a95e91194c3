import { Module } from '@nestjs/common';
import { WebhookDeliveriesController, WebhookEndpointsController } from './outbound-webhooks.controller';
import { OutboundWebhooksService } from './outbound-webhooks.service';

/** Outbound webhooks: endpoints, the delivery log, redelivery. Delivery itself runs in the worker. */
@Module({
  controllers: [WebhookEndpointsController, WebhookDeliveriesController],
  providers: [OutboundWebhooksService],
})
export class OutboundWebhooksModule {}
