import {
  repoRoot,
  WORKER_HEAP_FLAGS,
  WORKER_HEAP_MB,
  WORKER_SEMI_SPACE_MB,
  workerEnv,
} from '@relance/devstack';
import { SA } from '@relance/workflows';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiEnv, loadApiConfig } from '../../apps/api/src/config';
import { loadWorkerConfig, WorkerEnv } from '../../apps/worker/src/config';
import { environmentEntries, interpolate } from '../topology/compose-local';

/**
 * No Docker engine runs in CI, so docker-compose.yml is checked as data: topology, pinned images,
 * health checks, restart policies, secrets only from the environment, and the variables passed
 * to the api and worker against the apps' own config schemas.
 */
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  restart?: string;
  environment?: string[] | Record<string, string | null>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
  volumes?: string[];
  deploy?: { replicas?: number | string };
  container_name?: string;
  profiles?: string[];
  stop_grace_period?: string;
  entrypoint?: string[];
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const LONG_RUNNING = ['postgres', 'temporal', 'temporal-ui', 'api', 'worker'];
const ONE_SHOT = ['temporal-schema', 'temporal-setup'];

/** `.env.example` as shipped: only uncommented assignments (required secrets left empty). */
const example: Record<string, string> = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((l) => /^[A-Z0-9_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
/** The operator's `.env` once filled in (the secret key as `openssl rand -hex 32` prints it). */
const dotenv: Record<string, string> = Object.fromEntries(
  Object.entries(example).map(([name, value]) => [
    name,
    value ||
      (name === 'RELANCE_SECRET_KEY'
        ? '9f3c1be07a52d4e86c0f7b19a2e5d3c4b8f60a17e29d5c3b4a6f8e1d0c2b7a95' // random: a pattern is refused
        : `${name.toLowerCase().replace(/_/g, '-')}-0123456789abcdef`),
  ]),
);

/** The environment a service's container gets: bare keys pass through only when set. */
function containerEnv(service: Service, vars: Record<string, string>): Record<string, string> {
  const entries = environmentEntries(service.environment);
  const env: Record<string, string> = {};
  for (const [name, raw] of entries) {
    if (raw === null) {
      if (vars[name] !== undefined) env[name] = vars[name]!;
    } else env[name] = interpolate(String(raw), vars);
  }
  return env;
}

const envNames = (service: Service) => environmentEntries(service.environment).map(([name]) => name);

describe('docker-compose.yml', () => {
  it('runs postgres, a Postgres-backed Temporal with its setup jobs, the UI, the api and the worker', () => {
    expect(Object.keys(services).sort()).toEqual([...LONG_RUNNING, ...ONE_SHOT].sort());
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(services.temporal!.depends_on).toEqual({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
  });

  it('pins every image to an exact version', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      // major.minor[.patch]: Postgres versions have two parts.
      expect(service.image, name).toMatch(/^[a-z0-9./-]+:\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$/);
    }
    for (const name of ['temporal', 'temporal-schema', 'temporal-setup', 'temporal-ui'])
      expect(services[name]!.image).toMatch(/:\d+\.\d+\.\d+$/);
    const tags = new Set(
      ['temporal', 'temporal-schema', 'temporal-setup'].map((s) => services[s]!.image!.split(':')[1]),
    );
    expect(tags.size, 'server and admin-tools move together').toBe(1);
  });

  it('builds the api and worker from their Dockerfiles', () => {
    for (const app of ['api', 'worker']) {
      expect(services[app]!.build).toEqual({ context: '.', dockerfile: `apps/${app}/Dockerfile` });
      expect(existsSync(join(repoRoot, `apps/${app}/Dockerfile`))).toBe(true);
    }
  });

  it('health-checks every long-running service; the api on /health/ready', () => {
    for (const name of LONG_RUNNING)
      expect(services[name]!.healthcheck?.test.length, name).toBeGreaterThan(1);
    expect(services.api!.healthcheck!.test.join(' ')).toContain('/health/ready');
    expect(services.worker!.healthcheck!.test.join(' ')).toContain(':9464/metrics');
    expect(services['temporal-ui']!.healthcheck!.test.join(' ')).toContain('/healthz');
  });

  it('restarts long-running services unless stopped, and retries one-shot jobs a bounded number of times', () => {
    for (const name of LONG_RUNNING) expect(services[name]!.restart, name).toBe('unless-stopped');
    for (const name of ONE_SHOT) expect(services[name]!.restart, name).toMatch(/^on-failure:\d+$/);
  });

  it('starts each service only after its dependencies are healthy or done', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.depends_on) continue;
      expect(Array.isArray(service.depends_on), `${name} uses conditions`).toBe(false);
      for (const [dep, { condition }] of Object.entries(
        service.depends_on as Record<string, { condition: string }>,
      )) {
        const expected = ONE_SHOT.includes(dep) ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} → ${dep}`).toBe(expected);
        expect(
          services[dep]!.healthcheck ?? ONE_SHOT.includes(dep),
          `${dep} can satisfy the condition`,
        ).toBeTruthy();
      }
    }
  });

  it('takes every secret from the environment, never from the file', () => {
    const text = read('docker-compose.yml');
    for (const [name, service] of Object.entries(services)) {
      const entries = Array.isArray(service.environment)
        ? service.environment.map(
            (e) => [e.split('=')[0]!, e.includes('=') ? e.slice(e.indexOf('=') + 1) : null] as const,
          )
        : Object.entries(service.environment ?? {});
      for (const [key, value] of entries) {
        if (!/PASSWORD|PWD|SECRET|API_KEY/.test(key)) continue;
        if (value === null) continue; // passed through from the environment
        expect(String(value), `${name}.${key}`).toMatch(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/);
      }
    }
    for (const url of [...text.matchAll(/postgres:\/\/[^\s]+/g)].map((m) => m[0]))
      expect(url).toMatch(/:\$\{RELANCE_DB_PASSWORD:\?/);
    expect(read('.gitignore').split('\n')).toContain('.env');
  });

  it('documents every required variable in .env.example', () => {
    const required = new Set(
      [...read('docker-compose.yml').matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!),
    );
    expect([...required].sort()).toEqual(
      [
        'POSTGRES_PASSWORD',
        'RELANCE_BOOTSTRAP_API_KEY',
        'RELANCE_BOOTSTRAP_WEBHOOK_SECRET',
        'RELANCE_DB_PASSWORD',
        'RELANCE_SECRET_KEY',
        'TEMPORAL_DB_PASSWORD',
      ].sort(),
    );
    expect(Object.keys(example).sort()).toEqual([...required].sort());
    // Copied without filling in, it cannot start a deployment with placeholder secrets.
    for (const name of required) expect(example[name], name).toBe('');
    expect(() => containerEnv(services.api!, example)).toThrow(/compose would refuse: RELANCE_DB_PASSWORD/);
  });

  it('passes the api only variables its config schema knows, and all it requires', () => {
    const names = envNames(services.api!);
    const known = Object.keys(ApiEnv.shape);
    for (const name of names) expect(known, `api: ${name}`).toContain(name);
    const required = Object.entries(ApiEnv.shape)
      .filter(([, s]) => !s.safeParse(undefined).success)
      .map(([k]) => k);
    for (const name of required) expect(names, `api needs ${name}`).toContain(name);
    const env = containerEnv(services.api!, dotenv);
    expect(loadApiConfig(env)).toMatchObject({
      port: 3000,
      migrate: true,
      temporal: { address: 'temporal:7233' },
    });
    expect(env.RESEND_API_KEY, 'unset optional variables are not passed as empty strings').toBeUndefined();
  });

  it('passes the worker only variables its config schema knows, and all it requires', () => {
    const names = envNames(services.worker!);
    const known = Object.keys(WorkerEnv.shape);
    for (const name of names) expect(known, `worker: ${name}`).toContain(name);
    const required = Object.entries(WorkerEnv.shape)
      .filter(([, s]) => !s.safeParse(undefined).success)
      .map(([k]) => k);
    for (const name of required) expect(names, `worker needs ${name}`).toContain(name);
    const config = loadWorkerConfig(
      containerEnv(services.worker!, { ...dotenv, RESEND_API_KEY: 're_from_env' }),
    );
    expect(config).toMatchObject({
      workflowBundlePath: '/app/dist/workflow-bundle.js',
      // Without METRICS_TOKEN, on the container's loopback only (issue 18); its healthcheck reads it there.
      metrics: { bindAddress: '127.0.0.1:9464' },
      resend: { apiKey: 're_from_env' },
      temporal: { address: 'temporal:7233', namespace: 'default', taskQueue: 'relance' },
    });
    // With METRICS_TOKEN in .env, on every interface behind the token, and the healthcheck sends it.
    const token = 'scrape-token-0123456789';
    expect(
      loadWorkerConfig(containerEnv(services.worker!, { ...dotenv, METRICS_TOKEN: token })).metrics,
    ).toEqual({ bindAddress: '0.0.0.0:9464', token });
    expect(services.worker!.healthcheck!.test.join(' ')).toContain('process.env.METRICS_TOKEN');
    // compose waits longer than the worker's own drain before it kills a stopping replica.
    expect(parseInt(services.worker!.stop_grace_period!, 10) * 1000).toBeGreaterThan(config.shutdownGraceMs);
  });

  it('lets the worker scale: replicas, no fixed name, no published port', () => {
    expect(services.worker!.deploy?.replicas).toBeDefined();
    expect(services.worker!.container_name).toBeUndefined();
    expect(services.worker!.ports).toBeUndefined();
    expect(services.api!.container_name).toBeUndefined();
  });

  it('keeps the unauthenticated Temporal frontend and UI on the host loopback', () => {
    for (const name of ['temporal', 'temporal-ui']) {
      for (const port of services[name]!.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
    expect(services.postgres!.ports).toBeUndefined();
  });

  it('mounts only files that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./'))
          expect(existsSync(join(repoRoot, source)), `${name}: ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes), `${name}: named volume ${source}`).toContain(source);
      }
    }
  });

  it('creates exactly the search attributes the workflow sets', () => {
    const declared = read('deploy/temporal/search-attributes.txt')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().split(/\s+/).join(' ').toLowerCase());
    const used = Object.values(SA).map((key) => `${key.name} ${key.type}`.toLowerCase());
    expect(declared.sort()).toEqual(used.sort());
  });
});

