import { Module } from '@nestjs/common';
import { CaseCommandsService } from './case-commands.service';
import { CaseControlsController } from './case-controls.controller';
import { CasesService } from './cases.service';
import { InvoicesController } from './invoices.controller';
import { RegistrationService } from './registration.service';

@Module({
  controllers: [InvoicesController, CaseControlsController],
  providers: [RegistrationService, CasesService, CaseCommandsService],
  exports: [CasesService],
})
export class InvoicesModule {}
