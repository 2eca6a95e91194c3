import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './tools';

/** What `./relance start` and `pnpm relance <cmd>` share: the data folder, ports and dev secrets. */

export const POSTGRES_PORT = 54329;

export function dataDirFromEnv(): string {
  return resolve(process.env.RELANCE_DATA_DIR || join(repoRoot, '.data'));
}

export function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a TCP port (1-65535), got "${text}"`);
  return port;
}

/**
 * Creates the data folder (or tightens it, at every start) so that only its owner lists it: 700.
 * As root, Postgres runs as the `postgres` user and must still pass through it to its cluster in
 * `postgres/data`: 711 (enter, not list; the files that matter are 600 or 700 themselves).
 */
export function secureDataDir(dataDir: string): number {
  const mode = process.getuid?.() === 0 ? 0o711 : 0o700;
  mkdirSync(dataDir, { recursive: true, mode });
  chmodSync(dataDir, mode);
  return mode;
}

interface Secrets {
  apiKey: string;
  webhookSecret: string;
  /** RELANCE_SECRET_KEY: encrypts the webhook secrets in the embedded database; lost key, lost secrets. */
  secretKey: string;
  /** Set while `relance secrets rotate` moves the secrets to `secretKey` (RELANCE_SECRET_KEY_PREVIOUS). */
  previousSecretKey?: string;
}

export const secretsFile = (dataDir: string) => join(dataDir, 'bootstrap.json');

/** Writes the dev secrets readable by their owner only (a file made before with other modes too). */
export function writeDevSecrets(dataDir: string, secrets: Secrets): void {
  const file = secretsFile(dataDir);
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Dev secrets are generated once and kept beside the data, so a restart keeps the same key. */
export function devSecrets(dataDir: string): Secrets & { generated: boolean } {
  const file = secretsFile(dataDir);
  // At every start: a file copied or made by an older release with wider modes is tightened.
  if (existsSync(file)) chmodSync(file, 0o600);
  const stored: Partial<Secrets> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>)
    : {};
  const secrets = {
    apiKey:
      process.env.RELANCE_BOOTSTRAP_API_KEY ??
      stored.apiKey ??
      `rk_dev00000_${randomBytes(24).toString('base64url')}`,
    webhookSecret:
      process.env.RELANCE_BOOTSTRAP_WEBHOOK_SECRET ??
      stored.webhookSecret ??
      `whsec_${randomBytes(24).toString('base64url')}`,
    secretKey: process.env.RELANCE_SECRET_KEY ?? stored.secretKey ?? randomBytes(32).toString('hex'),
    ...(!process.env.RELANCE_SECRET_KEY && stored.previousSecretKey
      ? { previousSecretKey: stored.previousSecretKey }
      : {}),
  };
  const generated =
    !process.env.RELANCE_BOOTSTRAP_API_KEY ||
    !process.env.RELANCE_BOOTSTRAP_WEBHOOK_SECRET ||
    !process.env.RELANCE_SECRET_KEY;
  if (generated) writeDevSecrets(dataDir, secrets);
  return { ...secrets, generated };
}
