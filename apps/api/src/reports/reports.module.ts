import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { ApiProblems } from '../common/openapi';
import { ReportsService } from './reports.service';
import { AgingReportDto, EffectivenessQueryDto, EffectivenessReportDto, MAX_REPORT_DAYS } from './schemas';

@ApiTags('reports')
@TenantAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('aging')
  @ApiOperation({
    summary:
      'Outstanding balance of open cases by days past due (not due, 1–30, 31–60, 61–90, 90+), per currency',
  })
  @ApiResponse({ status: 200, type: AgingReportDto })
  aging(@CurrentTenant() tenant: TenantEntity) {
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
