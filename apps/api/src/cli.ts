import 'reflect-metadata';
import { createDataSource, migrate, SecretBox, type TenantEntity } from '@relance/persistence';
import type { DataSource } from 'typeorm';
import { mintSecret } from './auth/api-keys';
import { loadApiConfig } from './config';
import { RATES_USAGE, ratesCommand } from './rates/rates.cli';
import { tenantServices } from './tenants/tenant-services';
import type { TenantsService } from './tenants/tenants.service';
import { NoSuchSecret } from './tenants/webhook-secrets.service';

const USAGE = `relance api CLI (same configuration as the API: DATABASE_URL, …)

  node apps/api/dist/cli.js migrate
  node apps/api/dist/cli.js tenant create <slug>
  node apps/api/dist/cli.js tenant list
  node apps/api/dist/cli.js key mint <slug> [--name <name>]
  node apps/api/dist/cli.js key list <slug>
  node apps/api/dist/cli.js key revoke <slug> <prefix>
  node apps/api/dist/cli.js webhook-secret add <slug>            # generates a secret, prints it once
  node apps/api/dist/cli.js webhook-secret add <slug> --stdin    # the secret is read from stdin
  node apps/api/dist/cli.js webhook-secret list <slug>           # ids only
  node apps/api/dist/cli.js webhook-secret remove <slug> <id>
  node apps/api/dist/cli.js sender-domains set <slug> <domain…>  # the domains sender.fromEmail may use
  node apps/api/dist/cli.js sender-domains list <slug>
  node apps/api/dist/cli.js secrets rotate      # re-encrypts the stored secrets with RELANCE_SECRET_KEY;
                                                # the former key in RELANCE_SECRET_KEY_PREVIOUS
${RATES_USAGE}`;

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** A secret given on stdin: printable ASCII without spaces, as a header value can carry it. */
const GIVEN_SECRET = /^[\x21-\x7e]{16,200}$/;

/** What a command needs besides the database: the key of the secrets, stdin, and stderr for notes. */
export interface CliIo {
  box: SecretBox;
  readStdin: () => Promise<string>;
  note: (line: string) => void;
}

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

/**
 * Runs one command; returns what to print. Secrets are printed once, here, and never stored in
 * clear; a secret chosen by the operator comes on stdin, never in the arguments (shell history, ps).
 */
export async function runCommand(db: DataSource, args: string[], io: CliIo): Promise<string> {
  const { tenants, apiKeys, secrets, senderDomains } = tenantServices(db, io.box);
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
      const all = await tenants.list();
      return all.map((t) => `${t.slug}\t${t.id}`).join('\n') || '(no tenants)';
    }
    case 'key mint': {
      const tenant = await tenantOf(tenants, slug);
      const key = await apiKeys.addApiKey(tenant, option(rest, '--name') ?? 'cli');
      return key;
    }
    case 'key list': {
      const keys = await apiKeys.list(await tenantOf(tenants, slug));
      return (
        keys
          .map(
            (k) =>
              `${k.prefix}\t${k.name}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}`,
          )
          .join('\n') || '(no keys)'
      );
    }
    case 'key revoke': {
      if (!arg) throw new UsageError('the key prefix is required (see: key list <slug>)');
      const n = await apiKeys.revokeApiKey(await tenantOf(tenants, slug), arg);
      if (n === 0) throw new UsageError(`no active key with prefix ${arg}`);
      return `revoked ${n} key(s) with prefix ${arg}`;
    }
    case 'webhook-secret add': {
      const tenant = await tenantOf(tenants, slug);
      if (rest.includes('--stdin')) {
        const given = (await io.readStdin()).trim();
        if (!GIVEN_SECRET.test(given))
          throw new UsageError('the secret on stdin must be 16–200 printable characters without spaces');
        return `added webhook secret ${await secrets.addWebhookSecret(tenant, given)}`;
      }
      if (rest.length > 1)
        throw new UsageError('pass the secret on stdin with --stdin, never as an argument');
      const secret = mintSecret();
      io.note(`webhook secret id ${await secrets.addWebhookSecret(tenant, secret)}`);
      return secret;
    }
    case 'webhook-secret list': {
      const listed = secrets.webhookSecrets(await tenantOf(tenants, slug));
      return listed.map((s) => s.id).join('\n') || '(no webhook secrets)';
    }
    case 'webhook-secret remove': {
      if (!arg) throw new UsageError('the id of the secret is required (see: webhook-secret list <slug>)');
      try {
        const left = await secrets.removeWebhookSecret(await tenantOf(tenants, slug), arg);
        return `removed; ${left} secret(s) left`;
      } catch (err) {
        if (err instanceof NoSuchSecret) throw new UsageError(err.message);
        throw err;
      }
    }
    case 'sender-domains set': {
      const domains = rest.slice(1);
      if (domains.length === 0) throw new UsageError('name at least one domain, e.g. dupont.example');
      const bad = domains.filter((d) => !DOMAIN.test(d));
      if (bad.length) throw new UsageError(`not a domain name: ${bad.join(', ')}`);
      const set = await senderDomains.setSenderDomains(await tenantOf(tenants, slug), domains);
      return `${slug} may send from: ${set.join(', ')}`;
    }
    case 'sender-domains list': {
      return (await tenantOf(tenants, slug)).senderDomains.join('\n') || '(no sender domains)';
    }
    case 'secrets rotate': {
      const { secrets: rotated, tenants: touched } = await secrets.rotateSecrets();
      return rotated === 0
        ? `every stored secret is already encrypted with key ${io.box.keyId}`
        : `re-encrypted ${rotated} secret(s) of ${touched} tenant(s) with key ${io.box.keyId}; RELANCE_SECRET_KEY_PREVIOUS can go once every API and CLI runs with the new key`;
    }
    case 'rates add':
    case 'rates list':
      return ratesCommand(db, action, rest, (message) => new UsageError(message));
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
  const applied = args[0] === 'migrate' || config.migrate ? await migrate(config.databaseUrl) : [];
  const db = await createDataSource({ url: config.databaseUrl, poolSize: 2 }).initialize();
  const box = new SecretBox(config.secretKey, config.previousSecretKeys);
  try {
    // Like the API at start: secrets stored before encryption get encrypted, a wrong key stops here.
    await tenantServices(db, box).secrets.sealStoredSecrets();
    if (args[0] === 'migrate') {
      process.stdout.write(
        applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is up to date\n',
      );
      return;
    }
    const io: CliIo = {
      box,
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
      note: (line) => process.stderr.write(`${line}\n`),
    };
    process.stdout.write(`${await runCommand(db, args, io)}\n`);
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
