import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { ApiKeyGuard, CurrentTenant } from '../auth/api-key.guard';
import { ApiProblems } from '../common/openapi';
import { TenantPatchDto, TenantViewDto } from './schemas';
import { TenantsService } from './tenants.service';

@ApiTags('tenant')
@ApiBearerAuth()
@ApiProblems([401, 'Missing, unknown or revoked API key'])
@UseGuards(ApiKeyGuard)
@Controller('v1/tenant')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @ApiOperation({ summary: "The API key's tenant settings (secrets are never shown)" })
  @ApiResponse({ status: 200, type: TenantViewDto })
  view(@CurrentTenant() tenant: TenantEntity) {
    return this.tenants.view(tenant);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change tenant settings',
    description:
      'Each top-level field given replaces the stored one; the result is validated as a whole. Identity, sender, bank and ' +
      'contacts apply to every message sent from now on; policies and jurisdiction apply to cases registered afterwards.',
  })
  @ApiResponse({ status: 200, type: TenantViewDto })
  @ApiProblems([422, 'Invalid fields, each listed in errors[] with its path'])
  async patch(@CurrentTenant() tenant: TenantEntity, @Body() body: TenantPatchDto) {
    return this.tenants.view(await this.tenants.patch(tenant, body));
  }
}
