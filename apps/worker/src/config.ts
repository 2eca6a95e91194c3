import { DEFAULT_LINK_TTL_DAYS, parseLinkKey, parseSecretKey, type LinkSettings } from '@relance/persistence';
import { parseHostList, temporalConnectionConfig } from '@relance/workflows';
import { getHeapStatistics } from 'node:v8';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const positiveMs = z.coerce.number().int().min(1);

/** Comma-separated `host[:port]` (see parseHostList). */
const hostList = z.string().transform((raw, ctx) => {
  const { hosts, problems } = parseHostList(raw);
  for (const message of problems) ctx.addIssue({ code: 'custom', message });
  return hosts;
});

/**
 * The worker's whole configuration; the only file of this app that reads `process.env`.
 * docker-compose.yml and the deployment docs are checked against these keys (test/ops).
 */
export const WorkerEnv = z.object({
  // Variables the API has too are described there (docs/configuration.md lists each once).
  DATABASE_URL: z.url({ error: 'must be a postgres:// connection string' }),
  // Defaults and checks of the TEMPORAL_* variables: temporalConnectionConfig, shared with the API.
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().optional(),
  TEMPORAL_TASK_QUEUE: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_CONNECT_TIMEOUT_MS: positiveMs
    .default(10_000)
    .describe('give up on an unreachable Temporal after this long (exit 1) instead of retrying forever'),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  RELANCE_DATA_DIR: z
    .string()
    .default('.data')
    .describe(
      'where embedded state lives: the outbox (without `RESEND_API_KEY`), and for `./relance start` Postgres, Temporal, logs',
    ),
  RELANCE_WORKFLOW_BUNDLE: z
    .string()
    .optional()
    .describe(
      'a prebuilt workflow bundle (set in the image); unset → bundle the workflows from source at start',
    ),
  WORKER_METRICS_PORT: port
    .optional()
    .describe(
      "port of the worker's `/metrics` (Temporal runtime and process metrics); unset → no endpoint (image: 9464)",
    ),
  WORKER_METRICS_HOST: z
    .string()
    .min(1)
    .optional()
    .describe(
      'where the worker metrics listen; unset → 127.0.0.1 without `METRICS_TOKEN`, 0.0.0.0 with it (and then only the token is answered). An explicit host is used as given',
    ),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WORKER_SHUTDOWN_GRACE_MS: positiveMs
    .default(30_000)
    .describe(
      'on SIGTERM, the time in-flight activities get to finish before they are cancelled (compose: 45000)',
    ),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .describe('activity slots per replica'),
  // The email queue is limited server-side to it, and every send passes a Postgres advisory-lock
  // gate spacing requests 1/(0.95 × rate) apart across every replica (mail/paced-mailer.ts).
  RESEND_MAX_PER_SECOND: z.coerce
    .number()
    .positive()
    .default(5)
    .describe(
      "the email provider's request limit per second per account (Resend: 5); sends are spaced 1/(0.9 × it) apart across all replicas by a Postgres gate",
    ),
  // Memory stays flat as cases grow, at the cost of a replay on wake-up.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(0)
    .default(250)
    .describe(
      'cases kept in memory per replica (sticky cache); beyond it parked cases are evicted and replayed when they wake',
    ),
  RELANCE_PDF_FETCH_ALLOW_HOSTS: hostList.optional(),
  // The API checks the key's strength; the worker only opens the webhook endpoints' secrets with it.
  RELANCE_SECRET_KEY: z
    .string()
    .refine((k) => parseSecretKey(k) !== undefined, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
  RELANCE_SECRET_KEY_PREVIOUS: z
    .string()
    .refine(
      (v) => v.split(',').every((k) => parseSecretKey(k) !== undefined),
      'must be former RELANCE_SECRET_KEY values, comma-separated',
    )
    .optional(),
  // A send over the cap fails retryably at once (Temporal backs off) instead of holding one of the
  // email queue's few slots: a tenant's slow file server cannot hold the sends of the others.
  WORKER_PDF_FETCHES_PER_TENANT: z.coerce
    .number()
    .int()
    .min(1)
    .default(2)
    .describe(
      'invoice PDF downloads (`pdfUrl`) one tenant may run at once in a replica; beyond it the send is retried later by Temporal',
    ),
  RELANCE_LINK_KEY: z
    .string()
    .refine(
      (k) => parseLinkKey(k) !== undefined,
      'must be 32 random bytes, hex or base64 (`openssl rand -hex 32`)',
    )
    .optional(),
  RELANCE_PUBLIC_URL: z.url({ error: 'must be an http(s) URL' }).default('http://localhost:3000'),
  RELANCE_LINK_TTL_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(DEFAULT_LINK_TTL_DAYS)
    .describe('days an action link of a creditor alert stays valid'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Container platforms pass unset optional variables as empty strings: treat them as absent. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;

/** Parses the environment once; every bad or missing variable is named in one error. */
export function loadWorkerConfig(rawEnv: NodeJS.ProcessEnv = process.env) {
  const env = withoutEmpty(rawEnv);
  const parsed = WorkerEnv.safeParse(env);
  const temporal = temporalConnectionConfig(env);
  const problems = [
    ...(parsed.error?.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`) ?? []),
    ...temporal.problems.map((p) => `  ${p}`),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid worker configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.RELANCE_DATA_DIR);
  return {
    databaseUrl: e.DATABASE_URL,
    temporal: { ...temporal.config, connectTimeoutMs: e.TEMPORAL_CONNECT_TIMEOUT_MS },
    resend: e.RESEND_API_KEY ? { apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL } : undefined,
    outboxDir: join(dataDir, 'outbox'),
    workflowBundlePath: e.RELANCE_WORKFLOW_BUNDLE ? resolve(e.RELANCE_WORKFLOW_BUNDLE) : undefined,
    metrics: e.WORKER_METRICS_PORT
      ? {
          bindAddress: `${e.WORKER_METRICS_HOST ?? (e.METRICS_TOKEN ? '0.0.0.0' : '127.0.0.1')}:${e.WORKER_METRICS_PORT}`,
          token: e.METRICS_TOKEN,
        }
      : undefined,
    shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
    maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
    emailPerSecond: e.RESEND_MAX_PER_SECOND,
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    pdfFetch: { allowHosts: e.RELANCE_PDF_FETCH_ALLOW_HOSTS ?? [] },
    pdfFetchesPerTenant: e.WORKER_PDF_FETCHES_PER_TENANT,
    /** Action links in alerts; unset RELANCE_LINK_KEY → none (the alerts name the API routes). */
    links: e.RELANCE_LINK_KEY
      ? ({
          key: parseLinkKey(e.RELANCE_LINK_KEY)!,
          publicUrl: e.RELANCE_PUBLIC_URL,
          ttlDays: e.RELANCE_LINK_TTL_DAYS,
        } satisfies LinkSettings)
      : undefined,
    /** Opens the outbound webhook endpoints' signing secrets; unset → no event can be delivered. */
    secretKeys: e.RELANCE_SECRET_KEY
      ? {
          key: parseSecretKey(e.RELANCE_SECRET_KEY)!,
          previous: (e.RELANCE_SECRET_KEY_PREVIOUS?.split(',') ?? []).map((k) => parseSecretKey(k)!),
        }
      : undefined,
    logLevel: e.LOG_LEVEL,
  };
}

/** What the worker prints at start: where it connects, never a secret. */
export function describeConfig(config: WorkerConfig): Record<string, unknown> {
  return {
    database: redactUrl(config.databaseUrl),
    temporal: {
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      auth: config.temporal.apiKey ? 'api-key' : config.temporal.tls ? 'mtls' : 'none',
    },
    mail: config.resend ? 'resend' : config.outboxDir,
    emailPerSecond: config.emailPerSecond,
    maxCachedWorkflows: config.maxCachedWorkflows,
    // The V8 heap limit this process got (the image and ./relance start cap it: WORKER_HEAP_FLAGS).
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    workflowBundle: config.workflowBundlePath ?? 'bundled at start',
    metrics: config.metrics
      ? `${config.metrics.bindAddress}${config.metrics.token ? ' (bearer token)' : ''}`
      : 'off',
    pdfFetchesPerTenant: config.pdfFetchesPerTenant,
    pdfFetchAllowHosts: config.pdfFetch.allowHosts,
    actionLinks: config.links ? `${config.links.publicUrl} (${config.links.ttlDays} days)` : 'off',
  };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
