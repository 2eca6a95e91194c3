import { freePort, repoRoot, startTemporalDevServer, type TemporalDevServer } from '@relance/devstack';
import type { PenaltyBreakdown } from '@relance/domain';
import { sampleInvoice } from '@relance/domain/testing';
import { caseWorkflowId, type DunningActivities, type DunningCaseInput } from '@relance/workflows';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logging';
import { emailMetrics } from './metrics';
import { installRuntime } from './runtime';

type Call = {
  name: keyof DunningActivities;
  input: { step?: string; key?: string; email?: { template: string } };
};

/** Activities with the contract's type that record their calls and answer like the real ones. */
function recordingActivities(calls: Call[]): DunningActivities {
  const record = (name: keyof DunningActivities, answer: () => unknown) => async (input: Call['input']) => {
    calls.push({ name, input });
    return answer();
  };
  const sent = () => ({ emailId: `em_${calls.length}`, sentAt: new Date().toISOString() });
  const penalties = (): PenaltyBreakdown => ({
    jurisdiction: 'FR',
    clientType: 'business',
    dueDate: '2026-01-01',
    asOf: '2026-01-01',
    currency: 'EUR',
    principal: '1200.00',
    principalMinor: 120_000,
    periods: [],
    interest: '0.00',
    interestMinor: 0,
    fixedFee: '40.00',
    fixedFeeMinor: 4000,
    total: '40.00',
    totalMinor: 4000,
    notes: [],
    provisional: false,
    missingFigures: [],
  });
  const acts = {
    computePenalties: record('computePenalties', penalties),
    sendClientEmail: record('sendClientEmail', sent),
    sendFormalNotice: record('sendFormalNotice', sent),
    handOffToLawyer: record('handOffToLawyer', sent),
    alertCreditor: record('alertCreditor', sent),
    recordTimeline: record('recordTimeline', () => undefined),
    recordPayment: record('recordPayment', () => undefined),
    syncCase: record('syncCase', () => undefined),
  } as unknown as DunningActivities;
  // A step's parts go through the recorded activities, in order.
  const step = record('performStep', () => undefined);
  acts.performStep = async (input) => {
    await step(input as Call['input']);
    for (const part of input.parts) {
      for (const [name, args] of Object.entries(part)) await acts[name as 'recordTimeline'](args as never);
    }
  };
  return acts;
}

function caseInput(): DunningCaseInput {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    ...sampleInvoice({
      externalId: `INV-${Math.random().toString(36).slice(2, 10)}`,
      number: 'F-2026-0042',
      issueDate: day(-40),
      dueDate: day(-10),
      jurisdiction: 'FR',
    }),
    tenant: 'default',
    // No send window or business days: the overdue first step runs as soon as the case starts.
    policy: {
      steps: [
        { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
        { id: 'reminder_2', after: 'P30D', action: 'reminder', tone: 'firm' },
      ],
    },
  } as DunningCaseInput;
}

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('the prebuilt workflow bundle (what the worker image ships)', () => {
  let dir: string;
  let bundlePath: string;
  let temporal: TemporalDevServer;
  let connection: NativeConnection;
  let metricsUrl: string;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relance-bundle-'));
    bundlePath = join(dir, 'workflow-bundle.js');
    // The same command the Dockerfile runs (`build:bundle`), from the compiled worker.
    execFileSync(process.execPath, [join(repoRoot, 'apps/worker/dist/bundle.js'), bundlePath], {
      stdio: 'pipe',
    });
    temporal = await startTemporalDevServer({
      dbFile: join(dir, 'temporal.sqlite'),
      port: await freePort(),
      uiPort: await freePort(),
      quiet: true,
    });
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n'))
          if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    installRuntime({ metrics: { bindAddress: `127.0.0.1:${metricsPort}` } }, createLogger('info', sink));
    connection = await NativeConnection.connect({ address: temporal.address });
  });

  afterAll(async () => {
    await connection?.close();
    await temporal?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is written as one file by the build:bundle script', () => {
    expect(statSync(bundlePath).size).toBeGreaterThan(10_000);
  });

  it('runs a dunning case until its first reminder and exports the SDK and business metrics', async () => {
    const calls: Call[] = [];
    const input = caseInput();
    const taskQueue = `bundle-test-${input.externalId}`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: { codePath: bundlePath },
      activities: recordingActivities(calls),
      interceptors: { activity: [emailMetrics(Runtime.instance().metricMeter)] },
    });
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    try {
      await worker.runUntil(async () => {
        const handle = await client.workflow.start('dunningCase', {
          workflowId: caseWorkflowId('default', input.externalId),
          taskQueue,
          args: [input],
        });
        const reminder = await until('the first reminder', () =>
          calls.find((c) => c.name === 'sendClientEmail'),
        );
        expect(reminder.input).toMatchObject({
          step: 'reminder_1',
          key: 'step:reminder_1',
          email: { template: 'friendly' },
        });
        await handle.terminate('test over');
      });
    } finally {
      await client.connection.close();
    }
    expect(calls.filter((c) => c.name === 'sendClientEmail')).toHaveLength(1);

    const metrics = await (await fetch(metricsUrl)).text();
    expect(metrics).toMatch(
      /^temporal_workflow_task_execution_latency\w*\{[^}]*workflow_type="dunningCase"/m,
    );
    expect(metrics).toMatch(
      new RegExp(
        `^temporal_activity_execution_latency\\w*\\{[^}]*activity_type="performStep"[^}]*task_queue="${taskQueue}"`,
        'm',
      ),
    );
    const sent = metrics
      .split('\n')
      .find((l) => /relance_worker_emails_sent_total\{/.test(l) && l.includes('stage="reminder_1"'));
    expect(sent).toMatch(/recipient="client"/);
    expect(sent).toMatch(/template="friendly"/);
    expect(sent).toMatch(/ 1$/);
    // SDK lines come out through pino as JSON, with the worker's task queue on them.
    expect(logLines.some((l) => l.sdkComponent === 'worker' && l.taskQueue === taskQueue)).toBe(true);
  });
});
