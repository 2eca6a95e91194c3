import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** apps/api/README.md "Payment webhook": `Relance-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const SIGNATURE_HEADER = 'relance-signature';
export const TOLERANCE_SECONDS = 300;

/**
 * Every check computes at least this many HMACs (decoys fill the slots a tenant does not use), so
 * an unknown tenant, a tenant with one secret and one mid-rotation take the same time to refuse.
 */
export const SECRET_SLOTS = 4;
const DECOY = `whsec_${randomBytes(24).toString('base64url')}`;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function signPayment(secret: string, rawBody: string | Buffer, t: number): string {
  return createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
}

/**
 * Accepts when any `v1` matches any of the tenant's secrets (rotation), within the time tolerance.
 * An unknown tenant passes no secrets: the same work is done, and fails.
 */
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
  const slots = [...secrets, ...Array<string>(Math.max(0, SECRET_SLOTS - secrets.length)).fill(DECOY)];
  // Every slot and every candidate, without stopping at the first match: the time says nothing.
  let match = false;
  for (const [i, secret] of slots.entries()) {
    const expected = Buffer.from(signPayment(secret, rawBody, t), 'hex');
    for (const candidate of signatures)
      match = (timingSafeEqual(expected, candidate) && i < secrets.length) || match;
  }
  return match ? { ok: true } : { ok: false, reason: 'no signature matches' };
}
