import 'reflect-metadata';
import { createDataSource, migrate, TenantEntity } from '@relance/persistence';
import type { DataSource } from 'typeorm';
import { mintSecret } from './auth/api-keys';
import { loadApiConfig } from './config';
import { TenantsService } from './tenants/tenants.service';

const USAGE = `relance api CLI (same configuration as the API: DATABASE_URL, …)

  node apps/api/dist/cli.js migrate
  node apps/api/dist/cli.js tenant create <slug>
  node apps/api/dist/cli.js tenant list
  node apps/api/dist/cli.js key mint <slug> [--name <name>]
  node apps/api/dist/cli.js key list <slug>
  node apps/api/dist/cli.js key revoke <slug> <prefix>
  node apps/api/dist/cli.js webhook-secret add <slug>
  node apps/api/dist/cli.js webhook-secret remove <slug> <secret>
`;

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function tenantOf(tenants: TenantsService, slug: string | undefined): Promise<TenantEntity> {
  if (!slug) throw new UsageError('a tenant slug is required');
  const tenant = await tenants.findBySlug(slug);
  if (!tenant) throw new UsageError(`no tenant "${slug}" (create it with: tenant create ${slug})`);
  return tenant;
}

/** Runs one command; returns what to print. Secrets are printed once, here, and never stored in clear. */
export async function runCommand(db: DataSource, args: string[]): Promise<string> {
  const tenants = new TenantsService(db);
  const [group, action, ...rest] = args;
  const [slug, arg] = rest;
  switch (`${group} ${action}`) {
    case 'tenant create': {
      if (!slug || !SLUG.test(slug))
        throw new UsageError('the slug must be 2–63 lower-case letters, digits or dashes');
      const existed = await tenants.findBySlug(slug);
      const tenant = await tenants.ensureTenant(slug);
      return existed
        ? `tenant ${slug} already exists (${tenant.id})`
        : `tenant ${slug} created (${tenant.id}); set its identity with PATCH /v1/tenant`;
    }
    case 'tenant list': {
      const all = await db.getRepository(TenantEntity).find({ order: { slug: 'ASC' } });
      return all.map((t) => `${t.slug}\t${t.id}`).join('\n') || '(no tenants)';
    }
    case 'key mint': {
      const tenant = await tenantOf(tenants, slug);
      const key = await tenants.addApiKey(tenant, option(rest, '--name') ?? 'cli');
      return key;
    }
    case 'key list': {
      const view = await tenants.view(await tenantOf(tenants, slug));
      return (
        view.apiKeys
          .map(
            (k) =>
              `${k.prefix}\t${k.name}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}`,
          )
          .join('\n') || '(no keys)'
      );
    }
    case 'key revoke': {
      if (!arg) throw new UsageError('the key prefix is required (see: key list <slug>)');
      const n = await tenants.revokeApiKey(await tenantOf(tenants, slug), arg);
      if (n === 0) throw new UsageError(`no active key with prefix ${arg}`);
      return `revoked ${n} key(s) with prefix ${arg}`;
    }
    case 'webhook-secret add': {
      const secret = mintSecret();
      await tenants.addWebhookSecret(await tenantOf(tenants, slug), secret);
      return secret;
    }
    case 'webhook-secret remove': {
      if (!arg) throw new UsageError('the secret to remove is required');
      const tenant = await tenantOf(tenants, slug);
      if (!tenant.webhookSecrets.includes(arg)) throw new UsageError('the tenant has no such secret');
      await db
        .getRepository(TenantEntity)
        .update({ id: tenant.id }, { webhookSecrets: tenant.webhookSecrets.filter((s) => s !== arg) });
      return `removed; ${tenant.webhookSecrets.length - 1} secret(s) left`;
    }
    default:
      throw new UsageError(args.length ? `unknown command: ${args.join(' ')}` : 'no command given');
  }
}

async function main(args: string[]): Promise<void> {
  if (args.length === 0 || args[0] === '--help' || args[0] === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadApiConfig();
  if (args[0] === 'migrate' || config.migrate) {
    const applied = await migrate(config.databaseUrl);
    if (args[0] === 'migrate') {
      process.stdout.write(
        applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is up to date\n',
      );
      return;
    }
  }
  const db = await createDataSource({ url: config.databaseUrl, poolSize: 2 }).initialize();
  try {
    process.stdout.write(`${await runCommand(db, args)}\n`);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(
      err instanceof UsageError
        ? `${err.message}\n\n${USAGE}`
        : `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
