import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { devSecrets, secureDataDir } from './dev-env';
import { freePort } from './ports';
import { postgresAccessProblems, postgresUser, startEmbeddedPostgres } from './postgres';

const asRoot = process.getuid?.() === 0;
const folders: string[] = [];
const mode = (path: string) => statSync(path).mode & 0o777;

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relance-devenv-'));
  chmodSync(dir, 0o755);
  folders.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('devSecrets (issue 18)', () => {
  const vars = ['RELANCE_BOOTSTRAP_API_KEY', 'RELANCE_BOOTSTRAP_WEBHOOK_SECRET', 'RELANCE_SECRET_KEY'];

  it('tightens an existing bootstrap.json to 600 at every start, and writes a new one 600', () => {
    const saved = vars.map((v) => [v, process.env[v]] as const);
    for (const v of vars) delete process.env[v];
    try {
      const dir = tempFolder();
      const file = join(dir, 'bootstrap.json');
      devSecrets(dir);
      expect(mode(file)).toBe(0o600);
      // Made by an older release, or copied with wider modes: its keys stay, its mode does not.
      chmodSync(file, 0o644);
      const before = devSecrets(dir);
      expect(mode(file)).toBe(0o600);
      expect(devSecrets(dir).secretKey).toBe(before.secretKey);
      // Even when every secret comes from the environment and the file is not rewritten.
      chmodSync(file, 0o666);
      Object.assign(process.env, {
        RELANCE_BOOTSTRAP_API_KEY: before.apiKey,
        RELANCE_BOOTSTRAP_WEBHOOK_SECRET: before.webhookSecret,
        RELANCE_SECRET_KEY: before.secretKey,
      });
      expect(devSecrets(dir).generated).toBe(false);
      expect(mode(file)).toBe(0o600);
    } finally {
      for (const [v, value] of saved)
        if (value === undefined) delete process.env[v];
        else process.env[v] = value;
    }
  });

  it('keeps a file it cannot parse out of reach too', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'bootstrap.json'), '{', { mode: 0o644 });
    expect(() => devSecrets(dir)).toThrow();
    expect(mode(join(dir, 'bootstrap.json'))).toBe(0o600);
  });
});

describe('secureDataDir (issue 18)', () => {
  it(`creates the data folder ${asRoot ? '711 (root: Postgres passes through)' : '700'}, and tightens an existing one at every start`, () => {
    const expected = asRoot ? 0o711 : 0o700;
    const fresh = join(tempFolder(), '.data');
    expect(secureDataDir(fresh)).toBe(expected);
    expect(mode(fresh)).toBe(expected);
    const existing = tempFolder();
    chmodSync(existing, 0o777);
    secureDataDir(existing);
    expect(mode(existing)).toBe(expected);
    // Nobody but its owner lists it: no read bit for group or others.
    expect(mode(existing) & 0o044).toBe(0);
  });

  it('leaves the embedded Postgres able to reach its cluster inside it, with nothing to fix', async () => {
    const dataDir = join(tempFolder(), '.data');
    secureDataDir(dataDir);
    const user = postgresUser();
    if (user === 'missing') throw new Error('as root, this test needs the `postgres` user');
    expect(postgresAccessProblems(join(dataDir, 'postgres'), user)).toEqual([]);
    const notes: string[] = [];
    const pg = await startEmbeddedPostgres({
      dir: join(dataDir, 'postgres'),
      ownedDir: dataDir,
      port: await freePort(),
      quiet: true,
      progress: { note: (line) => notes.push(line), step: (_, work) => work(() => undefined) },
    });
    try {
      expect(notes.filter((n) => n.includes('fixed with'))).toEqual([]);
      expect(mode(dataDir)).toBe(asRoot ? 0o711 : 0o700);
    } finally {
      await pg.stop();
    }
  }, 120_000);
});
