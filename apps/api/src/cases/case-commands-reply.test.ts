import { defaultTenantSettings, openingRecord, type InvoiceInput } from '@relance/domain';
import { InvoiceEntity, Invoices, TenantEntity, Timeline, type Payments } from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../common/problem';
import { AccountSignals } from './account-signals';
import { CaseCommandsService } from './case-commands.service';
import { CaseGateway } from './case-gateway';
import type { CasesService } from './cases.service';
import type { ClosedCasePayments } from './closed-case-payments';

// POST /v1/invoices/{id}/replies (a reply the billing system records) on a case whose latest
// client message listed several invoices (issue 20): every case it listed gets the reply. Cases
// and timelines in a real Postgres; Temporal recorded.

let testDb: TestDatabase;
let tenant: TenantEntity;
let invoices: Invoices;
let timeline: Timeline;

beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'case-commands-reply', poolSize: 2 });
  invoices = new Invoices(testDb.db);
  timeline = new Timeline(testDb.db);
  tenant = await testDb.db
    .getRepository(TenantEntity)
    .save({ slug: 'reply-unit', settings: defaultTenantSettings('reply-unit') });
});
afterAll(() => testDb?.stop());

function setup() {
  const updates: { workflowId: string; name: string; args: unknown[]; updateId?: string }[] = [];
  const signals: { workflowId: string; name: string; arg: unknown }[] = [];
  const down = new Set<string>();
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: async (def: { name: string }, o: { args: unknown[]; updateId?: string }) => {
          updates.push({ workflowId, name: def.name, args: o.args, updateId: o.updateId });
          return {};
        },
        signal: async (def: { name: string }, arg: unknown) => {
          if (down.has(workflowId)) throw new Error('14 UNAVAILABLE: connection refused');
          signals.push({ workflowId, name: def.name, arg });
        },
      }),
    },
    connection: { withDeadline: (_ms: number, fn: () => Promise<unknown>) => fn() },
  } as unknown as Client;
  const gateway = new CaseGateway(client);
  const cases = {
    find: async (t: TenantEntity, externalId: string) => {
      const found = await invoices.byExternalId(t.id, externalId);
      if (!found) throw new Problem(404, 'Not found', `no invoice ${externalId}`);
      return found;
    },
    view: async (_t: TenantEntity, externalId: string) => ({ externalId }),
  } as unknown as CasesService;
  const commands = new CaseCommandsService(
    {} as Payments,
    gateway,
    cases,
    {} as ClosedCasePayments,
    new AccountSignals(gateway, invoices, timeline),
  );
  return { commands, updates, signals, down };
}

let serial = 0;
async function newCase(client: string, status = 'overdue'): Promise<InvoiceEntity> {
  const externalId = `INV-${++serial}`;
  const invoice = await testDb.db.transaction((m) =>
    invoices.insert(m, {
      tenantId: tenant.id,
      externalId,
      number: `F-${serial}`,
      workflowId: `dunning:reply-unit:${externalId}`,
      clientId: client,
      currency: 'EUR',
      totalMinor: 10_000,
      paidMinor: 0,
      balanceMinor: 10_000,
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      payload: {
        externalId,
        currency: 'EUR',
        total: '100.00',
        amountDue: '100.00',
        client: { id: client, name: 'Acme', email: 'compta@acme.example' },
      } as InvoiceInput,
      payloadHash: 'h',
    }),
  );
  const caseRecord = { ...openingRecord(invoice.payload), status: status as InvoiceEntity['status'] };
  await testDb.db
    .getRepository(InvoiceEntity)
    .update({ id: invoice.id }, { status: caseRecord.status, caseRecord, workflowStartedAt: new Date() });
  return (await invoices.byId(invoice.id))!;
}

/** One email filed under `lead`, each other case naming it on its timeline as the worker records it. */
async function message(lead: InvoiceEntity, others: InvoiceEntity[], emailId: string, at: string) {
  const numbers = [lead, ...others].map((i) => i.number);
  await timeline.append(lead, {
    key: emailId,
    type: 'reminder_sent',
    at: new Date(at),
    data: { emailId, invoices: numbers },
  });
  for (const o of others)
    await timeline.append(o, {
      key: emailId,
      type: 'reminder_sent',
      at: new Date(at),
      data: { emailId, invoices: numbers, groupedWith: lead.workflowId },
    });
}

