import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { ACTION_KINDS, type ActionKind, type ActionScope } from '@relance/domain';

// The one place action links (SPEC 3.2b) are signed and checked: the worker signs the links of
// its alerts, the API checks the link a creditor opens. A token is
// `v1.<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`, signed with the tenant's own key, derived
// by HKDF-SHA256 from RELANCE_LINK_KEY with the tenant id as `info`: a tenant's links say nothing
// about another's key, and one server key serves every tenant.

/** Links expire after this many days unless RELANCE_LINK_TTL_DAYS says otherwise. */
export const DEFAULT_LINK_TTL_DAYS = 30;
/** The API route of a link's page: `GET|POST /a/{token}`. */
export const ACTION_LINK_PATH = '/a';

export interface LinkClaims {
  tenantId: string;
  scope: ActionScope;
  action: ActionKind;
  expiresAt: Date;
  /** Random, unique per link: a one-shot link is spent by recording its id. */
  linkId: string;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  /** `malformed`: not a token at all; `forged`: a token whose signature does not match (tampered). */
  | { ok: false; reason: 'malformed' | 'forged' }
  /** Genuine but past its expiry: the claims are known (the page can say what it was). */
  | { ok: false; reason: 'expired'; claims: LinkClaims };

const VERSION = 'v1';
const SALT = 'relance/action-links/v1';

/** RELANCE_LINK_KEY: 32 bytes as 64 hex digits or base64; undefined otherwise. */
export function parseLinkKey(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  // 43 base64 digits (and an optional `=`) are exactly 32 bytes.
  return /^[A-Za-z0-9+/]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64') : undefined;
}

export function newLinkId(): string {
  return randomBytes(16).toString('base64url');
}

function tenantKey(serverKey: Buffer, tenantId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverKey, SALT, `tenant:${tenantId}`, 32));
}

function mac(serverKey: Buffer, tenantId: string, signed: string): Buffer {
  return createHmac('sha256', tenantKey(serverKey, tenantId)).update(signed).digest();
}

export function signActionLink(serverKey: Buffer, claims: LinkClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      t: claims.tenantId,
      s: claims.scope.kind === 'invoice' ? 'i' : 'c',
      c: claims.scope.id,
      a: claims.action,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
      n: claims.linkId,
    }),
  ).toString('base64url');
  const signed = `${VERSION}.${body}`;
  return `${signed}.${mac(serverKey, claims.tenantId, signed).toString('base64url')}`;
}

/** Signature first (nothing of a forged token is believed), then expiry. */
export function verifyActionLink(serverKey: Buffer, token: string, now: Date): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const claims = claimsOf(parts[1]!);
  if (!claims) return { ok: false, reason: 'malformed' };
  const expected = mac(serverKey, claims.tenantId, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function claimsOf(body: string): LinkClaims | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const { t, s, c, a, e, n } = raw as Record<string, unknown>;
  const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
  if (!text(t) || !text(c) || !text(n) || (s !== 'i' && s !== 'c')) return undefined;
  if (!ACTION_KINDS.includes(a as ActionKind) || typeof e !== 'number' || !Number.isFinite(e))
    return undefined;
  return {
    tenantId: t,
    scope: { kind: s === 'i' ? 'invoice' : 'client', id: c },
    action: a as ActionKind,
    expiresAt: new Date(e * 1000),
    linkId: n,
  };
}

/** What the worker needs to put links in alerts (unset RELANCE_LINK_KEY: alerts carry none). */
export interface LinkSettings {
  key: Buffer;
  /** The API's public base URL (RELANCE_PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  ttlDays: number;
}

/** A new signed link's URL: `<public url>/a/<token>`. */
export function actionLinkUrl(
  settings: LinkSettings,
  link: { tenantId: string; scope: ActionScope; action: ActionKind },
  now: Date,
): string {
  const expiresAt = new Date(now.getTime() + settings.ttlDays * 86_400_000);
  const token = signActionLink(settings.key, { ...link, expiresAt, linkId: newLinkId() });
  return `${settings.publicUrl.replace(/\/+$/, '')}${ACTION_LINK_PATH}/${token}`;
}
