import { applyDecorators, Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { EmptyBodyDto, PaymentBodyDto, ReasonBodyDto } from '../cases/schemas';
import { ApiProblems } from '../common/openapi';
import { ClientControlsService } from './client-controls.service';
import { ClientPaymentsService } from './client-payments.service';
import { ClientsService } from './clients.service';
import {
  ClientAccountContactBodyDto,
  ClientControlResultDto,
  ClientDetailDto,
  ClientListDto,
  ClientListQueryDto,
  ClientPaymentResultDto,
} from './schemas';

const CLIENT_ID = { name: 'clientId', description: 'client.id as registered with the invoices' };

/** A change applied to every open case of the client: one line per case. */
const AccountControl = (summary: string, description: string) =>
  applyDecorators(
    HttpCode(200),
    ApiOperation({ summary, description }),
    ApiParam(CLIENT_ID),
    ApiResponse({
      status: 200,
      description: 'One line per open case of the client',
      type: ClientControlResultDto,
    }),
    ApiProblems(
      [404, 'No such client for this API key'],
      [409, 'The client has no open case'],
      [422, 'Invalid fields, each listed in errors[] with its path: no case was changed'],
      [
        503,
        'Some case did not answer in time (the problem lists every case in results): repeat the same request',
      ],
    ),
  );

/** Client accounts (docs/architecture.md "Client accounts"): (tenant, client.id) over the invoices. */
@ApiTags('clients')
@TenantAuth()
@Controller('v1/clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly controls: ClientControlsService,
    private readonly payments: ClientPaymentsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List client accounts, in client id order, with cursor paging',
    description:
      'Each client: open cases, open balance per currency, oldest due date, last email sent and next planned contact.',
  })
  @ApiResponse({ status: 200, type: ClientListDto })
  @ApiProblems([422, 'Invalid limit or cursor'])
  list(@CurrentTenant() tenant: TenantEntity, @Query() query: ClientListQueryDto) {
    return this.clients.list(tenant, query);
  }

  @Get(':clientId')
  @ApiOperation({
    summary:
      'A client account: its figures, every open case, aging buckets, suppressed addresses, contact history',
  })
  @ApiParam(CLIENT_ID)
  @ApiResponse({ status: 200, type: ClientDetailDto })
  @ApiProblems([404, 'No such client for this API key'])
  detail(@CurrentTenant() tenant: TenantEntity, @Param('clientId') clientId: string) {
    return this.clients.detail(tenant, clientId);
  }

  @Patch(':clientId')
  @AccountControl(
    "Change the client's contact details on every open case",
    'email, phone and cc validated as at registration (as PATCH /v1/invoices/{externalId}/client), and the name and ' +
      'company the messages address; the fields given replace the stored ones on every open case. A new email ends ' +
      'the suppression of an address that bounced or complained. A case closed or not started is listed, unchanged.',
  )
  contact(
    @CurrentTenant() tenant: TenantEntity,
    @Param('clientId') clientId: string,
    @Body() body: ClientAccountContactBodyDto,
  ) {
    return this.controls.changeContact(tenant, clientId, body);
  }

  @Post(':clientId/pause')
  @AccountControl(
    'Pause the escalation of every open case of the client',
    'A case whose status forbids it is listed as refused with the reason.',
  )
  pause(
    @CurrentTenant() tenant: TenantEntity,
    @Param('clientId') clientId: string,
    @Body() body: ReasonBodyDto,
  ) {
    return this.controls.pause(tenant, clientId, body.reason);
  }

  @Post(':clientId/resume')
  @AccountControl(
    'Resume every paused, promised or disputed case of the client',
    'The next steps keep the policy spacing; a case that was not on hold is listed as refused. The body may be empty.',
  )
  resume(
    @CurrentTenant() tenant: TenantEntity,
    @Param('clientId') clientId: string,
    @Body() _body: EmptyBodyDto,
  ) {
    return this.controls.resume(tenant, clientId);
  }

  @Post(':clientId/payments')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record a payment naming the client: allocated to the client's open invoices",
    description:
      'The invoices whose number or externalId the reference names first, then oldest due date first, each up to its ' +
      'balance; a surplus goes to the last one, closing it paid with the surplus recorded as overpaid (creditor ' +
      'alerted). Each case receives its part as a payment with this id (counted once per case); the split is kept ' +
      'from the first request, so repeating it never pays twice. currency is required when the open invoices are in ' +
      'several currencies. With no open invoice in the currency, the last closed one records it and the creditor is alerted (409).',
  })
  @ApiParam(CLIENT_ID)
  @ApiResponse({
    status: 200,
    description: 'Each part and the case it went to',
    type: ClientPaymentResultDto,
  })
  @ApiProblems(
    [404, 'No such client for this API key'],
    [
      409,
      'The payment id was already used for another client, currency or amount; or every case it went to is closed: ' +
        'recorded on the timeline, not applied, creditor alerted (paymentRecorded: true, with the parts)',
    ],
    [
      422,
      'Invalid fields (amount of zero or with more decimals than the currency has, currency), each with its path',
    ],
    [503, 'Some case did not answer in time, or the cases are not started yet: repeat the same request'],
  )
  payment(
    @CurrentTenant() tenant: TenantEntity,
    @Param('clientId') clientId: string,
    @Body() body: PaymentBodyDto,
  ) {
    return this.payments.record(tenant, clientId, body);
  }
}
