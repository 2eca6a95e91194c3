import { Module } from '@nestjs/common';
import { AccountSignals } from './account-signals';
import { CaseCommandsService } from './case-commands.service';
import { CaseControlsController } from './case-controls.controller';
import { CaseGateway } from './case-gateway';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { ClientContactService } from './client-contact.service';
import { ClosedCasePayments } from './closed-case-payments';

/** A case once registered: its view and timeline, its controls, and the one gateway to its workflow. */
@Module({
  controllers: [CasesController, CaseControlsController],
  providers: [
    AccountSignals,
    CaseGateway,
    CasesService,
    CaseCommandsService,
    ClientContactService,
    ClosedCasePayments,
  ],
  exports: [
    AccountSignals,
    CaseGateway,
    CasesService,
    CaseCommandsService,
    ClientContactService,
    ClosedCasePayments,
  ],
})
export class CasesModule {}
