import { spawn } from 'node:child_process';
import { tryListen, waitFor } from './ports';
import { Managed, startProcess } from './processes';
import { ensureTemporalCli, ensureTemporalServer } from './tools';

export interface TemporalServer {
  /** The frontend, `host:port`. */
  address: string;
  process: Managed;
  stop(): Promise<void>;
}

/**
 * Free ports for every listener of a single-process Temporal server (frontend, history, matching
 * and worker services: gRPC and membership; the frontend's HTTP API), as the variables of the
 * server's embedded config template name them. The container defaults (7233–7239, 6933–6939) would
 * collide with a dev server or another lane on the same machine. Picked in 20000–31999.
 */
export async function temporalServerPorts(): Promise<Record<string, string>> {
  const names = [
    'FRONTEND_GRPC_PORT',
    'FRONTEND_HTTP_PORT',
    'FRONTEND_MEMBERSHIP_PORT',
    'HISTORY_GRPC_PORT',
    'HISTORY_MEMBERSHIP_PORT',
    'MATCHING_GRPC_PORT',
    'MATCHING_MEMBERSHIP_PORT',
    'WORKER_GRPC_PORT',
    'WORKER_MEMBERSHIP_PORT',
  ];
  const ports: Record<string, string> = {};
  const taken = new Set<number>();
  for (const name of names) {
    // Membership rows store ports as SMALLINT: the kernel's ephemeral range (32768+) does not fit.
    for (;;) {
      const port = 20_000 + Math.floor(Math.random() * 12_000);
      if (!taken.has(port) && (await tryListen(port)) === true) {
        taken.add(port);
        ports[name] = String(port);
        break;
      }
    }
  }
  return ports;
}

/**
 * `temporal-server start` configured by its environment alone, as the `temporalio/server` image
 * runs it: the binary's embedded config template reads `DB`, `POSTGRES_SEEDS`, `DB_PORT`,
 * `NUM_HISTORY_SHARDS`, `BIND_ON_IP`, `DYNAMIC_CONFIG_FILE_PATH`, the ports… The process gets `env`
 * and PATH only, like a container. Resolves once the frontend answers a health check; the schema
 * must exist already (temporal-sql-tool) and namespaces are created afterwards.
 */
export async function startTemporalServer(opts: {
  env: Record<string, string>;
  logFile?: string;
  quiet?: boolean;
}): Promise<TemporalServer> {
  const { server } = await ensureTemporalServer();
  const cli = ensureTemporalCli();
  const address = `${opts.env.BIND_ON_IP ?? '127.0.0.1'}:${opts.env.FRONTEND_GRPC_PORT ?? '7233'}`;
  const proc = startProcess('temporal-server', server, ['start'], {
    env: { PATH: process.env.PATH ?? '', ...opts.env },
    logFile: opts.logFile,
    quiet: opts.quiet,
    graceMs: 15_000,
    stopStage: 1,
  });
  const healthy = () =>
    new Promise<boolean>((done) => {
      if (!proc.isRunning())
        throw new Error(
          `temporal-server exited with ${proc.child.exitCode}${opts.logFile ? ` (see ${opts.logFile})` : ''}: ${proc.recentOutput().slice(-1500)}`,
        );
      const probe = spawn(cli, ['operator', 'cluster', 'health', '--address', address], {
        stdio: 'ignore',
        timeout: 10_000,
      });
      probe.once('error', () => done(false));
      probe.once('exit', (code) => done(code === 0));
    });
  try {
    await waitFor('the Temporal server', healthy, 120_000);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { address, process: proc, stop: () => proc.stop() };
}
