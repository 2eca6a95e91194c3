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
