import { describe, expect, it } from 'vitest';
import { ApiEnv, loadApiConfig } from './config';

const DB = 'postgres://relance:secret@db.internal:5432/relance';
// Random bytes: a key like 'a1' * 32 is refused as weak (issue 18).
const KEY = '9f3c1be07a52d4e86c0f7b19a2e5d3c4b8f60a17e29d5c3b4a6f8e1d0c2b7a95';

describe('loadApiConfig', () => {
  it('applies the documented defaults when only DATABASE_URL is set', () => {
    expect(loadApiConfig({ DATABASE_URL: DB, RELANCE_SECRET_KEY: KEY })).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: DB,
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'relance', tls: undefined },
      migrate: true,
      logLevel: 'info',
      secretKey: Buffer.from(KEY, 'hex'),
      metrics: { token: undefined, port: 9465, cacheSeconds: 30 },
      pdfFetch: { allowHosts: [] },
    });
  });

  it('reads the worker PDF allow-list (RELANCE_PDF_FETCH_ALLOW_HOSTS) as the worker does', () => {
    const env = { DATABASE_URL: DB, RELANCE_SECRET_KEY: KEY };
    expect(
      loadApiConfig({ ...env, RELANCE_PDF_FETCH_ALLOW_HOSTS: ' 127.0.0.1, Files.Example:8443' }).pdfFetch,
    ).toEqual({ allowHosts: ['127.0.0.1', 'files.example:8443'] });
    expect(() => loadApiConfig({ ...env, RELANCE_PDF_FETCH_ALLOW_HOSTS: 'http://files.example' })).toThrow(
      /RELANCE_PDF_FETCH_ALLOW_HOSTS: "http:\/\/files.example" is not host or host:port/,
    );
  });

  it('refuses to start without RELANCE_SECRET_KEY, or with a key that is not 32 bytes, never echoing it', () => {
    const failure = (env: Record<string, string>) => {
      try {
        loadApiConfig(env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(failure({ DATABASE_URL: DB })).toContain(
      'RELANCE_SECRET_KEY: is required: must be 32 random bytes, hex or base64',
    );
    const weak = 'my-passphrase-is-not-a-key';
    const message = failure({ DATABASE_URL: DB, RELANCE_SECRET_KEY: weak });
    expect(message).toContain('RELANCE_SECRET_KEY: must be 32 random bytes');
    expect(message).not.toContain(weak);
    const base64 = Buffer.from(KEY, 'hex').toString('base64');
    expect(loadApiConfig({ DATABASE_URL: DB, RELANCE_SECRET_KEY: base64 }).secretKey).toEqual(
      Buffer.from(KEY, 'hex'),
    );
  });

  it('reads the metrics token, the loopback metrics port and the cache lifetime', () => {
    expect(
      loadApiConfig({
        DATABASE_URL: DB,
        RELANCE_SECRET_KEY: KEY,
        METRICS_TOKEN: 'scrape-token-0123456789',
        METRICS_PORT: '9999',
        METRICS_CACHE_SECONDS: '5',
      }).metrics,
    ).toEqual({ token: 'scrape-token-0123456789', port: 9999, cacheSeconds: 5 });
  });

  it('names every missing or bad variable in one error', () => {
    let message = '';
    try {
      loadApiConfig({
        PORT: 'eighty',
        RESEND_WEBHOOK_SECRET: 'plain-secret',
        RELANCE_BOOTSTRAP_API_KEY: 'short',
        RELANCE_BOOTSTRAP_WEBHOOK_SECRET: 'tiny',
        RELANCE_MIGRATE: 'yes',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid API configuration:/);
    const named = [
      'DATABASE_URL',
      'PORT',
      'RESEND_WEBHOOK_SECRET',
      'RELANCE_BOOTSTRAP_API_KEY',
      'RELANCE_BOOTSTRAP_WEBHOOK_SECRET',
      'RELANCE_MIGRATE',
      'LOG_LEVEL',
    ];
    for (const name of named) expect(message).toContain(`  ${name}: `);
    expect(message).toContain('RESEND_WEBHOOK_SECRET: must be a whsec_… secret');
    expect(message).toContain('RELANCE_BOOTSTRAP_API_KEY: must be at least 24 characters');
  });

  it('never echoes a rejected value in the error (secrets stay out of the logs)', () => {
    const secret = 'not-a-whsec-but-still-secret';
    const message = (() => {
      try {
        loadApiConfig({ DATABASE_URL: DB, RELANCE_SECRET_KEY: KEY, RESEND_WEBHOOK_SECRET: secret });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain('RESEND_WEBHOOK_SECRET');
    expect(message).not.toContain(secret);
  });

  it('maps mTLS, the Resend settings, bootstrap secrets and RELANCE_MIGRATE=false', () => {
    const config = loadApiConfig({
      DATABASE_URL: DB,
      RELANCE_SECRET_KEY: KEY,
      PORT: '8080',
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_TLS_CERT_PATH: '/certs/client.pem',
      TEMPORAL_TLS_KEY_PATH: '/certs/client.key',
      RESEND_API_KEY: 're_123',
      RESEND_WEBHOOK_SECRET: 'whsec_abc',
      RELANCE_BOOTSTRAP_API_KEY: 'rk_live_0123456789abcdefghij',
      RELANCE_MIGRATE: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      temporal: {
        address: 'ns.acct.tmprl.cloud:7233',
        namespace: 'ns.acct',
        tls: { certPath: '/certs/client.pem', keyPath: '/certs/client.key' },
      },
      resend: { apiKey: 're_123', webhookSecret: 'whsec_abc' },
      bootstrap: { apiKey: 'rk_live_0123456789abcdefghij' },
      migrate: false,
    });
  });
});

describe('ApiEnv', () => {
  it('declares every variable the API reads (the compose test checks compose against these keys)', () => {
    expect(Object.keys(ApiEnv.shape)).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
        'TEMPORAL_TASK_QUEUE',
        'RELANCE_MIGRATE',
      ]),
    );
  });
});

describe('loadApiConfig and empty variables', () => {
  it('treats an empty variable as unset', () => {
    const config = loadApiConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/relance',
      RELANCE_SECRET_KEY: KEY,
      RESEND_WEBHOOK_SECRET: '',
      PORT: '',
    });
    expect(config.resend.webhookSecret).toBeUndefined();
    expect(config.port).toBe(3000);
  });
});

describe('loadApiConfig — RELANCE_SECRET_KEY strength and rotation (issue 18)', () => {
  const message = (env: Record<string, string>) => {
    try {
      loadApiConfig({ DATABASE_URL: DB, ...env });
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('refuses low-entropy keys with the reason and the way out, never echoing the key', () => {
    for (const [key, reason] of [
      ['00'.repeat(32), 'all its bytes are equal'],
      ['a1'.repeat(32), 'all its bytes are equal'],
      [Buffer.alloc(32, 7).toString('base64'), 'all its bytes are equal'],
      ['0123456789abcdef'.repeat(4), 'it repeats a pattern of 8 bytes'],
      ['deadbeef'.repeat(8), 'it repeats a pattern of 4 bytes'],
    ]) {
      const text = message({ RELANCE_SECRET_KEY: key! });
      expect(text, key).toContain(`RELANCE_SECRET_KEY: is not a random key (${reason})`);
      expect(text, key).toContain('openssl rand -hex 32');
      expect(text, key).toContain('RELANCE_SECRET_KEY_PREVIOUS');
      expect(text, key).not.toContain(key!);
    }
  });

  it('reads former keys, comma-separated, even weak ones (rotating away from them is their use)', () => {
    const other = '3e8a5f0c7d21b94e6a0f3c8d5b7e2a19c4f06d83b5e7a2c1d9f04b6e8a3c5d27';
    const config = loadApiConfig({
      DATABASE_URL: DB,
      RELANCE_SECRET_KEY: KEY,
      RELANCE_SECRET_KEY_PREVIOUS: `${other},${'00'.repeat(32)}`,
    });
    expect(config.previousSecretKeys).toEqual([Buffer.from(other, 'hex'), Buffer.alloc(32, 0)]);
    expect(loadApiConfig({ DATABASE_URL: DB, RELANCE_SECRET_KEY: KEY }).previousSecretKeys).toEqual([]);
    expect(message({ RELANCE_SECRET_KEY: KEY, RELANCE_SECRET_KEY_PREVIOUS: 'not-a-key' })).toContain(
      'RELANCE_SECRET_KEY_PREVIOUS: must be one or more former RELANCE_SECRET_KEY values',
    );
  });

  it('reads the per-tenant rate limit, 1200 per minute with bursts of 200 by default', () => {
    expect(loadApiConfig({ DATABASE_URL: DB, RELANCE_SECRET_KEY: KEY }).rateLimit).toEqual({
      perMinute: 1200,
      burst: 200,
    });
    expect(
      loadApiConfig({
        DATABASE_URL: DB,
        RELANCE_SECRET_KEY: KEY,
        RELANCE_RATE_LIMIT_PER_MINUTE: '60',
        RELANCE_RATE_LIMIT_BURST: '5',
      }).rateLimit,
    ).toEqual({ perMinute: 60, burst: 5 });
    expect(message({ RELANCE_SECRET_KEY: KEY, RELANCE_RATE_LIMIT_PER_MINUTE: '0' })).toContain(
      'RELANCE_RATE_LIMIT_PER_MINUTE',
    );
  });

  it('reads the action-link key and public URL; links are off without the key, and a short key is refused', () => {
    const env = { DATABASE_URL: DB, RELANCE_SECRET_KEY: KEY };
    expect(loadApiConfig(env).links).toEqual({ key: undefined, publicUrl: 'http://localhost:3000' });
    expect(
      loadApiConfig({ ...env, RELANCE_LINK_KEY: KEY, RELANCE_PUBLIC_URL: 'https://relance.example.com' }).links,
    ).toEqual({ key: Buffer.from(KEY, 'hex'), publicUrl: 'https://relance.example.com' });
    expect(() => loadApiConfig({ ...env, RELANCE_LINK_KEY: KEY.slice(2) })).toThrow(
      /RELANCE_LINK_KEY: must be 32 random bytes/,
    );
  });
});