describe('the deployment docs', () => {
  it('document every variable of both config schemas (docs/configuration.md or docs/deploying.md)', () => {
    const docs = read('README.md') + read('docs/configuration.md') + read('docs/deploying.md');
    for (const name of new Set([...Object.keys(ApiEnv.shape), ...Object.keys(WorkerEnv.shape)]))
      expect(docs, name).toContain(`\`${name}\``);
  });
});

describe('the Temporal Cloud overrides (deploy/compose.temporal-cloud*.yml)', () => {
  // `!override` (compose ≥ 2.24) replaces a list instead of merging it; as data it is a plain map.
  const overlay = (file: string) =>
    parse(read(file), { logLevel: 'error' }) as {
      services: Record<string, Service>;
      secrets?: Record<string, unknown>;
    };
  const cloud = overlay('deploy/compose.temporal-cloud.yml');
  const mtls = overlay('deploy/compose.temporal-cloud-mtls.yml');
  /** Compose merges `environment` by variable name, later files winning. */
  const merged = (name: string, vars: Record<string, string>) => ({
    ...containerEnv(services[name]!, vars),
    ...containerEnv(cloud.services[name]!, vars),
    ...containerEnv(mtls.services[name]!, vars),
  });
  const cloudVars = {
    ...dotenv,
    TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
    TEMPORAL_NAMESPACE: 'ns.acct',
    TEMPORAL_API_KEY: 'tmprl_key',
  };

  it('parks the bundled Temporal services in a profile and drops the api and worker dependencies on them', () => {
    for (const name of ['temporal', 'temporal-schema', 'temporal-setup', 'temporal-ui'])
      expect(cloud.services[name]!.profiles).toEqual(['bundled-temporal']);
    expect(Object.keys(cloud.services.api!.depends_on!)).toEqual(['postgres']);
    expect(Object.keys(cloud.services.worker!.depends_on!).sort()).toEqual(['api', 'postgres']);
    expect(read('deploy/compose.temporal-cloud.yml')).toMatch(/depends_on: !override/);
  });

  it('passes only schema variables, and yields valid api and worker configs with an API key or mTLS', () => {
    for (const [app, schema] of [
      ['api', ApiEnv],
      ['worker', WorkerEnv],
    ] as const) {
      for (const file of [cloud, mtls])
        for (const name of envNames(file.services[app]!))
          expect(Object.keys(schema.shape), `${app}: ${name}`).toContain(name);
    }
    const worker = loadWorkerConfig(merged('worker', cloudVars));
    expect(worker.temporal).toMatchObject({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'ns.acct',
      apiKey: 'tmprl_key',
      tls: { certPath: '/run/secrets/temporal-client-cert', keyPath: '/run/secrets/temporal-client-key' },
    });
    expect(loadApiConfig(merged('api', cloudVars)).temporal).toMatchObject({
      address: 'ns.acct.tmprl.cloud:7233',
      apiKey: 'tmprl_key',
    });
    expect(() => containerEnv(cloud.services.worker!, dotenv)).toThrow(
      /compose would refuse: TEMPORAL_ADDRESS/,
    );
  });

  it('mounts the client certificate and key as secrets, from files named in the environment', () => {
    expect(Object.keys(mtls.secrets ?? {})).toEqual(['temporal-client-cert', 'temporal-client-key']);
    expect(JSON.stringify(mtls.secrets)).toMatch(/\$\{TEMPORAL_CLIENT_CERT_FILE:\?/);
  });
});

describe('the Dockerfiles', () => {
  const stages = (file: string) =>
    read(file)
      .split('\n')
      .filter((l) => /^FROM /.test(l));

  for (const app of ['api', 'worker']) {
    const file = `apps/${app}/Dockerfile`;
    it(`${app}: multi-stage on a pinned Node image, production dependencies only, non-root`, () => {
      const text = read(file);
      expect(stages(file).length).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-[a-z]+-slim$/m);
      expect(text).toContain('--frozen-lockfile');
      expect(text).toMatch(new RegExp(`pnpm --filter @relance/${app} deploy --prod`));
      const runtime = text.slice(text.lastIndexOf('\nFROM '));
      expect(runtime).toMatch(/^USER node$/m);
      expect(runtime).toMatch(/^HEALTHCHECK /m);
      expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    });
  }

  it('worker: ships the prebuilt workflow bundle and points the worker at it', () => {
    const text = read('apps/worker/Dockerfile');
    expect(text).toContain('pnpm --filter @relance/worker build:bundle');
    expect(text).toContain('RELANCE_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js');
    expect(JSON.parse(read('apps/worker/package.json')).scripts['build:bundle']).toBe('node dist/bundle.js');
  });

  it('worker: runs with the same V8 heap caps as ./relance start and the test stacks', () => {
    const options = /^\s+NODE_OPTIONS="([^"]*)"/m.exec(read('apps/worker/Dockerfile'))?.[1]?.split(' ');
    expect(options).toEqual(expect.arrayContaining(WORKER_HEAP_FLAGS));
    // The limit a process started with workerEnv really has: old space plus 3 semi-spaces.
    const limitMb = Number(
      execFileSync(process.execPath, ['-p', 'require("v8").getHeapStatistics().heap_size_limit / 2 ** 20'], {
        env: workerEnv({ PATH: process.env.PATH }),
      }),
    );
    expect(limitMb).toBe(WORKER_HEAP_MB + 3 * WORKER_SEMI_SPACE_MB);
    expect(workerEnv({ NODE_OPTIONS: '--max-old-space-size=512' }).NODE_OPTIONS).toBe(
      `${WORKER_HEAP_FLAGS.join(' ')} --max-old-space-size=512`,
    );
  });

  it('the build context leaves out dependencies, build output, local data and secrets', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.data', '.tools', '.env', '.git'])
      expect(ignored).toContain(entry);
  });
});
