import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalConnectionConfig, temporalConnectionOptions } from './connection';

describe('temporalConnectionConfig', () => {
  it('defaults to the local dev server', () => {
    expect(temporalConnectionConfig({})).toEqual({
      config: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'relance' },
      problems: [],
    });
  });

  it('takes Temporal Cloud with an API key or an mTLS pair', () => {
    const { config, problems } = temporalConnectionConfig({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_TASK_QUEUE: 'relance-eu',
      TEMPORAL_API_KEY: 'tmprl_key',
      TEMPORAL_TLS_CERT_PATH: '/certs/client.pem',
      TEMPORAL_TLS_KEY_PATH: '/certs/client.key',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'ns.acct',
      taskQueue: 'relance-eu',
      apiKey: 'tmprl_key',
      tls: { certPath: '/certs/client.pem', keyPath: '/certs/client.key' },
    });
  });

  it('names a bad address and half an mTLS pair', () => {
    expect(temporalConnectionConfig({ TEMPORAL_ADDRESS: 'http://temporal:7233' }).problems).toEqual([
      'TEMPORAL_ADDRESS: must be host:port',
    ]);
    expect(temporalConnectionConfig({ TEMPORAL_TLS_CERT_PATH: '/c.pem' }).problems).toEqual([
      'TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs both)',
    ]);
    expect(temporalConnectionConfig({ TEMPORAL_TLS_KEY_PATH: '/c.key' }).problems).toEqual([
      'TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set (mTLS needs both)',
    ]);
  });
});

describe('temporalConnectionOptions', () => {
  const base = { address: 'temporal:7233', namespace: 'default', taskQueue: 'relance' };

  it('connects in plain text without credentials, over TLS with an API key', () => {
    expect(temporalConnectionOptions(base)).toEqual({ address: 'temporal:7233' });
    expect(temporalConnectionOptions({ ...base, apiKey: 'k' })).toEqual({
      address: 'temporal:7233',
      apiKey: 'k',
      tls: true,
    });
  });

  it('reads the mTLS pair from its files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-mtls-'));
    try {
      writeFileSync(join(dir, 'client.pem'), 'CERT');
      writeFileSync(join(dir, 'client.key'), 'KEY');
      const options = temporalConnectionOptions({
        ...base,
        tls: { certPath: join(dir, 'client.pem'), keyPath: join(dir, 'client.key') },
      });
      expect(options.tls).toEqual({ clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
