import { embeddedPostgresMajor, freePort, portOpen, postgresUser, repoRoot } from '@relance/devstack';
import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * `./relance start` (the built launcher) on a data folder the Postgres user cannot use: the
 * failure names its step, cause, path and the command that fixes it; as root, what lies inside
 * the data folder is fixed and said. Temporal is "external" (TEMPORAL_ADDRESS), so only
 * Postgres starts and each case ends within seconds.
 */

const asRoot = process.getuid?.() === 0;
const folders: string[] = [];

afterEach(() => {
  for (const dir of folders.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

const inherited = () =>
  Object.entries(process.env).filter(
    ([k, v]) => v !== undefined && !/^(VITEST|npm_|DATABASE_URL$|TEMPORAL_|METRICS_|PORT$|RELANCE_)/.test(k),
  ) as [string, string][];

function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((done) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, script), ...args],
      { env, timeout: 120_000 },
      (_err, stdout, stderr) => done({ code: child.exitCode, output: `${stdout}\n${stderr}` }),
    );
  });
}

async function launch(dataDir: string): Promise<{ code: number | null; output: string }> {
  const env = {
    ...Object.fromEntries(inherited()),
    RELANCE_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: '127.0.0.1:1', // not started: not needed to reach the Postgres step
    PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    RELANCE_POSTGRES_PORT: String(await freePort()),
  };
  return run('packages/devstack/dist/start.js', [], env);
}

function user() {
  const found = postgresUser();
  if (found === 'missing') throw new Error('as root, this test needs the `postgres` user (useradd postgres)');
  return found;
}

describe('./relance start names why Postgres cannot use its folder (issue 12)', () => {
  it('names a folder above the data folder, and the command that opens it', async () => {
    const top = mkdtempSync(join(tmpdir(), 'relance-firstrun-'));
    folders.push(top);
    const blocked = join(top, 'blocked');
    mkdirSync(join(blocked, 'data'), { recursive: true });
    chmodSync(top, 0o755);
    chmodSync(blocked, 0o600); // neither the postgres user nor (not root) ourselves can enter it
    const { code, output } = await launch(join(blocked, 'data'));
    expect(code).toBe(1);
    expect(output).toContain('Relance failed to start.');
    expect(output).toContain(`  Step:  Postgres: checking that the ${user().name} user can use its folders`);
    expect(output).toContain(
      `  Cause: ${blocked} cannot be entered by the ${user().name} user (uid ${user().uid})`,
    );
    expect(output).toContain(`  Path:  ${blocked}`);
    expect(output).toContain(`  Fix:   run chmod ${asRoot ? 'o' : 'u'}+x ${blocked}`);
    expect(output).not.toContain('undefined');
    chmodSync(blocked, 0o755);
  });

  it('hands a cluster folder made by someone else to the postgres user (as root), or names the fix', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relance-firstrun-'));
    folders.push(dataDir);
    chmodSync(dataDir, 0o755);
    // A cluster folder that is not a cluster (of the right major, no config): once its owner is
    // right, Postgres itself refuses it.
    const cluster = join(dataDir, 'postgres', 'data');
    mkdirSync(cluster, { recursive: true });
    writeFileSync(join(cluster, 'PG_VERSION'), `${await embeddedPostgresMajor()}\n`);
    chmodSync(cluster, 0o755);
    const { code, output } = await launch(dataDir);
    expect(code).toBe(1);
    expect(output).not.toContain('undefined');
    if (asRoot) {
      expect(output).toContain(
        `[start] Postgres: ${cluster} is owned by uid 0, not by the postgres user (uid ${user().uid}); fixed with: chown -R postgres:${user().gid} ${cluster} && chmod 700 ${cluster}`,
      );
      expect(lstatSync(join(cluster, 'PG_VERSION')).uid).toBe(user().uid);
      // Then the server's own words: the step, its exit, its log.
      expect(output).toMatch(/ {2}Step: {2}Postgres: starting the server on port \d+/);
      expect(output).toMatch(
        / {2}Cause: postgres exited with code \d+ \(see .*postgres\.log\): .*postgresql\.conf/s,
      );
      expect(output).toContain(`  Path:  ${cluster}`);
    } else {
      expect(output).toContain(`  Fix:   run chmod 700 ${cluster}`);
    }
  });
});

describe('./relance start names why initdb failed (issue 12)', () => {
  it('a cluster folder holding stray files: the step, the cause and the fix, never "undefined"', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relance-firstrun-'));
    folders.push(dataDir);
    chmodSync(dataDir, 0o755);
    const cluster = join(dataDir, 'postgres', 'data');
    mkdirSync(cluster, { recursive: true, mode: 0o700 });
    writeFileSync(join(cluster, 'notes.txt'), 'not a cluster\n');
    const { code, output } = await launch(dataDir);
    expect(code).toBe(1);
    // initdb's own words reach the user.
    expect(output).toContain('  Step:  Postgres: initdb\n  Cause: Postgres init script failed (code: 1');
    expect(output).toContain(`initdb: error: directory "${cluster}" exists but is not empty`);
    expect(output).toContain(
      `  Fix:   ${cluster} holds files (notes.txt) but no database cluster, and initdb needs an empty folder: move it away (mv ${cluster} ${cluster}.old) and start again`,
    );
    expect(output).not.toContain('undefined');
  });
});

describe('pnpm relance <command> (issue 12)', () => {
  it('runs the API CLI on the embedded database, started for the command and stopped after', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relance-cli-'));
    folders.push(dataDir);
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const env = {
      ...Object.fromEntries(inherited()),
      RELANCE_DATA_DIR: dataDir,
      RELANCE_POSTGRES_PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const created = await run('packages/devstack/dist/relance-cli.js', ['tenant', 'create', 'dupont'], env);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toMatch(/tenant dupont created \([0-9a-f-]{36}\)/);
    expect(created.output).toContain(`[relance] Postgres: starting on 127.0.0.1:${port}`);
    expect(await portOpen(port)).toBe(false);
    // The same database the next time, with the launcher's secret key kept beside it.
    const listed = await run('packages/devstack/dist/relance-cli.js', ['tenant', 'list'], env);
    expect(listed.code, listed.output).toBe(0);
    expect(listed.output).toMatch(/^dupont\t[0-9a-f-]{36}$/m);
    expect(await portOpen(port)).toBe(false);
    const unknown = await run('packages/devstack/dist/relance-cli.js', ['tenant', 'frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('unknown command: tenant frobnicate');
  });
});
