import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ActionScope } from '@relance/domain';
import {
  Tenants,
  UsedActionLinks,
  verifyActionLink,
  type LinkClaims,
  type TenantEntity,
} from '@relance/persistence';
import { formatter, renderActionPage, type ActionPageState, type ActionSummary } from '@relance/templates';
import { DataSource } from 'typeorm';
import { CaseCommandsService } from '../cases/case-commands.service';
import { CasesService } from '../cases/cases.service';
import { ClientContactService } from '../cases/client-contact.service';
import { ClientControlsService } from '../clients/client-controls.service';
import { ClientsService } from '../clients/clients.service';
import { Problem } from '../common/problem';
import { API_CONFIG, type ApiConfig } from '../config';
import { ACTIONS, formInput, type ActionEntry, type ActionServices } from './actions';

/** An answered page: its HTTP status, HTML and extra headers. */
export interface PageAnswer {
  status: number;
  html: string;
  headers?: Record<string, string>;
}

/** A link that checked out: its claims, tenant and action entry. */
interface OpenLink {
  claims: LinkClaims;
  tenant: TenantEntity;
  entry: ActionEntry<unknown>;
}

class AlreadyUsed extends Error {}

/**
 * The pages of the action links (SPEC 3.2b). A GET only reads: the link, the case, whether the
 * link was used. A POST spends a one-shot link and applies its action in one transaction: the
 * link's id is inserted first (ON CONFLICT DO NOTHING decides who applies it), the action goes
 * through the same service as the API route, and a refused action rolls the spending back.
 */
