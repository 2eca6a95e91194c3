import { freePort, startTemporalDevServer, type TemporalDevServer } from '@relance/devstack';
import { caseStateQuery, pauseUpdate, paymentSignal } from '@relance/workflows';
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseClosed, CaseUnreachable } from './case-errors';
import { CaseGateway } from './case-gateway';

/**
 * The gateway against a real Temporal dev server with no worker polling its task queue (a case
 * whose worker is down), and against an address where nothing listens (Temporal unreachable).
 */
let server: TemporalDevServer;
let dir: string;
let client: Client;
let gateway: CaseGateway;
const taskQueue = `gateway-test-${Date.now()}`;
const payment = { id: 'pay-1', amount: '10.00', currency: 'EUR', paidAt: '2026-12-01T10:00:00Z' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'case-gateway-'));
  server = await startTemporalDevServer({
    dbFile: join(dir, 'temporal.db'),
    port: await freePort(),
    uiPort: await freePort(),
    quiet: true,
  });
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
  gateway = new CaseGateway(client);
});

afterAll(async () => {
  await client?.connection.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A running workflow nobody executes (its type is not registered anywhere). */
async function startCase(id: string): Promise<string> {
  const workflowId = `gateway-test:${id}:${Date.now()}`;
  expect(await gateway.start('noWorkerForThis', { workflowId, taskQueue, args: [] })).toBe('started');
  return workflowId;
}

describe('CaseGateway.start', () => {
  it('answers already_started for an id in use, instead of failing', async () => {
    const workflowId = await startCase('twice');
    expect(await gateway.start('noWorkerForThis', { workflowId, taskQueue, args: [] })).toBe(
      'already_started',
    );
  });
});

describe('CaseGateway: a closed case', () => {
  it('maps a workflow that never existed to CaseClosed (signal, update)', async () => {
    const err = await gateway
      .signal('gateway-test:nobody', paymentSignal, [payment])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseClosed);
    expect((err as CaseClosed).getStatus()).toBe(409);
    await expect(
      gateway.update('gateway-test:nobody', pauseUpdate, [{ reason: 'x' }]),
    ).rejects.toBeInstanceOf(CaseClosed);
  });

  it('maps a completed workflow to CaseClosed (signal, update)', async () => {
    const workflowId = await startCase('completed');
    await client.workflow.getHandle(workflowId).terminate('the case closed');
    await expect(gateway.signal(workflowId, paymentSignal, [payment])).rejects.toBeInstanceOf(CaseClosed);
    await expect(gateway.update(workflowId, pauseUpdate, [{ reason: 'x' }])).rejects.toBeInstanceOf(
      CaseClosed,
    );
  });

  it('hands a signal to a running case', async () => {
    const workflowId = await startCase('running');
    await expect(gateway.signal(workflowId, paymentSignal, [payment])).resolves.toBeUndefined();
  });
});

describe('CaseGateway: a case that does not answer', () => {
  it('maps an update its worker never runs to CaseUnreachable, with the no-answer detail and Retry-After', async () => {
    const workflowId = await startCase('no-worker');
    const ifUnreachable = { detail: 'not reached', noAnswerDetail: 'no answer in time', retryAfterS: 5 };
    const err = await gateway
      .update(workflowId, pauseUpdate, [{ reason: 'x' }], { deadlineMs: 1_000, ifUnreachable })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseUnreachable);
    const problem = err as CaseUnreachable;
    expect([problem.getStatus(), problem.title, problem.detail]).toEqual([
      503,
      'Service unavailable',
      'no answer in time',
    ]);
    expect(problem.noAnswer).toBe(true);
    expect(problem.headers).toEqual({ 'Retry-After': '5' });
  });

  it('maps a query its worker never answers to CaseUnreachable with the default detail', async () => {
    const workflowId = await startCase('no-query');
    const err = await gateway
      .query(workflowId, caseStateQuery, [], { deadlineMs: 1_000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseUnreachable);
    expect((err as CaseUnreachable).detail).toBe('the case could not be reached; repeat the same request');
  });
});

describe('CaseGateway: Temporal unreachable', () => {
  it('maps every call to CaseUnreachable with the caller’s detail, and no Retry-After when it gives none', async () => {
    const nowhere = new CaseGateway(
      new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }) }),
    );
    const ifUnreachable = { detail: 'retry the delivery' };
    const calls = [
      nowhere.signal('gateway-test:any', paymentSignal, [payment], {
        deadlineMs: 1_500,
        abortAtDeadline: true,
        ifUnreachable,
      }),
      nowhere.start(
        'noWorkerForThis',
        { workflowId: 'gateway-test:any', taskQueue, args: [] },
        {
          deadlineMs: 1_500,
          ifUnreachable,
        },
      ),
      nowhere.update('gateway-test:any', pauseUpdate, [{ reason: 'x' }], {
        deadlineMs: 1_500,
        ifUnreachable,
      }),
    ];
    // Each settles on its own; all are awaited together so none rejects unobserved.
    for (const err of await Promise.all(calls.map((call) => call.catch((e: unknown) => e)))) {
      expect(err).toBeInstanceOf(CaseUnreachable);
      expect([(err as CaseUnreachable).getStatus(), (err as CaseUnreachable).detail]).toEqual([
        503,
        'retry the delivery',
      ]);
      expect((err as CaseUnreachable).headers).toEqual({});
    }
  });
});
