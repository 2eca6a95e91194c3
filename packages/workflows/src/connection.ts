import { readFileSync } from 'node:fs';

// Runs in the api and worker processes, never in the workflow sandbox (not imported by workflow code).

/** Where and how the api and the worker reach Temporal (docs/running.md; Temporal Cloud in docs/deploying.md). */
export interface TemporalConnectionConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Temporal Cloud API key (implies TLS). */
  apiKey?: string;
  /** mTLS client certificate and key (PEM files). */
  tls?: { certPath: string; keyPath: string };
}

/** The TEMPORAL_* variables, unset ones absent (empty strings already dropped by the apps). */
export interface TemporalEnv {
  TEMPORAL_ADDRESS?: string;
  TEMPORAL_NAMESPACE?: string;
  TEMPORAL_TASK_QUEUE?: string;
  TEMPORAL_API_KEY?: string;
  TEMPORAL_TLS_CERT_PATH?: string;
  TEMPORAL_TLS_KEY_PATH?: string;
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:/@?#[\]]+):\d{1,5}$/;

/** The connection both apps use; `problems` name each bad variable (`NAME: why`), empty when usable. */
export function temporalConnectionConfig(env: TemporalEnv): {
  config: TemporalConnectionConfig;
  problems: string[];
} {
  const address = env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const { TEMPORAL_TLS_CERT_PATH: certPath, TEMPORAL_TLS_KEY_PATH: keyPath } = env;
  const problems: string[] = [];
  if (!HOST_PORT.test(address)) problems.push('TEMPORAL_ADDRESS: must be host:port');
  if (certPath && !keyPath)
    problems.push('TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs both)');
  if (keyPath && !certPath)
    problems.push('TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set (mTLS needs both)');
  return {
    config: {
      address,
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'relance',
      apiKey: env.TEMPORAL_API_KEY,
      tls: certPath && keyPath ? { certPath, keyPath } : undefined,
    },
    problems,
  };
}

/**
 * Options for `Connection` (client) and `NativeConnection` (worker) alike: an mTLS pair is read
 * from its files, an API key alone turns on TLS with the system's roots.
 */
export function temporalConnectionOptions(config: TemporalConnectionConfig): {
  address: string;
  apiKey?: string;
  tls?: true | { clientCertPair: { crt: Buffer; key: Buffer } };
} {
  return {
    address: config.address,
    apiKey: config.apiKey,
    tls: config.tls
      ? { clientCertPair: { crt: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) } }
      : config.apiKey
        ? true
        : undefined,
  };
}
