import { Inject, Injectable } from '@nestjs/common';
import {
  formatMoney,
  groupingOf,
  openingRecord,
  parseMoney,
  validatePolicy,
  withHandoffApproval,
  type InvoiceInput,
  type Policy,
} from '@relance/domain';
import {
  columnsOf,
  InvoiceEntity,
  Invoices,
  TenantEntity,
  Timeline,
  timelineKey,
} from '@relance/persistence';
import {
  caseWorkflowId,
  emailTaskQueueOf,
  startSearchAttributes,
  WORKFLOW_TYPE,
  type DunningCaseInput,
} from '@relance/workflows';
import { createHash } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { Problem } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config';
import type { IfUnreachable } from '../cases/case-errors';
import { CaseGateway } from '../cases/case-gateway';
import { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/schemas';

/** JSON with sorted keys: the same payload always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const START_UNREACHABLE: IfUnreachable = {
  detail: 'the case could not be started; repeat the same request to complete the registration',
  retryAfterS: 5,
};

const isUniqueViolation = (err: unknown) =>
  err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '23505';

@Injectable()
export class RegistrationService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly gateway: CaseGateway,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(Invoices) private readonly invoices: Invoices,
    @Inject(Timeline) private readonly timeline: Timeline,
    private readonly cases: CasesService,
  ) {}

  private resolvePolicy(tenant: TenantEntity, policy: InvoiceInput['policy']): Policy {
    const settings = tenant.settings;
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
   * `created` is true when this call started the case (a repair included).
   */
  async register(tenant: TenantEntity, input: InvoiceInput): Promise<{ created: boolean; view: CaseView }> {
    // The product default (SPEC §3.2b): no hand-off to the lawyer without the creditor's yes.
    const policy = withHandoffApproval(this.resolvePolicy(tenant, input.policy));
    const hash = createHash('sha256').update(canonical(input)).digest('hex');
    let invoice: InvoiceEntity;
    try {
      invoice = await this.storeOnce(tenant, input, hash);
    } catch (err) {
      // Two identical registrations raced to insert: the loser now finds the winner's row.
      if (!isUniqueViolation(err)) throw err;
      invoice = await this.storeOnce(tenant, input, hash);
    }
    const created = !invoice.workflowStartedAt;
    if (created) await this.startCase(tenant, invoice, input, policy);
    return { created, view: await this.cases.view(tenant, input.externalId) };
  }

  private storeOnce(tenant: TenantEntity, input: InvoiceInput, hash: string): Promise<InvoiceEntity> {
    const workflowId = caseWorkflowId(tenant.slug, input.externalId);
    return this.db.transaction(async (m) => {
      const existing = await this.invoices.lockByExternalId(m, tenant.id, input.externalId);
      if (existing) {
        if (existing.payloadHash !== hash) {
          throw new Problem(
            409,
            'Conflict',
            `invoice ${input.externalId} is already registered with a different payload`,
          );
        }
        return existing;
      }
      // The PDF (up to 1 MB) lives beside the row, not in the payload every read would carry;
      // the hash above covers it, so a re-registration with another PDF is still a conflict.
      const { pdfBase64, ...payload } = input;
      const saved = await this.invoices.insert(m, {
        tenantId: tenant.id,
        externalId: input.externalId,
        number: input.number,
        workflowId,
        clientId: input.client.id,
        currency: input.currency,
        totalMinor: parseMoney(input.total, input.currency).minor,
        // The columns of the record its case has until its workflow writes one (`recordOf`).
        ...columnsOf(openingRecord(input), input.currency),
        issueDate: input.issueDate,
        dueDate: input.dueDate,
        payload,
        payloadHash: hash,
      });
      if (pdfBase64) await this.invoices.insertInlinePdf(m, saved, Buffer.from(pdfBase64, 'base64'));
      await this.timeline.append(
        saved,
        {
          key: timelineKey.registered,
          type: 'registered',
          data: {
            number: input.number,
            total: input.total,
            amountDue: input.amountDue,
            dueDate: input.dueDate,
          },
        },
        m,
      );
      return saved;
    });
  }

  private async startCase(
    tenant: TenantEntity,
    invoice: InvoiceEntity,
    input: InvoiceInput,
    policy: Policy,
  ): Promise<void> {
    const settings = tenant.settings;
    const args: DunningCaseInput = {
      tenant: tenant.slug,
      externalId: input.externalId,
      number: input.number,
      dueDate: input.dueDate,
      currency: input.currency,
      total: input.total,
      amountDue: input.amountDue,
      client: {
        name: input.client.name,
        company: input.client.company,
        email: input.client.email,
        locale: input.client.locale,
        timezone: input.client.timezone,
        country: input.client.country,
      },
      jurisdiction: input.jurisdiction ?? settings.jurisdiction,
      policy,
      emailTaskQueue: emailTaskQueueOf(this.config.temporal.taskQueue),
      // Client accounts: the case's steps go out with the client's other cases (docs/architecture.md).
      ...(groupingOf(settings) === 'client' ? { account: { clientId: input.client.id } } : {}),
    };
    const amount = formatMoney(parseMoney(input.amountDue, input.currency), input.client.locale);
    // Already started (an earlier attempt got this far): the registration completes all the same.
    await this.gateway.start(
      WORKFLOW_TYPE,
      {
        workflowId: invoice.workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [args],
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: `${input.number} · ${input.client.company ?? input.client.name} · ${amount}`,
        staticDetails: `Invoice **${input.number}** (${input.externalId}) issued ${input.issueDate}, due ${input.dueDate}, client ${input.client.email}`,
        typedSearchAttributes: startSearchAttributes(args, input.client.id),
      },
      { ifUnreachable: START_UNREACHABLE },
    );
    await this.invoices.markStarted(invoice.id);
  }
}
