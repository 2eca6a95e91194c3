import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { InvoicesController } from './invoices.controller';
import { RegistrationService } from './registration.service';

/** Invoices: registration (which starts the case), the list and the penalties of an invoice. */
@Module({
  imports: [CasesModule],
  controllers: [InvoicesController],
  providers: [RegistrationService],
})
export class InvoicesModule {}
