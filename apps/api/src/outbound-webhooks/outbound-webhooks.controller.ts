import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TenantEntity } from '@relance/persistence';
import { CurrentTenant } from '../auth/api-key.guard';
import { TenantAuth } from '../auth/rate-limit.guard';
import { ApiProblems } from '../common/openapi';
import { OutboundWebhooksService } from './outbound-webhooks.service';
import {
  CreatedEndpointDto,
  CreateEndpointBodyDto,
  DeliveryDto,
  DeliveryListDto,
  DeliveryQueryDto,
  EndpointDto,
  EndpointListDto,
} from './schemas';

/** Where the tenant's billing system hears about its cases (SPEC 3.2b, the `webhooks` of /openapi.json). */
@ApiTags('webhook endpoints')
@TenantAuth()
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly service: OutboundWebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint: events are posted to it signed (Standard Webhooks), in order per case',
    description: 'The answer carries the signing secret, shown this once; it is stored encrypted.',
  })
  @ApiResponse({ status: 201, type: CreatedEndpointDto })
  @ApiProblems([
    422,
    'Invalid fields, each listed in errors[] with its path (url: refused by the address guard)',
  ])
  create(@CurrentTenant() tenant: TenantEntity, @Body() body: CreateEndpointBodyDto) {
    return this.service.create(tenant, body);
  }

  @Get()
  @ApiOperation({ summary: "List the tenant's endpoints (secrets never shown again)" })
  @ApiResponse({ status: 200, type: EndpointListDto })
  list(@CurrentTenant() tenant: TenantEntity) {
    return this.service.list(tenant);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One endpoint' })
  @ApiParam({ name: 'id' })
  @ApiResponse({ status: 200, type: EndpointDto })
  @ApiProblems([404, 'No such endpoint for this API key'])
  get(@CurrentTenant() tenant: TenantEntity, @Param('id') id: string) {
    return this.service.get(tenant, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint: nothing more is posted to it; its delivery log stays' })
  @ApiParam({ name: 'id' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblems([404, 'No such endpoint for this API key'])
  async delete(@CurrentTenant() tenant: TenantEntity, @Param('id') id: string) {
    await this.service.delete(tenant, id);
  }
}

@ApiTags('webhook endpoints')
@TenantAuth()
@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly service: OutboundWebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'The delivery log, newest first, with cursor paging' })
  @ApiResponse({ status: 200, type: DeliveryListDto })
  @ApiProblems([422, 'Invalid filter or cursor'])
  log(@CurrentTenant() tenant: TenantEntity, @Query() query: DeliveryQueryDto) {
    return this.service.log(tenant, query);
  }

  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue the event again for its endpoint, with the same webhook-id',
    description: 'Answers the new delivery, pending behind the endpoint’s others.',
  })
  @ApiParam({ name: 'id' })
  @ApiResponse({ status: 202, type: DeliveryDto })
  @ApiProblems([404, 'No such delivery for this API key, or its endpoint was deleted'])
  redeliver(@CurrentTenant() tenant: TenantEntity, @Param('id') id: string) {
    return this.service.redeliver(tenant, id);
  }
}
