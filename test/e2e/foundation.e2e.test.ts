import { Client, Connection } from '@temporalio/client';
import { FakeResend, type Stack } from '@relance/devstack';
import { SA } from '@relance/workflows';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  invoiceBody,
  startStackWithResend,
  stopAll,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

describe('foundation: a registered overdue invoice gets its first reminder', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithResend());
  });
  afterAll(() => stopAll(stack, resend));

  it('answers ready once Postgres and Temporal are up', async () => {
    const res = await fetch(`${stack.apiUrl}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { postgres: 'up', temporal: 'up' } });
  });

  it('sends exactly one reminder through Resend and records it on the timeline', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% invoice F-2026\n%%EOF\n');
    const body = invoiceBody({ policy: UNCONSTRAINED_POLICY, pdfBase64: pdf.toString('base64') });
    const created = await call('POST', '/v1/invoices', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      externalId: body.externalId,
      workflowId: `dunning:default:${body.externalId}`,
      balance: '1200.00',
      daysOverdue: 10,
    });

    const email = await eventually('one email', () => resend.emails[0]);
    expect(email.body.subject).toContain(body.number);
    expect(email.body.to).toEqual(['compta@acme.example']);
    // A hash of the email's row id and of its content (packages/persistence/src/keys.ts).
    expect(email.idempotencyKey).toMatch(/^[0-9a-f]{64}$/);
    expect(email.authorization).toBe('Bearer re_test_key');
    expect(email.body.headers?.['X-Relance-Case']).toBe(`dunning:default:${body.externalId}`);
    expect(email.body.tags).toEqual(
      expect.arrayContaining([
        { name: 'tenant', value: 'default' },
        { name: 'step', value: 'reminder_1' },
      ]),
    );
    expect(email.body.text).toContain('1 200,00 €');
    // The invoice PDF given at registration travels with the reminder.
    expect(email.body.attachments).toEqual([
      { filename: `${body.number}.pdf`, content: pdf.toString('base64') },
    ]);

    // The timeline entry is written with the email; the case projection follows a moment later.
    const view = await eventually('the reminder on the timeline and the stage', async () => {
      const res = await call('GET', `/v1/invoices/${body.externalId}`);
      const sent = res.body.timeline?.some((t: { type: string }) => t.type === 'reminder_sent');
      return sent && res.body.stage === 'reminder_1' && res.body.nextAction?.step === 'reminder_2'
        ? res.body
        : undefined;
    });
    expect(view).toMatchObject({ status: 'overdue', stage: 'reminder_1' });
    const sent = view.timeline.filter((t: { type: string }) => t.type === 'reminder_sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ step: 'reminder_1', data: { emailId: email.id } });
    expect(view.nextAction).toMatchObject({ step: 'reminder_2', action: 'reminder' });

    // Nothing else is due for weeks: still exactly one email after the workflow settles.
    await new Promise((r) => setTimeout(r, 1500));
    expect(resend.emails).toHaveLength(1);
  });

  it('fetches the pdfUrl once and attaches the same bytes to every email, even after the URL changes', async () => {
    // A file server on 127.0.0.1, reachable because the stack allow-lists it
    // (RELANCE_PDF_FETCH_ALLOW_HOSTS); a production worker would refuse http and loopback.
    const first = Buffer.from('%PDF-1.4\n% invoice, first version\n%%EOF\n');
    let served = first;
    let requests = 0;
    const files = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(served);
    });
    files.listen(0, '127.0.0.1');
    await once(files, 'listening');
    try {
      const body = invoiceBody({
        policy: {
          steps: [
            { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
            { id: 'reminder_2', after: 'P1DT2S', action: 'reminder', tone: 'firm' },
          ],
        },
        pdfUrl: `http://127.0.0.1:${(files.address() as AddressInfo).port}/invoices/F.pdf`,
      });
      expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
      const mine = () =>
        resend.emails.filter(
          (e) => e.body.headers?.['X-Relance-Case'] === `dunning:default:${body.externalId}`,
        );
      await eventually('the first reminder', () => mine()[0]);
      served = Buffer.from('%PDF-1.4\n% replaced at the same URL\n%%EOF\n');
      const emails = await eventually('the second reminder', () => (mine().length >= 2 ? mine() : undefined));
      for (const email of emails) {
        expect(email.body.attachments).toEqual([
          { filename: `${body.number}.pdf`, content: first.toString('base64') },
        ]);
      }
      expect(requests).toBe(1);
    } finally {
      files.closeAllConnections();
      files.close();
    }
  });

  it('shows the case in Temporal with its search attributes', async () => {
    const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
    body.client = { ...body.client, id: 'C-17' }; // the sample client (bodies get a client each)
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    const connection = await Connection.connect({ address: stack.temporal.address });
    try {
      const client = new Client({ connection });
      const found = await eventually('the case by its search attributes', async () => {
        for await (const wf of client.workflow.list({
          query: `RelanceTenant = "default" AND RelanceStatus = "overdue" AND RelanceStage = "reminder_1" AND WorkflowId = "dunning:default:${body.externalId}"`,
        })) {
          return wf;
        }
        return undefined;
      });
      expect(found.type).toBe('dunningCase');
      expect(found.typedSearchAttributes.get(SA.client)).toBe('C-17');
      expect(found.typedSearchAttributes.get(SA.balance)).toBe(1200);
    } finally {
      await connection.close();
    }
  });
});
