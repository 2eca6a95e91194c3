import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { portOpen, waitFor } from './ports';
import { Managed, startProcess } from './processes';
import { ensureTemporalCli, repoRoot } from './tools';

/**
 * docs/architecture.md: the custom search attributes, so the Temporal UI can filter cases. Read from the file
 * the production setup registers (`<name> <type>` lines), which a test keeps equal to the
 * workflow's `SA` (packages/workflows/src/search-attributes.test.ts).
 */
export const SEARCH_ATTRIBUTES_FILE = join(repoRoot, 'deploy/temporal/search-attributes.txt');

/** `temporal server start-dev` flags registering the search attributes of `file`. */
export function searchAttributeFlags(file = SEARCH_ATTRIBUTES_FILE): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => ['--search-attribute', line.split(/\s+/).join('=')]);
}

export interface TemporalDevServer {
  address: string;
  uiUrl: string;
  namespace: string;
  process: Managed;
  stop(): Promise<void>;
}

/**
 * Write-ahead log: a commit appends to one file instead of rewriting pages through a rollback
 * journal, and readers do not wait for writers. SQLite's default (`delete` journal) serialised
 * every signal of a webhook storm behind the worker's history writes (issue 18: 1 s per signal).
 */
export const SQLITE_PRAGMAS = ['journal_mode=wal'];

/**
 * `temporal server start-dev` with its SQLite file (state survives restarts), the Web UI and the
 * Relance search attributes registered.
 */
export async function startTemporalDevServer(opts: {
  dbFile: string;
  port: number;
  uiPort: number;
  namespace?: string;
  logFile?: string;
  quiet?: boolean;
}): Promise<TemporalDevServer> {
  const cli = ensureTemporalCli();
  const namespace = opts.namespace ?? 'default';
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  if (await portOpen(opts.port)) throw new Error(`port ${opts.port} is already in use (Temporal frontend)`);
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    opts.dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
  ];
  args.push('--ui-port', String(opts.uiPort), '--namespace', namespace, '--log-level', 'warn');
  args.push(...searchAttributeFlags());
  args.push(...SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]));
  // Stopped after the apps and before Postgres, also by the orphan guard if we die first.
  const proc = startProcess('temporal', cli, args, {
    logFile: opts.logFile,
    quiet: opts.quiet,
    graceMs: 15_000,
    stopStage: 1,
  });
  const address = `127.0.0.1:${opts.port}`;
  const healthy = async () => {
    if (!proc.isRunning())
      throw new Error(
        `temporal dev server exited with ${proc.child.exitCode}${opts.logFile ? ` (see ${opts.logFile})` : ''}: ${proc.recentOutput().slice(-1000)}`,
      );
    // Asynchronous, so a stop signal arriving during start-up is handled at once.
    return new Promise<boolean>((done) => {
      const probe = spawn(cli, ['operator', 'namespace', 'describe', '--address', address, '-n', namespace], {
        stdio: 'ignore',
        timeout: 10_000,
      });
      probe.once('error', () => done(false));
      probe.once('exit', (code) => done(code === 0));
    });
  };
  try {
    await waitFor('the Temporal dev server', healthy, 90_000);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    namespace,
    process: proc,
    stop: () => proc.stop(),
  };
}
