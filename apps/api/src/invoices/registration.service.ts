import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { validatePolicy, parseMoney, type InvoiceInput, type Jurisdiction, type Policy, type TenantSettings, formatMoney } from '@relance/domain';
import { InvoiceEntity, row, TenantEntity, TimelineEventEntity } from '@relance/persistence';
import { caseWorkflowId, SA, WORKFLOW_TYPE, type DunningCaseInput } from '@relance/workflows';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Problem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { caseView, CaseView } from './case-view';

/** JSON with sorted keys: the same payload always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

@Injectable()
export class InvoicesService {
  private readonly logger = new Logger(InvoicesService.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private settings(tenant: TenantEntity): TenantSettings {
    return tenant.settings as unknown as TenantSettings;
  }

  private resolvePolicy(tenant: TenantEntity, policy: InvoiceInput['policy']): Policy {
    const settings = this.settings(tenant);
    if (policy === undefined) return settings.defaultPolicy;
    if (typeof policy === 'string') {
      const named = settings.policies?.[policy];
      if (!named) {
        const known = Object.keys(settings.policies ?? {}).join(', ') || 'none';
        throw new Problem(422, 'Invalid request', `unknown policy "${policy}"`, [
          { path: 'policy', message: `no policy named "${policy}" in the tenant settings (known: ${known})` },
        ]);
      }
      return named;
    }
    return validatePolicy(policy);
  }

  /**
   * Registers an invoice and starts its case. Postgres first (row + `registered`), then the
   * workflow, then the row is marked started: a failure in between leaves a row that the next
   * identical call repairs, and the deterministic workflow id makes the start idempotent.
   */
  async register(tenant: TenantEntity, input: InvoiceInput): Promise<{ created: boolean; view: CaseView }> {
    const policy = this.resolvePolicy(tenant, input.policy);
    const hash = createHash('sha256').update(canonical(input)).digest('hex');
    const workflowId = caseWorkflowId(tenant.slug, input.externalId);
    const { invoice, created } = await this.db.transaction(async (m) => {
      const repo = m.getRepository(InvoiceEntity);
      const existing = await repo.findOne({ where: { tenantId: tenant.id, externalId: input.externalId }, lock: { mode: 'pessimistic_write' } });
      if (existing) {
        if (existing.payloadHash !== hash) {
          throw new Problem(409, 'Conflict', `invoice ${input.externalId} is already registered with a different payload`);
        }
        return { invoice: existing, created: false };
      }
      const total = parseMoney(input.total, input.currency).minor;
      const due = parseMoney(input.amountDue, input.currency).minor;
      const saved = await repo.save(
        repo.create({
          tenantId: tenant.id,
          externalId: input.externalId,
          number: input.number,
          workflowId,
          clientId: input.client.id,
          currency: input.currency,
          totalMinor: total,
          paidMinor: total - due,
          balanceMinor: due,
          issueDate: input.issueDate,
          dueDate: input.dueDate,
          payload: input as unknown as Record<string, unknown>,
          payloadHash: hash,
        }),
      );
      await m.getRepository(TimelineEventEntity).insert(row<TimelineEventEntity>({
        id: `${workflowId}:registered`,
        tenantId: tenant.id,
        invoiceId: saved.id,
        at: new Date(),
        type: 'registered',
        step: null,
        data: { number: input.number, total: input.total, amountDue: input.amountDue, dueDate: input.dueDate },
      }));
      return { invoice: saved, created: true };
    });
    if (!invoice.workflowStartedAt) await this.startCase(tenant, invoice, input, policy);
    return { created, view: await this.view(tenant, input.externalId) };
  }

  private async startCase(tenant: TenantEntity, invoice: InvoiceEntity, input: InvoiceInput, policy: Policy): Promise<void> {
    const settings = this.settings(tenant);
    const jurisdiction: Jurisdiction = input.jurisdiction ?? settings.jurisdiction;
    const args: DunningCaseInput = {
      tenant: tenant.slug,
      externalId: input.externalId,
      number: input.number,
      issueDate: input.issueDate,
      dueDate: input.dueDate,
      currency: input.currency,
      total: input.total,
      amountDue: input.amountDue,
      client: {
        id: input.client.id,
        name: input.client.name,
        company: input.client.company,
        email: input.client.email,
        locale: input.client.locale,
        timezone: input.client.timezone,
        type: input.client.type,
        country: input.client.country,
      },
      jurisdiction,
      contractualRatePercent: input.penalties?.ratePercent,
      policy,
    };
    const amount = formatMoney(parseMoney(input.amountDue, input.currency), input.client.locale);
    try {
      await this.temporal.workflow.start(WORKFLOW_TYPE, {
        workflowId: invoice.workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [args],
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: `${input.number} · ${input.client.company ?? input.client.name} · ${amount}`,
        staticDetails: `Invoice **${input.number}** (${input.externalId}) issued ${input.issueDate}, due ${input.dueDate}, client ${input.client.email}`,
        typedSearchAttributes: [
          { key: SA.tenant, value: tenant.slug },
          { key: SA.status, value: 'pending' },
          { key: SA.stage, value: 'none' },
          { key: SA.client, value: input.client.id },
          { key: SA.balance, value: Number(input.amountDue) },
          { key: SA.dueDate, value: new Date(`${input.dueDate}T00:00:00Z`) },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        this.logger.error({ err, workflowId: invoice.workflowId }, 'could not start the case workflow');
        throw new Problem(503, 'Service unavailable', 'the case could not be started; retry the same request');
      }
    }
    await this.db.getRepository(InvoiceEntity).update({ id: invoice.id }, { workflowStartedAt: new Date() });
  }

  async find(tenant: TenantEntity, externalId: string): Promise<InvoiceEntity> {
    const invoice = await this.db.getRepository(InvoiceEntity).findOneBy({ tenantId: tenant.id, externalId });
    if (!invoice) throw new Problem(404, 'Not found', `no invoice ${externalId}`);
    return invoice;
  }

  async timeline(invoice: InvoiceEntity): Promise<TimelineEventEntity[]> {
    return this.db.getRepository(TimelineEventEntity).find({ where: { invoiceId: invoice.id }, order: { at: 'ASC', recordedAt: 'ASC' } });
  }

  async view(tenant: TenantEntity, externalId: string): Promise<CaseView> {
    const invoice = await this.find(tenant, externalId);
    const payload = invoice.payload as unknown as InvoiceInput;
    const jurisdiction = payload.jurisdiction ?? this.settings(tenant).jurisdiction;
    return caseView(invoice, await this.timeline(invoice), jurisdiction, new Date());
  }
}
