import { applyDecorators, Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { ApiProblems } from '../common/openapi';
import { CreditNoteBodyDto, DueDateBodyDto, LetterBodyDto } from './amendment-schemas';
import { CaseCommandsService } from './case-commands.service';
import { ClientContactService } from './client-contact.service';
import { CallOutcomeBodyDto, HandoffBodyDto } from './creditor-word.schemas';
import {
  CaseViewDto,
  ClientContactBodyDto,
  EmptyBodyDto,
  PaymentBodyDto,
  PaymentPlanBodyDto,
  PromiseBodyDto,
  ReasonBodyDto,
  ReplyBodyDto,
} from './schemas';

/** Each control answers with the new case view; the workflow decides what is allowed. */
const Control = (summary: string, description?: string) =>
  applyDecorators(
    HttpCode(200),
    ApiOperation({ summary, description }),
    ApiParam({ name: 'externalId', description: 'the invoice id in your billing system' }),
    ApiResponse({ status: 200, description: 'The new case view', type: CaseViewDto }),
    ApiProblems(
      [404, 'No such invoice for this API key'],
      [409, "Not allowed in the case's status (e.g. the case is paid or cancelled)"],
      [422, 'Invalid fields, each listed in errors[] with its path'],
      [503, 'The case did not answer in time: repeat the same request'],
    ),
  );

@ApiTags('cases')
@TenantAuth()
@Controller('v1/invoices/:externalId')
export class CaseControlsController {
  constructor(
    private readonly commands: CaseCommandsService,
    private readonly contacts: ClientContactService,
  ) {}

  @Post('payments')
  @ApiProblems([
    409,
    'The case is closed (paid, cancelled, unrecovered): the payment was recorded on the timeline (payment_received, ' +
      'accepted false), not applied, and the creditor alerted to refund or apply it; the problem carries ' +
      'caseStatus, paymentRecorded: true and paymentId. Repeating it answers the same 409 and alerts once.',
  ])
  @Control(
    'Record a payment',
    'Counted once per payment id: repeating a request answers with the case. A full payment closes the case (status paid); ' +
      'a payment above the balance closes it too and is recorded as overpaid. 422 before anything is recorded for an amount ' +
      'of zero, more decimals than the invoice currency has, or another currency than the invoice one.',
  )
  payment(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: PaymentBodyDto,
  ) {
    return this.commands.recordPayment(tenant, externalId, body);
  }

  @Post('replies')
  @Control(
    'Record a client reply received outside Resend',
    'Pauses an escalating case and alerts the creditor; once per reply id. A text over 10,000 characters is cut to its first 10,000. ' +
      "When the case's latest client message listed several invoices of the client, every other open case it listed gets the same " +
      'reply (503 if one could not be reached: repeat the request); the case this request names alone reminds the creditor ' +
      'after 3 business days if the reply still keeps it paused. An automatic reply (out of office, auto-responder: from ' +
      '`headers` and `subject`, or `automatic: true`) is recorded as auto_reply_received and pauses nothing, alerts nobody.',
  )
  reply(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: ReplyBodyDto,
  ) {
    return this.commands.reply(tenant, externalId, body);
  }

  @Post('pause')
  @Control('Pause the escalation')
  pause(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: ReasonBodyDto,
  ) {
    return this.commands.pause(tenant, externalId, body.reason);
  }

  @Post('resume')
  @Control(
    'Resume a paused, promised or disputed case',
    'The next steps keep the policy spacing. The body may be empty.',
  )
  resume(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() _body: EmptyBodyDto,
  ) {
    return this.commands.resume(tenant, externalId);
  }

  @Post('cancel')
  @Control('Cancel the case (credit note, voided invoice)', 'Nothing more is sent; the case is closed.')
  cancel(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: ReasonBodyDto,
  ) {
    return this.commands.cancel(tenant, externalId, body.reason);
  }

  @Post('dispute')
  @Control('Mark the invoice disputed', 'Escalation waits for resume or cancel.')
  dispute(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: ReasonBodyDto,
  ) {
    return this.commands.dispute(tenant, externalId, body.reason);
  }

  @Post('promise')
  @Control(
    'Record a promise to pay by a date',
    'Nothing is sent until the day after (business day); then a "promise missed" reminder.',
  )
  promise(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: PromiseBodyDto,
  ) {
    return this.commands.promise(tenant, externalId, body);
  }

  @Post('payment-plan')
  @Control(
    'Agree a payment plan',
    'Instalments in increasing date order, summing to the balance; a reminder before each, a missed one resumes escalation.',
  )
  paymentPlan(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: PaymentPlanBodyDto,
  ) {
    return this.commands.paymentPlan(tenant, externalId, body);
  }

  @Post('handoff')
  @Control(
    'Approve or decline the hand-off to the lawyer',
    'Answers a case whose legal hand-off waits for your yes (nextAction.action approve_handoff, policy ' +
      'legal_handoff.requireApproval, true by default). approve: true hands the case off now (the minAmount threshold ' +
      'still applies); approve: false closes it unrecovered with the reason, or with keepChasing: true pauses it for ' +
      'you to chase by hand (resume it later: its hand-off asks again). 409 when the case is not waiting for approval.',
  )
  handoff(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: HandoffBodyDto,
  ) {
    return this.commands.decideHandoff(tenant, externalId, body);
  }

  @Post('calls')
  @Control(
    "Record a call's outcome",
    'Recorded on the timeline (call_outcome_recorded). promised (with promiseDate) records a promise to pay as ' +
      'POST …/promise does; disputed marks the invoice disputed as POST …/dispute does (the note as its reason).',
  )
  calls(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: CallOutcomeBodyDto,
  ) {
    return this.commands.recordCallOutcome(tenant, externalId, body);
  }

  @Patch('client')
  @Control(
    "Change the client's contact details",
    'email, phone and cc, validated as at registration; the fields given replace the stored ones (cc: [] removes ' +
      'the copies). The next emails and call tasks use them, and a new email ends the suppression of an address ' +
      'that bounced or complained (docs/architecture.md "What a case reacts to"). 409 once the case is closed.',
  )
  client(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: ClientContactBodyDto,
  ) {
    return this.contacts.change(tenant, externalId, body);
  }

  @Post('credit-notes')
  @Control(
    'Record a credit note (avoir)',
    'Reduces the balance; the case view shows it as credited, never as paid, and later emails speak of an avoir / ' +
      'credit note. One covering the whole balance closes the case as cancelled. Recorded once per id: the same id ' +
      'and body again answers with the case, the same id with another body 409. 422 above the balance, for an amount ' +
      'of zero, more decimals than the invoice currency has, or another currency.',
  )
  creditNote(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: CreditNoteBodyDto,
  ) {
    return this.commands.recordCreditNote(tenant, externalId, body);
  }

  @Patch()
  @Control(
    'Change the due date',
    'The schedule is planned again from the new date with the policy spacing; steps already sent stay sent. The same ' +
      'date again changes nothing. 422 for a date before the issue date; 409 once the case is closed.',
  )
  dueDate(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: DueDateBodyDto,
  ) {
    return this.commands.changeDueDate(tenant, externalId, body);
  }

  @Post('letters')
  @Control(
    'Record a registered letter posted to the client',
    'Timeline letter_posted (and letter_received with receivedOn). A formal notice rendered afterwards says it is also ' +
      'sent by registered mail; without a letter recorded it does not. The same postedOn and trackingNumber again ' +
      'records nothing new, or adds receivedOn. 409 once the case is closed.',
  )
  letter(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Body() body: LetterBodyDto,
  ) {
    return this.commands.recordLetter(tenant, externalId, body);
  }
}