@Injectable()
export class ActionLinksService {
  private readonly logger = new Logger('ActionLinks');
  private readonly used = new UsedActionLinks();
  private readonly services: ActionServices;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Tenants) private readonly tenants: Tenants,
    private readonly cases: CasesService,
    private readonly clientReads: ClientsService,
    commands: CaseCommandsService,
    contacts: ClientContactService,
    clients: ClientControlsService,
  ) {
    this.services = { commands, contacts, clients };
  }

  async show(token: string, path: string): Promise<PageAnswer> {
    return this.guarded(path, async () => {
      const link = await this.open(token, path);
      if ('status' in link) return link;
      const summary = await this.summary(link);
      return this.page(
        link,
        path,
        200,
        { kind: 'confirm', action: link.claims.action, fields: link.entry.fields },
        summary,
      );
    });
  }

  async apply(token: string, path: string, body: unknown): Promise<PageAnswer> {
    return this.guarded(path, async () => {
      const link = await this.open(token, path);
      if ('status' in link) return link;
      const { claims, tenant, entry } = link;
      const values = formInput(entry, body);
      const confirm = (errors: { field: string; message: string }[]): ActionPageState => ({
        kind: 'confirm',
        action: claims.action,
        fields: entry.fields,
        values,
        errors,
      });
      const parsed = entry.form.safeParse(values);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({
          field: String(i.path[0] ?? ''),
          message: i.message,
        }));
        return this.page(link, path, 422, confirm(errors), await this.summary(link));
      }
      try {
        await this.db.transaction(async (m) => {
          const target = `${claims.scope.kind}:${claims.scope.id}`;
          if (entry.oneShot && !(await this.used.spend(m, { ...claims, action: claims.action, target })))
            throw new AlreadyUsed();
          await entry.apply(this.services, tenant, claims.scope, parsed.data);
        });
      } catch (err) {
        if (err instanceof AlreadyUsed) return this.usedPage(link, path);
        if (!(err instanceof Problem)) throw err;
        const status = err.getStatus();
        if (status === 422) {
          const errors = (err.errors ?? []).map((e) => ({ field: e.path, message: e.message }));
          return this.page(link, path, 422, confirm(errors), await this.summary(link));
        }
        if (status === 404) return this.page(link, path, 404, { kind: 'not_found' });
        if (status === 503)
          return this.page(link, path, 503, { kind: 'unavailable' }, undefined, err.headers);
        const detail = err.detail ?? err.title;
        return this.page(
          link,
          path,
          status,
          { kind: 'refused', action: claims.action, detail },
          await this.summary(link),
        );
      }
      return this.page(link, path, 200, { kind: 'done', action: claims.action }, await this.summary(link));
    });
  }

  /** The link checked (signature, expiry, tenant, use), or the page that answers it. */
  private async open(token: string, path: string): Promise<OpenLink | PageAnswer> {
    const key = this.config.links.key;
    if (!key) return this.plain(path, 503, { kind: 'unavailable' });
    const check = verifyActionLink(key, token, new Date());
    if (!check.ok && check.reason === 'malformed') return this.plain(path, 404, { kind: 'not_found' });
    if (!check.ok && check.reason === 'forged') return this.plain(path, 403, { kind: 'forged' });
    // A genuine token, expired or not: its tenant is believed (its signature says so).
    const { claims } = check as Extract<typeof check, { claims: LinkClaims }>;
    const tenant = await this.tenants.byId(claims.tenantId);
    const entry = ACTIONS[claims.action];
    if (!tenant || !entry.scopes.includes(claims.scope.kind))
      return this.plain(path, 404, { kind: 'not_found' });
    const link = { claims, tenant, entry };
    if (!check.ok) {
      const expiredOn = this.format(tenant).instant(claims.expiresAt.toISOString());
      return this.page(link, path, 410, { kind: 'expired', expiredOn });
    }
    if (entry.oneShot && (await this.used.usedAt(this.db.manager, claims.linkId)))
      return this.usedPage(link, path);
    return link;
  }

  private async usedPage(link: OpenLink, path: string): Promise<PageAnswer> {
    const at = await this.used.usedAt(this.db.manager, link.claims.linkId);
    const usedAt = this.format(link.tenant).instant((at ?? new Date()).toISOString());
    return this.page(
      link,
      path,
      409,
      { kind: 'used', usedAt },
      await this.summary(link).catch(() => undefined),
    );
  }

  /** The case or the client account as the page shows it; a case or client unknown → 404 Problem. */
  private async summary({ tenant, claims }: OpenLink): Promise<ActionSummary> {
    const scope: ActionScope = claims.scope;
    if (scope.kind === 'invoice') {
      const view = await this.cases.view(tenant, scope.id);
      return {
        kind: 'invoice',
        number: view.number,
        client: view.client.company ?? view.client.name,
        balance: view.balance,
        currency: view.currency,
        status: view.status,
        ...(view.nextAction ? { nextAction: { action: view.nextAction.step, at: view.nextAction.at } } : {}),
      };
    }
    const detail = await this.clientReads.detail(tenant, scope.id);
    return {
      kind: 'client',
      client: detail.company ?? detail.name,
      openCases: detail.openCases,
      balances: detail.balances.map((b) => ({ amount: b.balance, currency: b.currency })),
    };
  }

  private format(tenant: TenantEntity) {
    return formatter(tenant.settings.locale, 'EUR', tenant.settings.timezone);
  }

  private page(
    { tenant }: { tenant: TenantEntity },
    path: string,
    status: number,
    state: ActionPageState,
    summary?: ActionSummary,
    headers?: Record<string, string>,
  ): PageAnswer {
    const { locale, timezone } = tenant.settings;
    return { status, html: renderActionPage({ locale, timeZone: timezone, path, state, summary }), headers };
  }

  /** A page for a link whose tenant is unknown or not to be believed: in English. */
  private plain(path: string, status: number, state: ActionPageState): PageAnswer {
    return { status, html: renderActionPage({ locale: 'en', path, state }) };
  }

  /** Any other failure (the database, an unknown case in a summary) answers a page, never a stack trace. */
  private async guarded(path: string, run: () => Promise<PageAnswer>): Promise<PageAnswer> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof Problem && err.getStatus() === 404)
        return this.plain(path, 404, { kind: 'not_found' });
      this.logger.error({ err, path: path.replace(/\/a\/.*/, '/a/…') }, 'action link failed');
      return this.plain(path, 503, { kind: 'unavailable' });
    }
  }
}
