import { freePort, repoRoot } from '@relance/devstack';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `pnpm relance secrets rotate` on the dev stack (issue 18): the launcher's key in bootstrap.json
 * is replaced by a new one and every stored secret re-encrypted with it, the data folder and the
 * secrets file kept to their owner. The embedded Postgres is started for each command.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'relance-devsecrets-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const inherited = () =>
  Object.entries(process.env).filter(
    ([k, v]) => v !== undefined && !/^(VITEST|npm_|DATABASE_URL$|TEMPORAL_|METRICS_|PORT$|RELANCE_)/.test(k),
  ) as [string, string][];

function cli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, 'packages/devstack/dist/relance-cli.js'), ...args],
      { env, timeout: 120_000 },
      (_err, stdout, stderr) => done({ code: child.exitCode, stdout: stdout.trim(), stderr }),
    );
  });
}

const devFile = () =>
  JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as Record<string, string>;

describe('pnpm relance secrets rotate (dev stack)', () => {
  it('moves the stored secrets to a new launcher key, kept in bootstrap.json (600) in a data folder only its owner lists', async () => {
    const port = await freePort();
    const env = {
      ...Object.fromEntries(inherited()),
      RELANCE_DATA_DIR: dataDir,
      RELANCE_POSTGRES_PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    expect((await cli(['tenant', 'create', 'dupont'], env)).code).toBe(0);
    const added = await cli(['webhook-secret', 'add', 'dupont'], env);
    expect(added.code, added.stderr).toBe(0);
    const secretId = /webhook secret id ([A-Za-z0-9_-]{8})/.exec(added.stderr)?.[1];
    const oldKey = devFile().secretKey;

    const rotated = await cli(['secrets', 'rotate'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(
      /^re-encrypted 1 secret\(s\) of 1 tenant\(s\) with key [A-Za-z0-9_-]{8}; /,
    );
    const file = devFile();
    expect(file.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(file.secretKey).not.toBe(oldKey);
    expect(file).not.toHaveProperty('previousSecretKey');
    expect(statSync(join(dataDir, 'bootstrap.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o077).toBe(process.getuid?.() === 0 ? 0o011 : 0);

    // The new launcher key alone opens it (the CLI checks every stored secret at start), same id.
    const listed = await cli(['webhook-secret', 'list', 'dupont'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(secretId);
    // Each run on the dev stack is a rotation to a fresh key.
    expect((await cli(['secrets', 'rotate'], env)).code).toBe(0);
    expect(devFile().secretKey).not.toBe(file.secretKey);
    expect((await cli(['webhook-secret', 'list', 'dupont'], env)).stdout).toBe(secretId);
  }, 300_000);
});
