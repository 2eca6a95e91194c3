import { Client } from '@temporalio/client';
import { startStack, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  eventually,
  invoiceBody,
  invoiceRows,
  sql,
  tableCounts,
  temporalClient,
  UNCONSTRAINED_POLICY,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

describe('API: registration, case reads, errors', () => {
  let stack: Stack;
  let call: Api;
  let temporal: Client;

  beforeAll(async () => {
    stack = await startStack();
    call = api(stack.apiUrl, stack.apiKey);
    temporal = await temporalClient(stack);
  });
  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, ...headers },
      body,
    });

  describe('POST /v1/invoices', () => {
    it('registers an invoice: 201 with the case view, one row, the registered entry and one running workflow', async () => {
      const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
      body.client = { ...body.client, id: 'C-17' }; // the sample client (bodies get a client each)
      const res = await call('POST', '/v1/invoices', body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        externalId: body.externalId,
        number: body.number,
        workflowId: `dunning:default:${body.externalId}`,
        currency: 'EUR',
        total: '1200.00',
        paid: '0.00',
        balance: '1200.00',
        dueDate: body.dueDate,
        daysOverdue: 10,
        client: { id: 'C-17', name: 'Jeanne Martin', company: 'ACME SARL' },
        // `<invoice uuid>:registered`: the workflow id embeds the free-form externalId.
        timeline: [{ type: 'registered', id: expect.stringMatching(/^[0-9a-f-]{36}:registered$/) }],
      });
      const rows = await invoiceRows(stack.databaseUrl, body.externalId);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.workflow_started_at).not.toBeNull();
      const described = await temporal.workflow.getHandle(`dunning:default:${body.externalId}`).describe();
      expect(described.type).toBe('dunningCase');
    });

    it('answers 200 with the same case for the same payload, 409 for a different one, and keeps one case', async () => {
      const body = invoiceBody({ policy: UNCONSTRAINED_POLICY });
      expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
      const again = await call('POST', '/v1/invoices', { ...body, client: { ...body.client } });
      expect(again.status).toBe(200);
      expect(again.body.externalId).toBe(body.externalId);
      const changed = await call('POST', '/v1/invoices', {
        ...body,
        total: '1300.00',
        net: '1100.00',
        amountDue: '1300.00',
      });
      expect(changed.status).toBe(409);
      expect(changed.headers.get('content-type')).toContain('application/problem+json');
      expect(changed.body).toMatchObject({ status: 409, title: 'Conflict' });
      const rows = await sql(stack.databaseUrl, `SELECT total_minor FROM invoices WHERE external_id = $1`, [
        body.externalId,
      ]);
      expect(rows).toEqual([{ total_minor: '120000' }]);
    });

    const client = invoiceBody().client as Record<string, unknown>;
    const badInputs: [string, Record<string, unknown>, string[]][] = [
      ['an unknown currency', { currency: 'EUX' }, ['currency']],
      ['an amount with too many decimals', { total: '1200.001' }, ['total']],
      ['a negative amount', { amountDue: '-5.00' }, ['amountDue']],
      ['amountDue above total', { amountDue: '1300.00' }, ['amountDue']],
      ['a due date before the issue date', { issueDate: '2026-05-10', dueDate: '2026-05-01' }, ['dueDate']],
      ['a date that does not exist', { dueDate: '2026-02-30' }, ['dueDate']],
      ['an invalid email', { client: { ...client, email: 'not-an-email' } }, ['client.email']],
      ['an invalid time zone', { client: { ...client, timezone: 'Europe/Atlantis' } }, ['client.timezone']],
      ['an unknown top-level field', { discount: '10.00' }, ['discount']],
      ['an unknown nested field', { client: { ...client, nickname: 'JM' } }, ['client.nickname']],
      ['a missing required field', { number: undefined }, ['number']],
      ['an unknown named policy', { policy: 'lenient' }, ['policy']],
      [
        'several problems at once',
        { currency: 'EUX', dueDate: 'tomorrow', client: { ...client, email: 'x', locale: 'de' } },
        ['currency', 'dueDate', 'client.email', 'client.locale'],
      ],
    ];
    it.each(badInputs)(
      'refuses %s with 422 naming each field, and writes nothing',
      async (_what, override, paths) => {
        const before = await tableCounts(stack.databaseUrl);
        const res = await call('POST', '/v1/invoices', invoiceBody(override));
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body).toMatchObject({
          type: 'about:blank',
          status: 422,
          title: 'Invalid request',
          instance: '/v1/invoices',
        });
        const reported = (res.body.errors as { path: string; message: string }[]).map((e) => e.path);
        expect(reported).toEqual(expect.arrayContaining(paths));
        for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
        expect(await tableCounts(stack.databaseUrl)).toEqual(before);
      },
    );

    it('refuses an invalid inline policy with the path of the offending step', async () => {
      const policy = {
        steps: [
          { id: 'a', after: 'P10D', action: 'reminder', tone: 'friendly' },
          { id: 'b', after: 'P5D', action: 'reminder', tone: 'firm' },
        ],
      };
      const res = await call('POST', '/v1/invoices', invoiceBody({ policy }));
      expect(res.status).toBe(422);
      expect(res.body.errors.some((e: { path: string }) => e.path.startsWith('policy'))).toBe(true);
    });

    it('answers malformed JSON with 400, a non-JSON body with 415 and a body over 1 MiB with 413, writing nothing', async () => {
      const before = await tableCounts(stack.databaseUrl);
      const malformed = await post('/v1/invoices', '{"externalId": ', { 'content-type': 'application/json' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      const text = await post('/v1/invoices', 'externalId=INV-1', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(text.status).toBe(415);
      expect(await text.json()).toMatchObject({ status: 415, title: 'Unsupported media type' });
      const huge = JSON.stringify(invoiceBody({ pdfBase64: 'A'.repeat(1_100_000) }));
      const tooLarge = await post('/v1/invoices', huge, { 'content-type': 'application/json' });
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toMatchObject({ status: 413, title: 'Payload too large' });
      expect(await tableCounts(stack.databaseUrl)).toEqual(before);
    });
  });

  describe('authentication and routing', () => {
    it('answers 401 problem+json without a key, with an unknown key, and with a malformed header', async () => {
      for (const authorization of [undefined, 'Bearer rk_nosuchke_0000000000000000000000', 'Basic abc']) {
        const res = await fetch(`${stack.apiUrl}/v1/invoices`, {
          headers: authorization ? { authorization } : {},
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(await res.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
      }
    });

    it('answers 404 problem+json for an unknown route and 405 with Allow for a known path', async () => {
      const missing = await call('GET', '/v1/nothing-here');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      const wrongMethod = await call('DELETE', '/v1/invoices');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(wrongMethod.body).toMatchObject({ status: 405, title: 'Method not allowed' });
      const onCase = await call('PUT', '/v1/invoices/INV-1/payments', {});
      expect(onCase.status).toBe(405);
      expect(onCase.headers.get('allow')).toBe('POST');
    });
  });

  describe('GET /v1/invoices/{externalId} and /timeline', () => {
    it('shows the case view with penalties and the timeline as the workflow advances', async () => {
      const body = invoiceBody({
        policy: UNCONSTRAINED_POLICY,
        jurisdiction: 'GB',
        currency: 'GBP',
        dueDate: '2026-06-10',
        issueDate: '2026-05-10',
      });
      expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
      const view = await eventually('the first reminder', async () => {
        const res = await call('GET', `/v1/invoices/${body.externalId}`);
        return res.body.stage === 'reminder_1' && res.body.nextAction?.step === 'reminder_2'
          ? res.body
          : undefined;
      });
      expect(view).toMatchObject({
        status: 'overdue',
        stage: 'reminder_1',
        nextAction: { step: 'reminder_2', action: 'reminder' },
      });
      // UK rules: base rate of 31 December 2025 + 8 %, and £70 on a debt between £1,000 and £10,000.
      expect(view.penalties).toMatchObject({
        fixedFee: '70.00',
        asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect(Number(view.penalties.interest)).toBeGreaterThan(0);
      const timeline = await call('GET', `/v1/invoices/${body.externalId}/timeline`);
      expect(timeline.status).toBe(200);
      expect(timeline.body.externalId).toBe(body.externalId);
      expect(timeline.body.timeline.map((t: { type: string }) => t.type)).toEqual(
        expect.arrayContaining(['registered', 'reminder_sent']),
      );
      expect(timeline.body.timeline[0]).toMatchObject({
        type: 'registered',
        step: null,
        at: expect.any(String),
      });
    });

    it('answers 404 for an unknown invoice, on the view and on the timeline', async () => {
      expect((await call('GET', '/v1/invoices/INV-NOPE')).status).toBe(404);
      expect((await call('GET', '/v1/invoices/INV-NOPE/timeline')).status).toBe(404);
    });
  });

  describe('GET /v1/invoices', () => {
    it('lists newest first with cursor paging, each case once, and filters by client, status and stage', async () => {
      const clientId = `C-LIST-${Date.now()}`;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const body = invoiceBody({
          policy: UNCONSTRAINED_POLICY,
          client: { ...(invoiceBody().client as object), id: clientId },
        });
        expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
        ids.push(body.externalId as string);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      const pageSizes: number[] = [];
      do {
        const res: { status: number; body: any } = await call(
          'GET',
          `/v1/invoices?clientId=${clientId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        pageSizes.push(res.body.items.length);
        seen.push(...res.body.items.map((i: { externalId: string }) => i.externalId));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(pageSizes).toEqual([2, 2, 1]);
      expect(seen).toEqual([...ids].reverse());

      await eventually('every case at reminder_1', async () => {
        const res = await call(
          'GET',
          `/v1/invoices?clientId=${clientId}&stage=reminder_1&status=overdue&limit=100`,
        );
        return res.body.items.length === 5 ? true : undefined;
      });
      const paid = await call('GET', `/v1/invoices?clientId=${clientId}&status=paid`);
      expect(paid.body).toEqual({ items: [], nextCursor: null });
      const item = (await call('GET', `/v1/invoices?clientId=${clientId}&limit=1`)).body.items[0];
      expect(item).toMatchObject({
        externalId: ids[4],
        status: 'overdue',
        balance: '1200.00',
        createdAt: expect.any(String),
      });
      expect(item.timeline).toBeUndefined();
    });

    it('keeps a large inline PDF out of the row and the list; the same body again is 200, another PDF 409 (issue 18)', async () => {
      const clientId = `C-PDF-${Date.now()}`;
      // ~750 KB of base64, as a real invoice PDF may weigh.
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(560_000, 7)]);
      const body = invoiceBody({
        policy: UNCONSTRAINED_POLICY,
        client: { ...(invoiceBody().client as object), id: clientId },
        pdfBase64: pdf.toString('base64'),
      });
      expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
      const [stored] = await sql<{
        has_pdf: boolean;
        payload_bytes: number;
        content: Buffer;
        source_url: string | null;
      }>(
        stack.databaseUrl,
        `SELECT i.payload ? 'pdfBase64' AS has_pdf, length(i.payload::text) AS payload_bytes, d.content, d.source_url
           FROM invoices i JOIN invoice_documents d ON d.invoice_id = i.id WHERE i.external_id = $1`,
        [body.externalId],
      );
      expect(stored).toMatchObject({ has_pdf: false, source_url: null });
      expect(stored!.payload_bytes).toBeLessThan(5_000);
      expect(stored!.content.equals(pdf)).toBe(true);

      const list = await fetch(`${stack.apiUrl}/v1/invoices?clientId=${clientId}`, {
        headers: { authorization: `Bearer ${stack.apiKey}` },
      });
      const text = await list.text();
      expect(list.status).toBe(200);
      expect(text.length).toBeLessThan(5_000);
      expect(JSON.parse(text).items).toMatchObject([
        {
          externalId: body.externalId,
          client: { id: clientId, name: 'Jeanne Martin', company: 'ACME SARL' },
        },
      ]);

      expect((await call('POST', '/v1/invoices', body)).status).toBe(200);
      const other = { ...body, pdfBase64: Buffer.from('%PDF-1.4 another').toString('base64') };
      expect((await call('POST', '/v1/invoices', other)).status).toBe(409);
    });

    it('refuses a bad limit, status, cursor or an unknown filter with 422 naming the parameter', async () => {
      const cases: [string, string][] = [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['status=late', 'status'],
        ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
        ['sort=asc', 'sort'],
      ];
      for (const [query, path] of cases) {
        const res = await call('GET', `/v1/invoices?${query}`);
        expect(res.status, query).toBe(422);
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      }
    });
  });

  describe('GET /v1/invoices/{externalId}/penalties', () => {
    it('gives the L441-10 breakdown as of a date, provisional beyond the loaded rates, 422 for a bad date', async () => {
      const body = invoiceBody({
        policy: UNCONSTRAINED_POLICY,
        issueDate: '2025-09-15',
        dueDate: '2025-10-15',
        jurisdiction: 'FR',
      });
      expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
      const res = await call('GET', `/v1/invoices/${body.externalId}/penalties?asOf=2025-11-22`);
      expect(res.status).toBe(200);
      // 1200.00 × 12.15 % (ECB 2.15 % on 1 July 2025 + 10 points) × 38 days / 365 = 15.18, plus 40 €.
      expect(res.body).toMatchObject({
        jurisdiction: 'FR',
        clientType: 'business',
        asOf: '2025-11-22',
        principal: '1200.00',
        periods: [
          {
            from: '2025-10-16',
            to: '2025-11-22',
            days: 38,
            ratePercent: '12.15',
            basis: 'ecb_plus_10',
            interest: '15.18',
          },
        ],
        interest: '15.18',
        fixedFee: '40.00',
        total: '55.18',
      });
      // H2 2026's ECB reference (1 July) is not in the shipped tables: the last known rate, provisionally.
      const beyond = await call('GET', `/v1/invoices/${body.externalId}/penalties?asOf=2026-11-22`);
      expect(beyond.status).toBe(200);
      expect(beyond.body.provisional).toBe(true);
      expect(beyond.body.periods.at(-1)).toMatchObject({
        from: '2026-07-01',
        ratePercent: '12.15',
        provisional: true,
      });
      expect(beyond.body.missingFigures.map((f: { id: string }) => f.id)).toEqual(['ecb:2026-07-01']);
      const bad = await call('GET', `/v1/invoices/${body.externalId}/penalties?asOf=22/11/2025`);
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].path).toBe('asOf');
      expect((await call('GET', '/v1/invoices/INV-NOPE/penalties')).status).toBe(404);
    });
  });
});
