import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ClientsModule } from '../clients/clients.module';
import { TenantsModule } from '../tenants/tenants.module';
import { PaymentWebhookService } from './payment-webhook.service';
import { ResendWebhookService } from './resend-webhook.service';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [CasesModule, ClientsModule, TenantsModule],
  controllers: [WebhooksController],
  providers: [PaymentWebhookService, ResendWebhookService],
})
export class WebhooksModule {}
