import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actionLinkUrl, parseLinkKey, signActionLink, verifyActionLink, type LinkClaims } from './token';

const key = randomBytes(32);
const now = new Date('2026-12-08T09:00:00Z');
const claims: LinkClaims = {
  tenantId: '5b0e2f0a-1c55-4c1e-9a8e-2f1f6f0e9a01',
  scope: { kind: 'invoice', id: 'INV-2026-001' },
  action: 'resume',
  expiresAt: new Date('2027-01-07T09:00:00Z'),
  linkId: 'link-1',
};

/** The token with its claims part replaced by `change(claims JSON)`, signature kept. */
function tampered(token: string, change: (json: Record<string, unknown>) => void): string {
  const [v, body, sig] = token.split('.');
  const json = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
  change(json);
  return `${v}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${sig}`;
}

describe('action link tokens', () => {
  it('verifies a token it signed and answers its claims', () => {
    const token = signActionLink(key, claims);
    expect(verifyActionLink(key, token, now)).toEqual({ ok: true, claims: { ...claims } });
    const account = {
      ...claims,
      scope: { kind: 'client' as const, id: 'C-42' },
      action: 'client_email' as const,
    };
    expect(verifyActionLink(key, signActionLink(key, account), now)).toEqual({ ok: true, claims: account });
  });

  it('answers expired, with the claims, once the expiry has passed (and not a second before)', () => {
    const token = signActionLink(key, claims);
    expect(verifyActionLink(key, token, new Date(claims.expiresAt.getTime() - 1000)).ok).toBe(true);
    expect(verifyActionLink(key, token, claims.expiresAt)).toEqual({ ok: false, reason: 'expired', claims });
  });

  it('refuses as forged a token whose claims were changed, or signed with another key or for another tenant', () => {
    const token = signActionLink(key, claims);
    for (const change of [
      (j: Record<string, unknown>) => (j.a = 'cancel'),
      (j: Record<string, unknown>) => (j.c = 'INV-2026-002'),
      (j: Record<string, unknown>) => (j.e = (j.e as number) + 86_400),
      (j: Record<string, unknown>) => (j.t = '00000000-0000-0000-0000-000000000000'),
      (j: Record<string, unknown>) => (j.n = 'link-2'),
    ])
      expect(verifyActionLink(key, tampered(token, change), now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyActionLink(randomBytes(32), token, now)).toEqual({ ok: false, reason: 'forged' });
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA');
    expect(verifyActionLink(key, flipped, now)).toEqual({ ok: false, reason: 'forged' });
    // Another tenant's key signs differently: the per-tenant derivation is in the signature.
    const other = signActionLink(key, { ...claims, tenantId: '00000000-0000-0000-0000-000000000000' });
    expect(other.split('.')[2]).not.toBe(token.split('.')[2]);
  });

  it('answers malformed for what is not a token', () => {
    for (const bad of [
      '',
      'abc',
      'v1.x.y',
      'v2.' + signActionLink(key, claims).slice(3),
      'v1..',
      'v1.e30.AAAA',
    ])
      expect(verifyActionLink(key, bad, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(
      verifyActionLink(
        key,
        tampered(signActionLink(key, claims), (j) => (j.a = 'delete')),
        now,
      ),
    ).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('builds URLs under the public base with a fresh link id and the configured lifetime', () => {
    const settings = { key, publicUrl: 'https://relance.example.com/', ttlDays: 7 };
    const link = { tenantId: claims.tenantId, scope: claims.scope, action: 'dispute' as const };
    const [a, b] = [actionLinkUrl(settings, link, now), actionLinkUrl(settings, link, now)];
    expect(a).toMatch(/^https:\/\/relance\.example\.com\/a\/v1\.[\w-]+\.[\w-]+$/);
    const checked = verifyActionLink(key, a.split('/a/')[1]!, now);
    if (!checked.ok) throw new Error(`not verified: ${checked.reason}`);
    expect(checked.claims).toMatchObject({ ...link, expiresAt: new Date('2026-12-15T09:00:00Z') });
    const other = verifyActionLink(key, b.split('/a/')[1]!, now);
    expect(other.ok && other.claims.linkId).not.toBe(checked.claims.linkId);
  });

  it('reads RELANCE_LINK_KEY as 32 bytes of hex or base64, nothing else', () => {
    const raw = randomBytes(32);
    expect(parseLinkKey(raw.toString('hex'))).toEqual(raw);
    expect(parseLinkKey(raw.toString('base64'))).toEqual(raw);
    expect(parseLinkKey(raw.toString('hex').slice(2))).toBeUndefined();
    expect(parseLinkKey('not a key')).toBeUndefined();
  });
});
