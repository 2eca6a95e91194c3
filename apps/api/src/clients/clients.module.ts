import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ClientControlsService } from './client-controls.service';
import { ClientPaymentSplitter, ClientPaymentsService } from './client-payments.service';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

/**
 * Client accounts: their reads, the controls applied to every open case of a client, and payments
 * naming a client (the split is shared with the payment webhook). Imports `cases`, never the reverse.
 */
@Module({
  imports: [CasesModule],
  controllers: [ClientsController],
  providers: [ClientsService, ClientControlsService, ClientPaymentSplitter, ClientPaymentsService],
  exports: [ClientPaymentSplitter, ClientsService, ClientControlsService],
})
export class ClientsModule {}
