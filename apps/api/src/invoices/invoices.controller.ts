import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import type { Response } from 'express';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { ApiProblems } from '../common/openapi';
import { invalid } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { CasesService } from '../cases/cases.service';
import { REGISTRATION_EXAMPLE } from './openapi-notes';
import { RegistrationService } from './registration.service';
import { CaseListDto, CaseViewDto, PenaltiesResponseDto } from '../cases/schemas';
import { ListQueryDto, PenaltiesQueryDto, pdfUrlIssues, RegisterInvoiceDto } from './schemas';

const EXTERNAL_ID = { name: 'externalId', description: 'the invoice id in your billing system' };

@ApiTags('invoices')
@TenantAuth()
@Controller('v1/invoices')
export class InvoicesController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly cases: CasesService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an invoice and start its dunning case',
    description:
      'Idempotent on externalId: the same payload again answers 200 with the existing case, a different payload 409. ' +
      'A 503 means the case could not be started yet: repeat the same request, it completes the registration.',
  })
  @ApiBody({
    type: RegisterInvoiceDto,
    examples: { invoice: { summary: 'A French B2B invoice', value: REGISTRATION_EXAMPLE } },
  })
  @ApiResponse({ status: 201, description: 'Registered: the case view', type: CaseViewDto })
  @ApiResponse({
    status: 200,
    description: 'Already registered with the same payload: the existing case',
    type: CaseViewDto,
  })
  @ApiProblems(
    [409, 'Already registered with a different payload'],
    [413, 'Body over 1 MiB'],
    [415, 'Body is not JSON'],
    [422, 'Invalid fields, each listed in errors[] with its path'],
    [503, 'The case could not be started: repeat the same request'],
  )
  async register(
    @CurrentTenant() tenant: TenantEntity,
    @Body() body: RegisterInvoiceDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const pdfUrl = pdfUrlIssues(body, this.config.pdfFetch.allowHosts);
    if (pdfUrl.length > 0) throw invalid(pdfUrl);
    const { created, view } = await this.registration.register(tenant, body);
    res.status(created ? 201 : 200);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List cases, newest first, with cursor paging' })
  @ApiResponse({ status: 200, type: CaseListDto })
  @ApiProblems([422, 'Invalid filter or cursor'])
  list(@CurrentTenant() tenant: TenantEntity, @Query() query: ListQueryDto) {
    return this.cases.list(tenant, query);
  }

  @Get(':externalId/penalties')
  @ApiOperation({
    summary:
      'Late-payment penalties on the current balance as of a date, with the breakdown by period and rate',
    description:
      'A period whose reference rate is not loaded yet uses the last published rate known and is `provisional`; ' +
      'the breakdown is then `provisional` (total subject to adjustment) and `missingFigures` names each figure to add.',
  })
  @ApiParam(EXTERNAL_ID)
  @ApiResponse({ status: 200, type: PenaltiesResponseDto })
  @ApiProblems(
    [404, 'No such invoice for this API key'],
    [422, 'Invalid date, or a date before the rate tables begin (named in the detail)'],
  )
  penalties(
    @CurrentTenant() tenant: TenantEntity,
    @Param('externalId') externalId: string,
    @Query() query: PenaltiesQueryDto,
  ) {
    return this.cases.penalties(tenant, externalId, query.asOf);
  }
}
