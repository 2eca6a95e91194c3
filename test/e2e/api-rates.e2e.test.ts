import { startStack, type Managed, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiCli, eventually, invoiceBody, restartApi, UNCONSTRAINED_POLICY } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

// docs/penalties.md: rates are operator data added at run time, and a figure not loaded
// yet makes a period provisional instead of blocking the case.

const ADMIN_TOKEN = `adm_e2e_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

describe('API: operator rate figures and provisional penalties', () => {
  let stack: Stack;
  let call: ReturnType<typeof api>;
  let admin: ReturnType<typeof api>;
  let restarted: Managed | undefined;

  beforeAll(async () => {
    stack = await startStack({ env: { RELANCE_ADMIN_TOKEN: ADMIN_TOKEN } });
    call = api(stack.apiUrl, stack.apiKey);
    admin = api(stack.apiUrl, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await restarted?.stop();
    await stack?.stop();
  });

  it('computes H2 2026 provisionally, then final at the rate an operator adds through POST /v1/admin/rates', async () => {
    const body = invoiceBody({
      policy: UNCONSTRAINED_POLICY,
      jurisdiction: 'FR',
      issueDate: '2026-05-15',
      dueDate: '2026-06-15',
      total: '1000.00',
      net: undefined,
      tax: undefined,
      amountDue: '1000.00',
    });
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    const path = `/v1/invoices/${body.externalId}/penalties?asOf=2026-07-10`;

    // 15 days of H1 2026 at 12.15 % (4.99), 10 days of H2 2026 at the last known 12.15 % (3.33), provisional.
    const before = await call('GET', path);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      interest: '8.32',
      total: '48.32',
      provisional: true,
      periods: [
        {
          from: '2026-06-16',
          ratePercent: '12.15',
          interest: '4.99',
          provisional: false,
          missingFigure: null,
        },
        {
          from: '2026-07-01',
          ratePercent: '12.15',
          interest: '3.33',
          provisional: true,
          missingFigure: 'ecb:2026-07-01',
        },
      ],
      missingFigures: [
        {
          id: 'ecb:2026-07-01',
          table: 'ecb',
          referenceDate: '2026-07-01',
          lastKnown: { effectiveFrom: '2025-06-11', percent: '2.15' },
        },
      ],
    });
    expect(before.body.notes.join(' ')).toMatch(/Provisional: the ECB main refinancing rate on 2026-07-01/);
    // The case view computes today's penalties the same way: never an error, provisional.
    const view = await call('GET', `/v1/invoices/${body.externalId}`);
    expect(view.body.penalties).toMatchObject({
      provisional: true,
      missingFigures: expect.arrayContaining(['ecb:2026-07-01']),
    });
    expect(view.body.penalties.error).toBeUndefined();

    // A tenant's API key does not open the admin routes; bad figures are refused field by field.
    expect((await call('GET', '/v1/admin/rates')).status).toBe(401);
    const bad = await admin('POST', '/v1/admin/rates', {
      table: 'fed',
      effectiveFrom: '2026-7-1',
      percent: '2.155',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['table', 'effectiveFrom', 'percent']);

    const figure = { table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.40', source: 'e2e' };
    const added = await admin('POST', '/v1/admin/rates', figure);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ outcome: 'created', figure: { ...figure, createdBy: 'admin-api' } });
    expect((await admin('POST', '/v1/admin/rates', figure)).body.outcome).toBe('unchanged');
    const conflict = await admin('POST', '/v1/admin/rates', { ...figure, percent: '2.15' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors[0].path).toBe('percent');

    // The writing process drops its cached tables: the next computation is final, at 12.40 %.
    const after = await call('GET', path);
    expect(after.body).toMatchObject({
      provisional: false,
      missingFigures: [],
      interest: '8.39',
      total: '48.39',
    });
    expect(after.body.periods[1]).toMatchObject({
      ratePercent: '12.40',
      interest: '3.40',
      provisional: false,
    });

    const listed = await admin('GET', '/v1/admin/rates');
    expect(listed.status).toBe(200);
    expect(listed.body.figures).toEqual([
      expect.objectContaining({ table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.40' }),
    ]);
    expect(listed.body.tables.find((t: any) => t.table === 'ecb')).toMatchObject({
      latest: { effectiveFrom: '2026-07-01', percent: '2.40' },
      confirmed: ['2026-07-01'],
    });
  });

  it('takes figures from the CLI with the same validation; the API picks them up within 30 s', async () => {
    const refused = await apiCli(stack, ['rates', 'add', 'fr-legal-other', '2026-07-02', '2.60']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/effectiveFrom: the taux légal is set per half-year/);
    expect((await apiCli(stack, ['rates', 'add', 'boe', '2026-12-31', '101'])).stderr).toMatch(
      /percent: must be between 0 and 100/,
    );

    // UK debt whose interest starts in January 2027: the base rate of 31 December 2026 governs.
    const body = invoiceBody({
      policy: UNCONSTRAINED_POLICY,
      jurisdiction: 'GB',
      currency: 'GBP',
      issueDate: '2026-11-30',
      dueDate: '2026-12-31',
    });
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    const path = `/v1/invoices/${body.externalId}/penalties?asOf=2027-01-15`;
    expect((await call('GET', path)).body).toMatchObject({
      provisional: true,
      missingFigures: [{ id: 'boe:2026-12-31', lastKnown: { percent: '3.75' } }],
    });

    const added = await apiCli(stack, [
      'rates',
      'add',
      'boe',
      '2026-12-31',
      '3.75',
      '--source',
      'MPC 2026-12-17',
    ]);
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toMatch(/^created: boe 2026-12-31 3\.75 %/);
    const list = await apiCli(stack, ['rates', 'list']);
    expect(list.stdout).toMatch(/boe\s+2026-12-31\s+3\.75\s+cli\s+MPC 2026-12-17/);
    expect(list.stdout).toMatch(/boe\s+latest 3\.75 % from 2026-12-31/);

    const final = await eventually(
      'the API to use the figure added by the CLI',
      async () => {
        const res = await call('GET', path);
        return res.body.provisional === false ? res.body : undefined;
      },
      45_000,
    );
    expect(final).toMatchObject({
      missingFigures: [],
      periods: [{ ratePercent: '11.75', provisional: false }],
    });
  });

  it('documents the admin routes and the provisional fields in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as any;
    expect(doc.paths['/v1/admin/rates'].post.operationId).toBe('addRateFigure');
    expect(doc.paths['/v1/admin/rates'].get.operationId).toBe('listRateFigures');
    expect(doc.components.schemas.RateFigureBodyDto.properties.table.enum).toEqual([
      'ecb',
      'boe',
      'fr-legal-other',
      'fr-legal-individuals',
    ]);
    const penalties = doc.components.schemas.PenaltiesResponseDto;
    expect(penalties.required).toEqual(expect.arrayContaining(['provisional', 'missingFigures']));
    expect(penalties.properties.periods.items.properties.provisional.type).toBe('boolean');
  });

  it('answers 503 "admin API disabled" when RELANCE_ADMIN_TOKEN is not set', async () => {
    restarted = await restartApi(stack, stack.api, { RELANCE_ADMIN_TOKEN: '' });
    const res = await admin('POST', '/v1/admin/rates', {
      table: 'ecb',
      effectiveFrom: '2027-01-01',
      percent: '2.40',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/^admin API disabled/);
  });
});
