import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  freePort,
  startEmbeddedPostgres,
  startStack,
  type EmbeddedPostgresHandle,
  type Managed,
  type Stack,
} from '@relance/devstack';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  eventually,
  invoiceBody,
  invoiceRows,
  paymentSignature,
  postRaw,
  restartApi,
  sql,
  temporalClient,
  UNCONSTRAINED_POLICY,
} from './helpers';

describe('API: registration is all-or-nothing across Postgres and Temporal', () => {
  let stack: Stack;
  let apiProcess: Managed;
  let temporal: Client;
  let restartedPostgres: EmbeddedPostgresHandle | undefined;

  beforeAll(async () => {
    stack = await startStack();
    apiProcess = stack.api;
    temporal = await temporalClient(stack);
  });
  afterAll(async () => {
    await temporal?.connection.close();
    if (apiProcess !== stack?.api) await apiProcess?.stop();
    await restartedPostgres?.stop();
    await stack?.stop();
  });

  it('answers 503 when Temporal is unreachable after the row is written, and the identical retry completes exactly one case', async () => {
    const call = api(stack.apiUrl, stack.apiKey);
    const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
    const workflowId = `dunning:default:${body.externalId}`;

    // The API loses Temporal between its Postgres transaction and the workflow start.
    apiProcess = await restartApi(stack, apiProcess, { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    const failed = await call('POST', '/v1/invoices', body);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('content-type')).toContain('application/problem+json');
    expect(failed.headers.get('retry-after')).toBe('5');
    const half = await invoiceRows(stack.databaseUrl, body.externalId);
    expect(half).toEqual([{ workflow_started_at: null }]);
    await expect(temporal.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    // Until repaired, the case takes no command.
    const pause = await call('POST', `/v1/invoices/${body.externalId}/pause`, { reason: 'x' });
    expect(pause.status).toBe(409);

    apiProcess = await restartApi(stack, apiProcess);
    const repaired = await call('POST', '/v1/invoices', body);
    expect(repaired.status).toBe(201);
    expect(repaired.body.workflowId).toBe(workflowId);
    const again = await call('POST', '/v1/invoices', body);
    expect(again.status).toBe(200);

    const rows = await invoiceRows(stack.databaseUrl, body.externalId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.workflow_started_at).not.toBeNull();
    const registered = await sql(
      stack.databaseUrl,
      `SELECT t.id FROM timeline_events t JOIN invoices i ON i.id = t.invoice_id WHERE i.external_id = $1 AND t.type = 'registered'`,
      [body.externalId],
    );
    expect(registered).toHaveLength(1);
    let runs = 0;
    for await (const _ of temporal.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runs += 1;
    expect(runs).toBe(1);
    expect((await temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  });

  it('answers 503 on readiness while Temporal is unreachable, and on liveness 200', async () => {
    apiProcess = await restartApi(stack, apiProcess, { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect((await fetch(`${stack.apiUrl}/health/live`)).status).toBe(200);
    const ready = await fetch(`${stack.apiUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 503,
      checks: { postgres: 'up', temporal: expect.stringMatching(/^down/) },
    });
  });

  it('answers 503 problem+json while Postgres is down, writing nothing anywhere, and registers once it is back', async () => {
    apiProcess = await restartApi(stack, apiProcess);
    const call = api(stack.apiUrl, stack.apiKey);
    const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
    const workflowId = `dunning:default:${body.externalId}`;
    await stack.postgres.stop();

    const list = await call('GET', '/v1/invoices');
    expect(list.status).toBe(503);
    expect(list.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('POST', '/v1/invoices', body)).status).toBe(503);
    const event = JSON.stringify({
      id: 'evt_pg_down',
      type: 'payment.succeeded',
      data: { invoiceId: body.externalId, amount: '1.00', currency: 'EUR', paidAt: '2026-11-20T10:00:00Z' },
    });
    const webhook = await postRaw(`${stack.apiUrl}/v1/webhooks/payments/default`, event, {
      'relance-signature': paymentSignature(stack.webhookSecret, event),
    });
    expect(webhook.status).toBe(503);
    expect((await fetch(`${stack.apiUrl}/health/ready`)).status).toBe(503);
    await expect(temporal.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );

    restartedPostgres = await startEmbeddedPostgres({
      dir: join(stack.dataDir, 'postgres'),
      port: Number(new URL(stack.databaseUrl).port),
      quiet: true,
    });
    await eventually('the API ready again', async () =>
      (await fetch(`${stack.apiUrl}/health/ready`)).status === 200 ? true : undefined,
    );
    const registered = await eventually('the registration', async () => {
      const res = await call('POST', '/v1/invoices', body);
      return res.status === 201 ? res : undefined;
    });
    expect(registered.body.workflowId).toBe(workflowId);
    expect(
      await sql(stack.databaseUrl, `SELECT count(*)::int AS n FROM invoices WHERE external_id = $1`, [
        body.externalId,
      ]),
    ).toEqual([{ n: 1 }]);
  });
});
