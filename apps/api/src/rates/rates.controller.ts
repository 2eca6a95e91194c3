import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../common/openapi';
import { Problem } from '../common/problem';
import { AdminTokenGuard } from './admin-token.guard';
import { RatesService } from './rates.service';
import { RateFigureBodyDto, RateFigureResultDto, RatesViewDto } from './schemas';

/** Reference-rate figures, operator data updated without a release (docs/penalties.md). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiProblems(
  [401, 'Missing or wrong admin token (RELANCE_ADMIN_TOKEN; tenant API keys do not open admin routes)'],
  [503, 'admin API disabled: RELANCE_ADMIN_TOKEN is not set'],
)
@UseGuards(AdminTokenGuard)
@Controller('v1/admin/rates')
export class RatesController {
  constructor(private readonly rates: RatesService) {}

  @Get()
  @ApiOperation({
    summary: 'The operator rate figures, and each rate table as penalties use it',
    description: 'Needs `Authorization: Bearer <RELANCE_ADMIN_TOKEN>`.',
  })
  @ApiResponse({ status: 200, type: RatesViewDto })
  list() {
    return this.rates.view();
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a published reference-rate figure',
    description:
      'Needs `Authorization: Bearer <RELANCE_ADMIN_TOKEN>`. Every penalty computed from then on uses it (other API ' +
      'and worker processes within 30 s): a period that was provisional because the figure was missing becomes final. ' +
      'For ecb/boe a figure states the rate in force on effectiveFrom; to settle a missing figure such as ' +
      '`ecb:2026-07-01`, add that table and day. For fr-legal-* give the first day of the half-year.',
  })
  @ApiResponse({ status: 201, description: 'Added', type: RateFigureResultDto })
  @ApiResponse({
    status: 200,
    description: 'The same figure was already stored (unchanged), or `replace` corrected it (replaced)',
    type: RateFigureResultDto,
  })
  @ApiProblems(
    [409, 'A different percent is stored for that table and day: send `replace: true` to correct it'],
    [422, 'Invalid fields, each listed in errors[] with its path'],
  )
  async add(@Body() body: RateFigureBodyDto, @Res({ passthrough: true }) res: Response) {
    const result = await this.rates.add(body, 'admin-api');
    if (result.outcome === 'conflict') {
      const { existing } = result;
      throw new Problem(
        409,
        'Conflict',
        `${existing.table} on ${existing.effectiveFrom} is already ${existing.percent} %: send "replace": true to correct it`,
        [{ path: 'percent', message: `differs from the stored ${existing.percent}` }],
      );
    }
    res.status(result.outcome === 'created' ? 201 : 200);
    return result;
  }
}
