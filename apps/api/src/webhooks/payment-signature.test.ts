import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { checkPaymentSignature, SECRET_SLOTS, signPayment } from './payment-signature';

// Counts the HMACs a check computes (the real function runs).
vi.mock('node:crypto', async (original) => {
  const crypto = await original<typeof import('node:crypto')>();
  return { ...crypto, createHmac: vi.fn(crypto.createHmac) };
});

const secret = 'whsec_current';
const body = Buffer.from('{"id":"evt_1","type":"payment.succeeded"}');
const now = 1_790_000_000_000;
const t = now / 1000;
const header = (...v1: string[]) => [`t=${t}`, ...v1.map((s) => `v1=${s}`)].join(',');

describe('checkPaymentSignature', () => {
  it('accepts the HMAC of "<t>.<raw body>" with the tenant secret', () => {
    expect(checkPaymentSignature(header(signPayment(secret, body, t)), body, [secret], now)).toEqual({
      ok: true,
    });
  });

  it('accepts any of several v1 values and any of several secrets (rotation)', () => {
    const next = signPayment('whsec_next', body, t);
    expect(checkPaymentSignature(header('0'.repeat(64), next), body, [secret, 'whsec_next'], now).ok).toBe(
      true,
    );
  });

  it('refuses a signature over another body or with another secret', () => {
    expect(
      checkPaymentSignature(header(signPayment(secret, Buffer.from('{}'), t)), body, [secret], now).ok,
    ).toBe(false);
    expect(checkPaymentSignature(header(signPayment('whsec_other', body, t)), body, [secret], now).ok).toBe(
      false,
    );
  });

  it('accepts a timestamp 300 s off and refuses 301 s, either way', () => {
    for (const [offset, ok] of [
      [300, true],
      [-300, true],
      [301, false],
      [-301, false],
    ] as const) {
      const ts = t + offset;
      const h = `t=${ts},v1=${signPayment(secret, body, ts)}`;
      expect(checkPaymentSignature(h, body, [secret], now).ok, String(offset)).toBe(ok);
    }
  });

  it('refuses a missing or malformed header and a tenant without secrets', () => {
    expect(checkPaymentSignature(undefined, body, [secret], now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('missing'),
    });
    expect(checkPaymentSignature(`v1=${signPayment(secret, body, t)}`, body, [secret], now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('malformed'),
    });
    expect(checkPaymentSignature(`t=${t},v1=zz`, body, [secret], now).ok).toBe(false);
    expect(checkPaymentSignature(header(signPayment(secret, body, t)), body, [], now).ok).toBe(false);
  });
});

describe('checkPaymentSignature: timing does not tell whether a tenant exists', () => {
  const hmacs = vi.mocked(createHmac);
  const count = (secrets: string[], signature: string) => {
    hmacs.mockClear();
    checkPaymentSignature(header(signature), body, secrets, now);
    return hmacs.mock.calls.length;
  };

  it('computes the same number of HMACs for an unknown tenant (no secrets), one secret and a rotation', () => {
    const forged = '0'.repeat(64);
    const unknown = count([], forged);
    expect(unknown).toBe(SECRET_SLOTS);
    expect(count([secret], forged)).toBe(unknown);
    expect(count([secret, 'whsec_next'], forged)).toBe(unknown);
    // A match in the first slot does not stop the work early either.
    expect(count([secret, 'whsec_next'], signPayment(secret, body, t))).toBe(unknown);
  });

  it('never accepts a signature made with no secret of the tenant (the decoys cannot match)', () => {
    expect(checkPaymentSignature(header('0'.repeat(64)), body, [], now).ok).toBe(false);
  });
});
