import { repoRoot } from '@relance/devstack';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml without Docker: each service's container environment (interpolated from
 * `vars`, as compose does from `.env`), its bind-mounted files mapped to this checkout, and its
 * one-shot scripts run as local processes. Only what cannot be the same on one host changes, and
 * every such change is named by the caller.
 */
interface Service {
  image?: string;
  environment?: string[] | Record<string, string | null>;
  volumes?: string[];
  entrypoint?: string[];
  restart?: string;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};

/** Compose interpolation against `vars`: `${X}`, `${X:-default}`, `${X:?error}`. */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
    (_, name: string, op?: string, arg?: string) => {
      const v = vars[name];
      if (v !== undefined && v !== '') return v;
      if (op === '-') return arg ?? '';
      if (op === '?') throw new Error(`compose would refuse: ${name}: ${arg}`);
      return '';
    },
  );
}

/** A service's `environment` (list or map) as [name, raw value] pairs; a bare key's value is null. */
export function environmentEntries(environment: Service['environment']): [string, string | null][] {
  return Array.isArray(environment)
    ? environment.map((e) =>
        e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : [e, null],
      )
    : Object.entries(environment ?? {});
}

export class LocalCompose {
  constructor(private readonly vars: Record<string, string>) {}

  private service(name: string): Service {
    const service = compose.services[name];
    if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
    return service;
  }

  /** The image tag (`temporalio/server:1.32.0` → `1.32.0`). */
  imageTag(service: string): string | undefined {
    return this.service(service).image?.split(':')[1];
  }

  /** The repository file a service sees at `containerPath` through a `./x:/y[:ro]` bind mount. */
  hostPath(service: string, containerPath: string): string | undefined {
    for (const volume of this.service(service).volumes ?? []) {
      const [source, target] = volume.split(':');
      if (!source?.startsWith('./') || !target) continue;
      if (containerPath === target || containerPath.startsWith(`${target}/`))
        return join(repoRoot, source, containerPath.slice(target.length));
    }
    return undefined;
  }

  /**
   * The container's environment (a bare key passes through when set in `vars`), container paths of
   * bind mounts mapped to the checkout. `moved` replaces values compose sets (each must be there:
   * addresses on this host); `added` sets what compose leaves to the image's defaults.
   */
  env(
    service: string,
    moved: Record<string, string> = {},
    added: Record<string, string> = {},
  ): Record<string, string> {
    const entries = environmentEntries(this.service(service).environment);
    const env: Record<string, string> = {};
    for (const [name, raw] of entries) {
      const value = raw === null ? this.vars[name] : interpolate(String(raw), this.vars);
      if (value !== undefined && value !== '') env[name] = this.hostPath(service, value) ?? value;
    }
    for (const name of Object.keys(moved))
      if (!entries.some(([n]) => n === name))
        throw new Error(`docker-compose.yml no longer sets ${name} for ${service}: update the topology lane`);
    for (const name of Object.keys(added))
      if (entries.some(([n]) => n === name))
        throw new Error(`docker-compose.yml now sets ${name} for ${service}: the lane must not override it`);
    return { ...env, ...moved, ...added };
  }

  /**
   * Runs a one-shot service's entrypoint (`/bin/sh /deploy/<script>.sh`) with its script from the
   * checkout, `env`, and `bin` first on PATH (the admin-tools image's commands), restarted as its
   * `restart` policy says. Resolves with the output of every run; rejects with it when the last fails.
   */
  async run(service: string, env: Record<string, string>, bin: string): Promise<string> {
    // `restart: on-failure:N` restarts a failed job up to N times, Docker waiting 100 ms, then twice as long each time.
    const restarts = Number(/^on-failure:(\d+)$/.exec(this.service(service).restart ?? '')?.[1] ?? 0);
    const outputs: string[] = [];
    for (let attempt = 0; ; attempt++) {
      try {
        outputs.push(await this.runOnce(service, env, bin));
        return outputs.join('\n--- restarted ---\n');
      } catch (err) {
        outputs.push((err as Error).message);
        if (attempt >= restarts) throw new Error(outputs.join('\n--- restarted ---\n'), { cause: err });
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  private runOnce(service: string, env: Record<string, string>, bin: string): Promise<string> {
    const [command, ...args] = (this.service(service).entrypoint ?? []).map(
      (a) => this.hostPath(service, a) ?? a,
    );
    if (!command) throw new Error(`${service} has no entrypoint`);
    return new Promise((done, fail) => {
      execFile(
        command,
        args,
        {
          env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '/root', ...env },
          timeout: 300_000,
        },
        (err, stdout, stderr) => {
          const output = `${stdout}${stderr}`.trim();
          if (err) fail(new Error(`${service} failed (${err.message.split('\n')[0]}):\n${output}`));
          else done(output);
        },
      );
    });
  }
}

/**
 * The commands the temporalio/admin-tools image puts on PATH, for the compose one-shot scripts:
 * `temporal-sql-tool` (its `/etc/temporal/schema/…` arguments mapped to the module's schema
 * folder), the `temporal` CLI, and `nc -z host port` (a Node probe: netcat flavours differ).
 */
export function adminToolsBin(
  dir: string,
  tools: { sqlTool: string; schemaDir: string; cli: string },
): string {
  mkdirSync(dir, { recursive: true });
  const script = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  };
  script(
    'temporal-sql-tool',
    `#!/bin/sh
for a do
  shift
  case "$a" in /etc/temporal/schema/*) a="${tools.schemaDir}/\${a#/etc/temporal/schema/}" ;; esac
  set -- "$@" "$a"
done
exec '${tools.sqlTool}' "$@"
`,
  );
  script(
    'nc',
    `#!/bin/sh
[ "$1" = "-z" ] || { echo "nc: only -z host port" >&2; exit 2; }
exec '${process.execPath}' -e 'const s = require("node:net").connect(+process.argv[2], process.argv[1]);
s.setTimeout(2000, () => process.exit(1)); s.on("connect", () => process.exit(0)); s.on("error", () => process.exit(1));' "$2" "$3"
`,
  );
  symlinkSync(tools.cli, join(dir, 'temporal'));
  return dir;
}

/**
 * The SQL that deploy/postgres/init-databases.sh hands psql (its heredoc), one statement per
 * entry, each psql variable (`-v name="$VAR"`, used as `:'name'`) bound to `vars[VAR]`.
 */
export function initDatabasesSql(vars: Record<string, string>): string[] {
  const script = readFileSync(join(repoRoot, 'deploy/postgres/init-databases.sh'), 'utf8');
  const bindings = new Map(
    [...script.matchAll(/-v (\w+)="\$(\w+)"/g)].map(([, name, variable]) => [name!, vars[variable!]]),
  );
  const sql = /<<'SQL'\n([\s\S]*?)\nSQL\n/.exec(script)?.[1];
  if (!sql) throw new Error('deploy/postgres/init-databases.sh: no SQL heredoc found');
  const bound = sql.replace(/:'(\w+)'/g, (_, name: string) => {
    const value = bindings.get(name);
    if (value === undefined) throw new Error(`init-databases.sh: no value for :'${name}'`);
    return `'${value.replace(/'/g, "''")}'`;
  });
  return bound
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
