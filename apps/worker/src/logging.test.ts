import { LogTimestamp } from '@temporalio/worker';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, temporalLogger } from './logging';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { stream, lines, raw };
}

describe('createLogger', () => {
  it('writes one JSON object per line with an ISO time, a level label and the app name', () => {
    const out = capture();
    createLogger('info', out.stream).info({ workflowId: 'dunning:default:INV-1' }, 'email sent');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatchObject({
      level: 'info',
      app: 'relance-worker',
      workflowId: 'dunning:default:INV-1',
      msg: 'email sent',
    });
    expect(String(out.lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  });

  it('redacts secrets at the top level and nested', () => {
    const out = capture();
    createLogger('info', out.stream).info(
      {
        apiKey: 're_top',
        resend: { apiKey: 're_nested' },
        request: { headers: { authorization: 'Bearer rk_1' } },
        databaseUrl: 'postgres://u:pw@h/db',
      },
      'config',
    );
    for (const secret of ['re_top', 're_nested', 'Bearer rk_1', 'pw@h'])
      expect(out.raw[0]).not.toContain(secret);
    expect(out.lines[0]).toMatchObject({ apiKey: '[redacted]', resend: { apiKey: '[redacted]' } });
  });
});

describe('createLogger redaction', () => {
  it('redacts webhook secrets, invoice PDFs and SQL parameters at any depth, inside errors too', () => {
    const out = capture();
    class QueryFailedError extends Error {}
    const failed = Object.assign(new QueryFailedError('insert failed'), {
      query: 'INSERT INTO emails (id, text) VALUES ($1, $2)',
      parameters: ['row-1', 'Madame, votre facture F-2026-0042…'],
    });
    createLogger('info', out.stream).warn(
      {
        err: failed,
        input: { invoice: { payload: { pdfBase64: 'JVBERi0xLjQK' } } },
        tenant: { webhookSecrets: ['whsec_stored'] },
      },
      'Activity failed',
    );
    for (const leaked of ['votre facture', 'JVBERi0xLjQK', 'whsec_stored'])
      expect(out.raw[0]).not.toContain(leaked);
    expect(out.lines[0]).toMatchObject({
      err: { type: 'QueryFailedError', message: 'insert failed', parameters: '[redacted]' },
      input: { invoice: { payload: { pdfBase64: '[redacted]' } } },
    });
  });
});

describe('temporalLogger', () => {
  it('passes SDK metadata through (workflow id included) and drops the native timestamp symbol', () => {
    const out = capture();
    temporalLogger(createLogger('debug', out.stream)).warn('Activity failed', {
      workflowId: 'dunning:default:INV-2',
      activityType: 'sendClientEmail',
      sdkComponent: 'activity',
      [LogTimestamp]: 123n,
      error: new Error('Resend refused the email'),
    });
    expect(out.lines[0]).toMatchObject({
      level: 'warn',
      msg: 'Activity failed',
      workflowId: 'dunning:default:INV-2',
      activityType: 'sendClientEmail',
      err: { message: 'Resend refused the email', type: 'Error' },
    });
  });

  it('maps every SDK level and respects the configured threshold', () => {
    const out = capture();
    const logger = temporalLogger(createLogger('info', out.stream));
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.log('ERROR', 'e', { sdkComponent: 'core' });
    expect(out.lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'i'],
      ['error', 'e'],
    ]);
  });
});
