import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createJsonLogger, JsonLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: new JsonLogger(createJsonLogger('debug', stream)) };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with the Nest context', () => {
    const { lines, logger } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    expect(lines[0]).toMatchObject({
      level: 30,
      app: 'relance-api',
      context: 'NestApplication',
      msg: 'Nest application successfully started',
    });
  });

  it('keeps the fields of structured messages, such as the workflow id of a case', () => {
    const { lines, logger } = capture();
    logger.error(
      { workflowId: 'dunning:default:INV-1', msg: 'could not start the case workflow' },
      'Registration',
    );
    expect(lines[0]).toMatchObject({
      level: 50,
      workflowId: 'dunning:default:INV-1',
      context: 'Registration',
    });
  });

  it('never writes secrets', () => {
    const { lines, logger } = capture();
    logger.warn({
      req: { headers: { authorization: 'Bearer rk_live' } },
      tenant: { apiKey: 'rk_x', webhookSecret: 'whsec_y' },
    });
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/rk_live|rk_x|whsec_y/);
    expect(text).toContain('[redacted]');
  });
});

describe('JsonLogger redaction', () => {
  it('redacts webhook secrets, invoice PDFs and SQL parameters at any depth, inside errors too', () => {
    const { lines, logger } = capture();
    class QueryFailedError extends Error {}
    const sqlError = Object.assign(new QueryFailedError('duplicate key value violates unique constraint'), {
      query: 'INSERT INTO webhook_events (id, payload) VALUES ($1, $2)',
      parameters: ['payment:acme:evt_1', '{"iban":"FR7630006000011234567890189"}'],
      driverError: Object.assign(new Error('duplicate key'), { parameters: ['whsec_in_driver'] }),
    });
    logger.error({ err: sqlError, path: '/v1/webhooks/payments/acme' }, 'Problem');
    logger.warn({
      tenant: { webhookSecrets: ['whsec_stored'], settings: { deep: { deeper: { secret: 'whsec_deep' } } } },
      invoice: { payload: { pdfBase64: 'JVBERi0xLjQK' } },
      headers: { 'relance-signature': 't=1,v1=abc123' },
      config: { RELANCE_SECRET_KEY: 'a1'.repeat(32) },
    });
    const text = JSON.stringify(lines);
    for (const leaked of [
      'FR7630006000011234567890189',
      'whsec_in_driver',
      'whsec_stored',
      'whsec_deep',
      'JVBERi0xLjQK',
      'v1=abc123',
      'a1a1a1a1',
    ])
      expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({
      err: {
        type: 'QueryFailedError',
        message: 'duplicate key value violates unique constraint',
        query: 'INSERT INTO webhook_events (id, payload) VALUES ($1, $2)',
        parameters: '[redacted]',
      },
      path: '/v1/webhooks/payments/acme',
    });
  });
});
