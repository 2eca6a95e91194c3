import { parseLinkKey } from '@relance/persistence';
import { parseHostList, temporalConnectionConfig, type TemporalConnectionConfig } from '@relance/workflows';
import { z } from 'zod';
import { parseSecretKey, weakKeyReason } from '@relance/persistence';

const SECRET_KEY_HELP =
  'must be 32 random bytes, hex or base64 (e.g. `openssl rand -hex 32`): it encrypts the payment-webhook secrets at rest';

/** The API's whole configuration; the only file of this app that reads `process.env`. */
export const ApiEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('API port'),
  HOST: z.string().default('0.0.0.0').describe('interface the API listens on'),
  DATABASE_URL: z
    .url({ error: 'must be a postgres:// connection string' })
    .describe('Postgres connection string (`./relance start`: the embedded Postgres on 127.0.0.1:54329)'),
  // Defaults and checks of the TEMPORAL_* variables: temporalConnectionConfig, shared with the worker.
  TEMPORAL_ADDRESS: z
    .string()
    .optional()
    .describe(
      'Temporal frontend `host:port` (`./relance start`: the embedded dev server on 7233, UI on 8233)',
    ),
  TEMPORAL_NAMESPACE: z.string().optional().describe('Temporal namespace; unset → `default`'),
  TEMPORAL_TASK_QUEUE: z.string().optional().describe('task queue of the cases; unset → `relance`'),
  TEMPORAL_API_KEY: z.string().optional().describe('Temporal Cloud API key (implies TLS)'),
  TEMPORAL_TLS_CERT_PATH: z
    .string()
    .optional()
    .describe('mTLS client certificate (PEM file); with `TEMPORAL_TLS_KEY_PATH`, both or neither'),
  TEMPORAL_TLS_KEY_PATH: z.string().optional().describe('mTLS client key (PEM file)'),
  RESEND_API_KEY: z.string().optional().describe('Resend key; unset → emails go to the outbox folder'),
  RESEND_BASE_URL: z
    .url()
    .optional()
    .describe("Resend API base URL (passed to the Resend SDK); unset → Resend's"),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', 'must be a whsec_… secret')
    .optional()
    .describe('`whsec_…` secret that verifies Resend webhooks; unset → that endpoint answers 503'),
  RELANCE_BOOTSTRAP_API_KEY: z
    .string()
    .min(24, 'must be at least 24 characters')
    .optional()
    .describe(
      'at start, tenant `default` exists with this API key (dev: generated once, kept in `.data/bootstrap.json`)',
    ),
  RELANCE_BOOTSTRAP_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'payment-webhook secret given to tenant `default` if it never had one (a removed secret stays removed; dev: generated once, kept)',
    ),
  // Losing the key means re-issuing the webhook secrets.
  RELANCE_SECRET_KEY: z
    .string({ error: (issue) => (issue.input === undefined ? `is required: ${SECRET_KEY_HELP}` : undefined) })
    .refine((k) => parseSecretKey(k) !== undefined, SECRET_KEY_HELP)
    .superRefine((k, ctx) => {
      const key = parseSecretKey(k);
      const weak = key && weakKeyReason(key);
      if (weak)
        ctx.addIssue({
          code: 'custom',
          message: `is not a random key (${weak}): ${SECRET_KEY_HELP}. To move the stored secrets to a new key, set the new one here, this one in RELANCE_SECRET_KEY_PREVIOUS, and run \`relance secrets rotate\``,
        });
    })
    .describe(
      '**required**: 32 random bytes, hex or base64 (`openssl rand -hex 32`); encrypts the payment-webhook secrets stored in Postgres (AES-256-GCM, each value tagged with the key id). Refused when missing, not random (all bytes equal, a repeated pattern, a counting sequence, few distinct bytes), or unable to open the stored secrets (dev: generated once, kept in `.data/bootstrap.json`)',
    ),
  // Not checked for randomness: rotating away from a weak key is what they are for.
  RELANCE_SECRET_KEY_PREVIOUS: z
    .string()
    .refine(
      (list) => list.split(',').every((k) => parseSecretKey(k) !== undefined),
      'must be one or more former RELANCE_SECRET_KEY values, comma-separated (32 bytes each, hex or base64)',
    )
    .optional()
    .describe(
      'during a key rotation: the former key(s), comma-separated; they still open what they sealed until `relance secrets rotate` has re-encrypted it with `RELANCE_SECRET_KEY`',
    ),
  // The worker signs the links of its alerts with it, the API checks them: the same value in both.
  RELANCE_LINK_KEY: z
    .string()
    .refine(
      (k) => parseLinkKey(k) !== undefined,
      'must be 32 random bytes, hex or base64 (`openssl rand -hex 32`)',
    )
    .optional()
    .describe(
      'action links of the creditor alerts (SPEC 3.2b): 32 random bytes, hex or base64 (`openssl rand -hex 32`), the same in the API and the worker; each tenant signs with its own key derived from it (HKDF). Unset → alerts carry no links and `/a/…` answers 503. Changing it voids the links already sent (dev: derived from the dev secret key)',
    ),
  RELANCE_PUBLIC_URL: z
    .url({ error: 'must be an http(s) URL' })
    .default('http://localhost:3000')
    .describe(
      "the API's address as creditors reach it: action links in alerts are `<it>/a/<token>` (set the same value in the API and the worker)",
    ),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'bearer token for `GET /metrics` on the API port (and on the worker metrics port); unset → metrics on 127.0.0.1 only',
    ),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(9465)
    .describe('without `METRICS_TOKEN`, the API metrics are served on 127.0.0.1:`METRICS_PORT`'),
  METRICS_CACHE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(30)
    .describe(
      'the business gauges (cases, emails, payments) are read from Postgres at most once per this many seconds',
    ),
  RELANCE_ADMIN_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters')
    .optional()
    .describe(
      'operator token of the admin routes (`/v1/admin/rates`), sent as `Authorization: Bearer <token>`; unset → those routes answer 503',
    ),
  RELANCE_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1200)
    .describe(
      'per-tenant request budget of the API-key routes (all its keys, all API replicas, counted in Postgres); over it, 429 with `Retry-After`. Webhooks and admin routes are not counted',
    ),
  RELANCE_RATE_LIMIT_BURST: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(200)
    .describe('requests a tenant may send at once before the per-minute rate applies'),
  RELANCE_MIGRATE: z
    .enum(['true', 'false'])
    .default('true')
    .describe('apply pending migrations at start (`false` when a release job runs them)'),
  // The worker's development allow-list, read here too: see @relance/workflows pdfUrlProblem.
  RELANCE_PDF_FETCH_ALLOW_HOSTS: z
    .string()
    .transform((raw, ctx) => {
      const { hosts, problems } = parseHostList(raw);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return hosts;
    })
    .optional()
    .describe(
      'comma-separated `host[:port]` whose `pdfUrl` may use plain `http`, another port and a private address (a development file server). Without it a `pdfUrl` must be `https` on port 443 with no user name or password. Never in production',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('`fatal` … `trace`, or `silent`'),
});

