import { createHmac, timingSafeEqual } from 'node:crypto';

/** SPEC §4.1: `Relance-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const SIGNATURE_HEADER = 'relance-signature';
export const TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function signPayment(secret: string, rawBody: string | Buffer, t: number): string {
  return createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
}

/** Accepts when any `v1` matches any of the tenant's secrets (rotation), within the time tolerance. */
export function checkPaymentSignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: string[],
  nowMs: number,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing Relance-Signature header' };
  let t: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (key === 't' && value && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value))
      signatures.push(Buffer.from(value, 'hex'));
  }
  if (t === undefined || signatures.length === 0)
    return { ok: false, reason: 'malformed Relance-Signature header: expected t=<seconds>,v1=<hex>' };
  if (Math.abs(nowMs / 1000 - t) > TOLERANCE_SECONDS)
    return { ok: false, reason: `timestamp outside the ${TOLERANCE_SECONDS} s tolerance` };
  for (const secret of secrets) {
    const expected = Buffer.from(signPayment(secret, rawBody, t), 'hex');
    // Compare against every candidate without stopping early on the first mismatch.
    let match = false;
    for (const candidate of signatures) match = timingSafeEqual(expected, candidate) || match;
    if (match) return { ok: true };
  }
  return { ok: false, reason: 'no signature matches' };
}
