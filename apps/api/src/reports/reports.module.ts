import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { ApiProblems } from '../common/openapi';
import { ReportsService } from './reports.service';
import {
  AgingByClientReportDto,
  AgingQueryDto,
  AgingReportDto,
  EffectivenessQueryDto,
  EffectivenessReportDto,
  MAX_REPORT_DAYS,
} from './schemas';

@ApiTags('reports')
@TenantAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('aging')
  @ApiOperation({
    summary:
      'Outstanding balance of open cases by days past due (not due, 1–30, 31–60, 61–90, 90+), per currency',
    description:
      'With by=client, the same buckets for each client account with an open case ({asOf, by, clients, nextCursor}), ' +
      'in client id order, limit (1–100, default 20) clients a page.',
  })
  @ApiExtraModels(AgingReportDto, AgingByClientReportDto)
  @ApiResponse({
    status: 200,
    description: 'By currency (default), or by client with by=client',
    schema: {
      oneOf: [{ $ref: getSchemaPath(AgingReportDto) }, { $ref: getSchemaPath(AgingByClientReportDto) }],
    },
  })
  @ApiProblems([422, 'Invalid by, limit or cursor (limit and cursor go with by=client only)'])
  aging(@CurrentTenant() tenant: TenantEntity, @Query() query: AgingQueryDto) {
    if (query.by === 'client')
      return this.reports.agingByClient(tenant, { limit: query.limit ?? 20, cursor: query.cursor });
    return this.reports.aging(tenant);
  }

  @Get('effectiveness')
  @ApiOperation({
    summary:
      'Per policy step: cases reaching it, cases paid after it (count, amount), median days from due date to payment',
  })
  @ApiResponse({ status: 200, type: EffectivenessReportDto })
  @ApiProblems([422, `Invalid dates, from after to, or a period of more than ${MAX_REPORT_DAYS} days`])
  effectiveness(@CurrentTenant() tenant: TenantEntity, @Query() query: EffectivenessQueryDto) {
    return this.reports.effectiveness(tenant, query);
  }
}

@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
