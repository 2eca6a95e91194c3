import { Module } from '@nestjs/common';
import { CaseCommandsService } from './case-commands.service';
import { CaseControlsController } from './case-controls.controller';
import { CasesService } from './cases.service';
import { ClientContactService } from './client-contact.service';
import { ClosedCasePayments } from './closed-case-payments';
import { InvoicesController } from './invoices.controller';
import { RegistrationService } from './registration.service';

@Module({
  controllers: [InvoicesController, CaseControlsController],
  providers: [
    RegistrationService,
    CasesService,
    CaseCommandsService,
    ClosedCasePayments,
    ClientContactService,
  ],
  exports: [CasesService, ClosedCasePayments],
})
export class InvoicesModule {}
