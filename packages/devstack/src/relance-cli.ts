import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  dataDirFromEnv,
  devSecrets,
  portFromEnv,
  POSTGRES_PORT,
  secureDataDir,
  writeDevSecrets,
} from './dev-env';
import { portOpen } from './ports';
import { EmbeddedPostgresHandle, embeddedPostgresUrl, startEmbeddedPostgres } from './postgres';
import { formatFailure, lineProgress } from './progress';
import { repoRoot } from './tools';

/**
 * `pnpm relance <command>`: the API CLI (`apps/api/dist/cli.js`: tenants, keys, webhook secrets,
 * sender domains, rates) against the database `./relance start` uses — DATABASE_URL, else the
 * embedded Postgres on RELANCE_POSTGRES_PORT with its data under RELANCE_DATA_DIR, and the dev
 * RELANCE_SECRET_KEY kept there. When that Postgres is not running (the stack is stopped), it is
 * started for the command and stopped after it.
 */
async function main(args: string[]): Promise<number> {
  const cli = join(repoRoot, 'apps/api/dist/cli.js');
  if (!existsSync(cli)) {
    process.stderr.write(`${cli} is missing: run \`pnpm build\` first.\n`);
    return 1;
  }
  const help = args.length === 0 || args[0] === '--help' || args[0] === 'help';
  const env: NodeJS.ProcessEnv = { ...process.env };
  let postgres: EmbeddedPostgresHandle | undefined;
  // Ctrl-C reaches the command too (same process group): we wait for it, then stop Postgres.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => undefined);
  // `secrets rotate` with the launcher's key: a new key replaces it in bootstrap.json (see below).
  const rotateDevKey = args[0] === 'secrets' && args[1] === 'rotate' && !env.RELANCE_SECRET_KEY;
  let finishRotation = () => undefined as void;
  try {
    if (!help) {
      const dataDir = dataDirFromEnv();
      secureDataDir(dataDir);
      mkdirSync(join(dataDir, 'logs'), { recursive: true });
      // The key the API encrypts webhook secrets with, unless given: the launcher's.
      const dev = env.RELANCE_SECRET_KEY ? undefined : devSecrets(dataDir);
      if (dev) {
        env.RELANCE_SECRET_KEY = dev.secretKey;
        if (dev.previousSecretKey) env.RELANCE_SECRET_KEY_PREVIOUS ??= dev.previousSecretKey;
      }
      const port = portFromEnv('RELANCE_POSTGRES_PORT', POSTGRES_PORT);
      if (rotateDevKey && !env.DATABASE_URL && (await portOpen(port)))
        throw new Error(
          'stop `./relance start` before `relance secrets rotate`: its API holds the former key until it restarts',
        );
      if (rotateDevKey && dev) {
        const { generated: _generated, ...kept } = dev;
        // The new key is written down before any secret is sealed with it, the former one kept
        // beside it until the command succeeds: a run stopped half-way loses nothing.
        const rotating = dev.previousSecretKey
          ? kept
          : { ...kept, secretKey: randomBytes(32).toString('hex'), previousSecretKey: dev.secretKey };
        writeDevSecrets(dataDir, rotating);
        env.RELANCE_SECRET_KEY = rotating.secretKey;
        env.RELANCE_SECRET_KEY_PREVIOUS = rotating.previousSecretKey;
        const { previousSecretKey: _done, ...rotated } = rotating;
        finishRotation = () => writeDevSecrets(dataDir, rotated);
      }
      if (!env.DATABASE_URL) {
        if (!(await portOpen(port))) {
          postgres = await startEmbeddedPostgres({
            dir: join(dataDir, 'postgres'),
            ownedDir: dataDir,
            port,
            quiet: true,
            logFile: join(dataDir, 'logs', 'postgres.log'),
            progress: lineProgress(process.stderr, { prefix: '[relance] ' }),
          });
        }
        env.DATABASE_URL = embeddedPostgresUrl(port);
      }
    }
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
      child.once('error', fail);
      child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    });
    if (code === 0) finishRotation();
    return code;
  } finally {
    await postgres?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${formatFailure(err, 'relance: the command could not run.')}\n`);
    process.exit(1);
  },
);
