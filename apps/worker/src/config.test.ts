import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadWorkerConfig, redactUrl } from './config';

const DB = 'postgres://relance:s3cret-pw@db.internal:5432/relance';

describe('loadWorkerConfig', () => {
  it('applies the documented defaults when only DATABASE_URL is set', () => {
    const config = loadWorkerConfig({ DATABASE_URL: DB });
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'relance',
      connectTimeoutMs: 10_000,
      tls: undefined,
      apiKey: undefined,
    });
    expect(config.metrics).toBeUndefined();
    expect(config.resend).toBeUndefined();
    expect(config.shutdownGraceMs).toBe(30_000);
    expect(config.logLevel).toBe('info');
  });

  it('names every missing or bad variable in one error', () => {
    let error: unknown;
    try {
      loadWorkerConfig({
        TEMPORAL_ADDRESS: 'temporal',
        WORKER_METRICS_PORT: '70000',
        LOG_LEVEL: 'loud',
        RESEND_BASE_URL: 'not a url',
        TEMPORAL_TLS_CERT_PATH: '/certs/client.pem',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid worker configuration:/);
    for (const name of [
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
      'WORKER_METRICS_PORT',
      'LOG_LEVEL',
      'RESEND_BASE_URL',
      'TEMPORAL_TLS_KEY_PATH',
    ]) {
      expect(message).toContain(`  ${name}: `);
    }
    expect(message.trim().split('\n')).toHaveLength(7);
  });

  it('accepts host:port, IPv6 in brackets included, and rejects a bare host', () => {
    for (const address of ['temporal:7233', 'ns.acct.tmprl.cloud:7233', '10.0.0.5:7233', '[::1]:7233']) {
      expect(loadWorkerConfig({ DATABASE_URL: DB, TEMPORAL_ADDRESS: address }).temporal.address).toBe(
        address,
      );
    }
    for (const address of ['temporal', 'http://temporal:7233', 'temporal:']) {
      expect(() => loadWorkerConfig({ DATABASE_URL: DB, TEMPORAL_ADDRESS: address }), address).toThrow(
        /TEMPORAL_ADDRESS: must be host:port/,
      );
    }
  });

  it('reports the mTLS pair even when nothing else is wrong', () => {
    expect(() => loadWorkerConfig({ DATABASE_URL: DB, TEMPORAL_TLS_KEY_PATH: '/certs/client.key' })).toThrow(
      /TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set/,
    );
  });

  it('treats empty strings as unset (compose passes unset optional variables that way)', () => {
    const config = loadWorkerConfig({
      DATABASE_URL: DB,
      RESEND_API_KEY: '',
      RESEND_BASE_URL: '',
      WORKER_METRICS_PORT: '',
      TEMPORAL_API_KEY: '',
    });
    expect(config.resend).toBeUndefined();
    expect(config.metrics).toBeUndefined();
    expect(config.temporal.apiKey).toBeUndefined();
  });

  it('builds the metrics bind address, mTLS pair, Resend settings and an absolute bundle path', () => {
    const config = loadWorkerConfig({
      DATABASE_URL: DB,
      WORKER_METRICS_PORT: '9464',
      TEMPORAL_TLS_CERT_PATH: '/certs/client.pem',
      TEMPORAL_TLS_KEY_PATH: '/certs/client.key',
      RESEND_API_KEY: 're_123',
      RELANCE_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
    });
    // Without METRICS_TOKEN the metrics stay on this machine (issue 18), as the API's do.
    expect(config.metrics).toEqual({ bindAddress: '127.0.0.1:9464', token: undefined });
    expect(config.temporal.tls).toEqual({ certPath: '/certs/client.pem', keyPath: '/certs/client.key' });
    expect(config.resend).toEqual({ apiKey: 're_123', baseUrl: undefined });
    expect(config.workflowBundlePath).toMatch(/^\/.*dist\/workflow-bundle\.js$/);
  });
});