const reply = {
  id: 'r-1',
  from: 'compta@acme.example',
  receivedAt: '2026-11-20T09:00:00Z',
  text: 'Je paie demain',
};

describe('CaseCommandsService.reply and a grouped message', () => {
  it('records the reply on the case, then hands it to every open case the message listed, with its id', async () => {
    const { commands, updates, signals } = setup();
    const lead = await newCase('G');
    const member = await newCase('G');
    const other = await newCase('G');
    const paid = await newCase('G', 'paid');
    await newCase('G'); // not listed
    await message(lead, [member, other, paid], 'em-g', '2026-11-10T09:00:00Z');

    expect(await commands.reply(tenant, member.externalId, reply)).toEqual({ externalId: member.externalId });
    expect(updates).toEqual([
      { workflowId: member.workflowId, name: 'clientReply', args: [reply], updateId: 'reply:r-1' },
    ]);
    // The billing system names the invoice, not the message: a member's reply answers it too.
    expect(signals.map((s) => s.workflowId).sort()).toEqual([lead.workflowId, other.workflowId].sort());
    expect(signals.every((s) => s.name === 'clientReplied')).toBe(true);
    // SPEC 3.2b: the case the request named reminds the creditor of the reply; the others do not.
    const theirs = { ...reply, remindsCreditor: false };
    expect(signals.map((s) => s.arg)).toEqual([theirs, theirs]);
  });

  it('touches no other case when the latest client message was about the case alone', async () => {
    const { commands, updates, signals } = setup();
    const lead = await newCase('H');
    const member = await newCase('H');
    await message(lead, [member], 'em-h1', '2026-11-01T09:00:00Z');
    await message(lead, [], 'em-h2', '2026-11-08T09:00:00Z');
    await commands.reply(tenant, lead.externalId, reply);
    expect(updates.map((u) => u.workflowId)).toEqual([lead.workflowId]);
    expect(signals).toEqual([]);
  });

  it('answers 503 when a listed case cannot be reached; the same request repeated reaches it', async () => {
    const { commands, updates, signals, down } = setup();
    const lead = await newCase('K');
    const member = await newCase('K');
    await message(lead, [member], 'em-k', '2026-11-10T09:00:00Z');
    down.add(member.workflowId);
    const err = (await commands.reply(tenant, lead.externalId, reply).catch((e: unknown) => e)) as Problem;
    expect(err).toBeInstanceOf(Problem);
    expect(err.getStatus()).toBe(503);
    expect(err.detail).toMatch(/not yet on every case its grouped message listed; repeat the same request/);
    down.clear();
    await commands.reply(tenant, lead.externalId, reply);
    // The repeated update joins the first (same update id); the listed case counts the reply once by its id.
    expect(updates.map((u) => u.updateId)).toEqual(['reply:r-1', 'reply:r-1']);
    expect(signals.map((s) => s.workflowId)).toEqual([member.workflowId]);
  });

  it('refuses a reply to a closed case as before (409), telling no other case', async () => {
    const { commands, updates, signals } = setup();
    const lead = await newCase('L', 'paid');
    const member = await newCase('L');
    await message(lead, [member], 'em-l', '2026-11-10T09:00:00Z');
    const err = (await commands.reply(tenant, lead.externalId, reply).catch((e: unknown) => e)) as Problem;
    expect(err.getStatus()).toBe(409);
    expect(updates).toEqual([]);
    expect(signals).toEqual([]);
  });

  it('tells the case an automatic reply from its headers or subject, or the caller’s automatic: true', async () => {
    const { commands, updates } = setup();
    const lone = await newCase('A');
    await commands.reply(tenant, lone.externalId, {
      ...reply,
      id: 'r-auto',
      headers: { 'Auto-Submitted': 'auto-replied' },
      subject: 'Réponse automatique : facture',
    });
    await commands.reply(tenant, lone.externalId, { ...reply, id: 'r-flag', automatic: true });
    await commands.reply(tenant, lone.externalId, {
      ...reply,
      id: 'r-person',
      subject: 'Out of office',
      automatic: false,
    });
    expect(updates.map((u) => u.args[0])).toEqual([
      {
        ...reply,
        id: 'r-auto',
        automatic: 'Auto-Submitted: auto-replied',
        subject: 'Réponse automatique : facture',
      },
      { ...reply, id: 'r-flag', automatic: 'automatic: true (said by the API caller)' },
      { ...reply, id: 'r-person' },
    ]);
  });
});
