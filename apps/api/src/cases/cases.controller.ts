import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { ApiProblems } from '../common/openapi';
import { timelineView } from './case-view';
import { CasesService } from './cases.service';
import { CaseViewDto, TimelineResponseDto } from './schemas';

const EXTERNAL_ID = { name: 'externalId', description: 'the invoice id in your billing system' };

/** The case of an invoice and its audit trail; documented with the invoice routes, as before. */
@ApiTags('invoices')
@TenantAuth()
@Controller('v1/invoices')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get(':externalId')
  @ApiOperation({ summary: 'The case view: status, stage, balance, penalties, next action, timeline' })
  @ApiParam(EXTERNAL_ID)
  @ApiResponse({ status: 200, type: CaseViewDto })
  @ApiProblems([404, 'No such invoice for this API key'])
  view(@CurrentTenant() tenant: TenantEntity, @Param('externalId') externalId: string) {
    return this.cases.view(tenant, externalId);
  }

  @Get(':externalId/timeline')
  @ApiOperation({ summary: 'The case timeline (the audit trail), oldest first' })
  @ApiParam(EXTERNAL_ID)
  @ApiResponse({ status: 200, type: TimelineResponseDto })
  @ApiProblems([404, 'No such invoice for this API key'])
  async timeline(@CurrentTenant() tenant: TenantEntity, @Param('externalId') externalId: string) {
    const invoice = await this.cases.find(tenant, externalId);
    return { externalId, timeline: timelineView(await this.cases.timeline(invoice)) };
  }
}
