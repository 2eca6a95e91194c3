import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InvoiceInputSchema } from '@relance/domain';
import { TenantEntity } from '@relance/persistence';
import type { Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { ApiKeyGuard, CurrentTenant } from '../auth/api-key.guard';
import { InvoicesService } from './invoices.service';
import { timelineView } from './case-view';

export class RegisterInvoiceDto extends createZodDto(InvoiceInputSchema) {}

@ApiTags('invoices')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an invoice and start its dunning case (idempotent on externalId)' })
  @ApiResponse({ status: 201, description: 'Registered: the case view' })
  @ApiResponse({ status: 200, description: 'Already registered with the same payload: the existing case' })
  @ApiResponse({ status: 409, description: 'Already registered with a different payload' })
  @ApiResponse({ status: 422, description: 'Invalid fields (problem+json with errors[])' })
  async register(
    @CurrentTenant() tenant: TenantEntity,
    @Body() body: RegisterInvoiceDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, view } = await this.invoices.register(tenant, body);
    res.status(created ? 201 : 200);
    return view;
  }

  @Get(':externalId')
  @ApiOperation({ summary: 'The case view: status, stage, balance, penalties, next action, timeline' })
  view(@CurrentTenant() tenant: TenantEntity, @Param('externalId') externalId: string) {
    return this.invoices.view(tenant, externalId);
  }

  @Get(':externalId/timeline')
  @ApiOperation({ summary: 'The case timeline (the audit trail), oldest first' })
  async timeline(@CurrentTenant() tenant: TenantEntity, @Param('externalId') externalId: string) {
    const invoice = await this.invoices.find(tenant, externalId);
    return { externalId, timeline: timelineView(await this.invoices.timeline(invoice)) };
  }
}
