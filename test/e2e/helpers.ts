import { addDays } from '@relance/domain';

/** A calendar date `days` from today (UTC), as the API expects. */
export function dateFromToday(days: number): string {
  return addDays(new Date().toISOString().slice(0, 10), days);
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export function invoiceBody(overrides: Record<string, unknown> = {}) {
  return {
    externalId: `INV-${Math.random().toString(36).slice(2, 10)}`,
    number: `F-2026-${Math.floor(Math.random() * 9000 + 1000)}`,
    issueDate: dateFromToday(-40),
    dueDate: dateFromToday(-10),
    currency: 'EUR',
    total: '1200.00',
    net: '1000.00',
    tax: '200.00',
    amountDue: '1200.00',
    client: {
      id: 'C-17',
      name: 'Jeanne Martin',
      company: 'ACME SARL',
      email: 'compta@acme.example',
      locale: 'fr',
      timezone: 'Europe/Paris',
      type: 'business',
      country: 'FR',
    },
    ...overrides,
  };
}

/** The default cadence without send window or business days, so steps fire at exact instants. */
export const UNCONSTRAINED_POLICY = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
    { id: 'reminder_2', after: 'P30D', action: 'reminder', tone: 'firm' },
  ],
};

export function api(baseUrl: string, apiKey: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per route
  };
}
