import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ClientsModule } from '../clients/clients.module';
import { ActionLinksController } from './action-links.controller';
import { ActionLinksService } from './action-links.service';

/** The action links' pages: they apply actions through the cases' and clients' own services. */
@Module({
  imports: [CasesModule, ClientsModule],
  controllers: [ActionLinksController],
  providers: [ActionLinksService],
})
export class ActionLinksModule {}
