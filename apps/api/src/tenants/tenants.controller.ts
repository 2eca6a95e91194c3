import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { ApiProblems } from '../common/openapi';
import { TenantPatchDto, TenantViewDto } from './schemas';
import { TenantsService } from './tenants.service';

@ApiTags('tenant')
@TenantAuth()
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