describe('worker metrics binding', () => {
  const env = { DATABASE_URL: DB, WORKER_METRICS_PORT: '9464' };
  it('serves on 127.0.0.1 without a token, on every interface behind the token with one', () => {
    expect(loadWorkerConfig(env).metrics).toEqual({ bindAddress: '127.0.0.1:9464', token: undefined });
    const token = 'scrape-token-0123456789';
    expect(loadWorkerConfig({ ...env, METRICS_TOKEN: token }).metrics).toEqual({
      bindAddress: '0.0.0.0:9464',
      token,
    });
  });

  it('keeps an explicit WORKER_METRICS_HOST, and refuses a short token', () => {
    expect(loadWorkerConfig({ ...env, WORKER_METRICS_HOST: '10.0.0.5' }).metrics?.bindAddress).toBe(
      '10.0.0.5:9464',
    );
    expect(() => loadWorkerConfig({ ...env, METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN: must be at least 16/,
    );
  });

  it('never prints the token', () => {
    const config = loadWorkerConfig({ ...env, METRICS_TOKEN: 'scrape-token-0123456789' });
    expect(JSON.stringify(describeConfig(config))).not.toContain('scrape-token-0123456789');
  });
});

describe('WORKER_PDF_FETCHES_PER_TENANT', () => {
  it('is 2 by default, at least 1', () => {
    expect(loadWorkerConfig({ DATABASE_URL: DB }).pdfFetchesPerTenant).toBe(2);
    expect(
      loadWorkerConfig({ DATABASE_URL: DB, WORKER_PDF_FETCHES_PER_TENANT: '5' }).pdfFetchesPerTenant,
    ).toBe(5);
    expect(() => loadWorkerConfig({ DATABASE_URL: DB, WORKER_PDF_FETCHES_PER_TENANT: '0' })).toThrow(
      /WORKER_PDF_FETCHES_PER_TENANT/,
    );
  });
});

describe('RELANCE_PDF_FETCH_ALLOW_HOSTS', () => {
  it('is empty by default: pdfUrl must then be https to a public address', () => {
    expect(loadWorkerConfig({ DATABASE_URL: DB }).pdfFetch).toEqual({ allowHosts: [] });
  });

  it('normalises host and host:port entries as URLs spell them', () => {
    const config = loadWorkerConfig({
      DATABASE_URL: DB,
      RELANCE_PDF_FETCH_ALLOW_HOSTS: ' localhost, 127.0.0.1:8080 ,[::1]:9000,Files.Example,',
    });
    expect(config.pdfFetch.allowHosts).toEqual([
      'localhost',
      '127.0.0.1:8080',
      '[::1]:9000',
      'files.example',
    ]);
  });

  it('names each entry that is not host or host:port', () => {
    expect(() =>
      loadWorkerConfig({
        DATABASE_URL: DB,
        RELANCE_PDF_FETCH_ALLOW_HOSTS: 'http://files.example,files.example:99999,files.example/pdf',
      }),
    ).toThrow(/RELANCE_PDF_FETCH_ALLOW_HOSTS: "http:\/\/files.example" is not host or host:port/);
  });
});

describe('describeConfig', () => {
  it('shows where the worker connects without any secret', () => {
    const config = loadWorkerConfig({
      DATABASE_URL: DB,
      TEMPORAL_API_KEY: 'tmprl-key-xyz',
      RESEND_API_KEY: 're_secret_abc',
    });
    const printed = JSON.stringify(describeConfig(config));
    expect(printed).toContain('db.internal:5432');
    expect(printed).toContain('"auth":"api-key"');
    for (const secret of ['s3cret-pw', 'tmprl-key-xyz', 're_secret_abc'])
      expect(printed).not.toContain(secret);
  });
});

describe('redactUrl', () => {
  it('masks the password and keeps the rest', () => {
    expect(redactUrl(DB)).toBe('postgres://relance:***@db.internal:5432/relance');
    expect(redactUrl('postgres://db.internal/relance')).toBe('postgres://db.internal/relance');
  });
});