export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl: string;
  temporal: TemporalConnectionConfig;
  resend: { apiKey?: string; baseUrl?: string; webhookSecret?: string };
  bootstrap: { apiKey?: string; webhookSecret?: string };
  /** AES-256-GCM key of the secrets at rest (RELANCE_SECRET_KEY). */
  secretKey: Buffer;
  /** Former keys during a rotation (RELANCE_SECRET_KEY_PREVIOUS): they decrypt, never encrypt. */
  previousSecretKeys: Buffer[];
  metrics: { token?: string; port: number; cacheSeconds: number };
  /** Action links (RELANCE_LINK_KEY, RELANCE_PUBLIC_URL): `key` unset → the pages answer 503. */
  links: { key?: Buffer; publicUrl: string };
  /** Operator routes: `token` unset → they answer 503 "admin API disabled". */
  admin: { token?: string };
  /** Per tenant, over the API-key routes; webhooks are not counted (see auth/rate-limit.guard.ts). */
  rateLimit: { perMinute: number; burst: number };
  migrate: boolean;
  /** Hosts whose `pdfUrl` may be http or another port than 443 (RELANCE_PDF_FETCH_ALLOW_HOSTS). */
  pdfFetch: { allowHosts: string[] };
  logLevel: string;
}

export const API_CONFIG = Symbol('API_CONFIG');

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  // An empty variable (`RESEND_WEBHOOK_SECRET=` in an env file) means "unset", as in the worker.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ApiEnv.safeParse(set);
  const temporal = temporalConnectionConfig(set);
  if (!parsed.success || temporal.problems.length > 0) {
    const problems = [
      ...(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []),
      ...temporal.problems,
    ];
    throw new Error(`Invalid API configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    temporal: temporal.config,
    resend: { apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL, webhookSecret: e.RESEND_WEBHOOK_SECRET },
    bootstrap: { apiKey: e.RELANCE_BOOTSTRAP_API_KEY, webhookSecret: e.RELANCE_BOOTSTRAP_WEBHOOK_SECRET },
    secretKey: parseSecretKey(e.RELANCE_SECRET_KEY)!,
    previousSecretKeys: (e.RELANCE_SECRET_KEY_PREVIOUS?.split(',') ?? []).map((k) => parseSecretKey(k)!),
    links: {
      key: e.RELANCE_LINK_KEY ? parseLinkKey(e.RELANCE_LINK_KEY) : undefined,
      publicUrl: e.RELANCE_PUBLIC_URL,
    },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, cacheSeconds: e.METRICS_CACHE_SECONDS },
    admin: { token: e.RELANCE_ADMIN_TOKEN },
    rateLimit: { perMinute: e.RELANCE_RATE_LIMIT_PER_MINUTE, burst: e.RELANCE_RATE_LIMIT_BURST },
    migrate: e.RELANCE_MIGRATE === 'true',
    pdfFetch: { allowHosts: e.RELANCE_PDF_FETCH_ALLOW_HOSTS ?? [] },
    logLevel: e.LOG_LEVEL,
  };
}
