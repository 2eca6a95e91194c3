import { z } from 'zod';
import {
  Bic,
  Email,
  Iban,
  JurisdictionSchema,
  Locale,
  PublicHttpUrl,
  SingleLine,
  TimeZone,
} from '../invoice/fields';
import { DEFAULT_POLICY_FR, PolicySchema } from '../policy';

/**
 * How a client's cases are chased (docs/architecture.md "Client accounts"): `client` (default),
 * one stream of email per client account; `invoice`, one per invoice as before.
 */
export const GROUPINGS = ['client', 'invoice'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const DEFAULT_GROUPING: Grouping = 'client';
const GroupingSchema = z
  .enum(GROUPINGS)
  .describe(
    "client (default): the due steps of one client's cases go out together, one message for many invoices; " +
      'invoice: one stream of email per invoice. Cases already running keep running across a change.',
  );

const StatementOfAccountSchema = z
  .boolean()
  .describe(
    "true: every grouped reminder to a client carries its statement of account as a PDF (each open invoice, " +
      'the payments received, the balance); default false.',
  );

const PolicyName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'policy names are lower-case words like "gentle"');

/** A tenant's settings (`GET/PATCH /v1/tenant`); secrets live elsewhere. */
export const TenantSettingsSchema = z
  .object({
    locale: Locale,
    timezone: TimeZone,
    jurisdiction: JurisdictionSchema,
    company: z
      .object({
        name: SingleLine.min(1).max(200),
        address: SingleLine.min(1).max(500),
        registrationNumber: SingleLine.max(50).optional(),
        vatNumber: SingleLine.max(50).optional(),
      })
      .strict(),
    sender: z
      .object({
        fromName: SingleLine.min(1).max(100),
        fromEmail: Email,
        replyToDomain: z
          .string()
          .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'must be a domain name')
          .optional(),
      })
      .strict(),
    bank: z.object({ iban: Iban, bic: Bic.optional() }).strict().optional(),
    /** `{number}` and `{externalId}` are replaced, e.g. "https://pay.example/i/{externalId}". */
    paymentUrlTemplate: PublicHttpUrl.optional(),
    notifyEmail: Email,
    legalContact: z
      .object({ name: SingleLine.min(1).max(200), email: Email })
      .strict()
      .optional(),
    defaultPolicy: PolicySchema,
    policies: z.record(PolicyName, PolicySchema).default({}),
    grouping: GroupingSchema.default(DEFAULT_GROUPING),
    statementOfAccount: StatementOfAccountSchema.default(false),
    /** Inbound replies (issue 18); absent → the defaults below. */
    replies: z
      .object({
        pauseOnUnverified: z
          .boolean()
          .default(false)
          .describe(
            "pause the case on a reply whose sender is neither the client's email nor one of its cc " +
              '(default false: such a reply is recorded and alerted as unverified, and reminders continue)',
          ),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

/** A PATCH replaces the top-level fields it names. */
// Without its default: zod applies a default inside an optional field, which would reset `policies`.
export const TenantSettingsPatchSchema = TenantSettingsSchema.extend({
  policies: z.record(PolicyName, PolicySchema),
  grouping: GroupingSchema,
  statementOfAccount: StatementOfAccountSchema,
})
  .partial()
  .strict();
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatchSchema>;

/** What a new tenant starts with until its owner fills in its identity. */
export function defaultTenantSettings(slug: string): TenantSettings {
  return {
    locale: 'fr',
    timezone: 'Europe/Paris',
    jurisdiction: 'FR',
    company: { name: slug, address: 'Adresse à compléter' },
    sender: { fromName: slug, fromEmail: `factures@${slug}.example` },
    notifyEmail: `alertes@${slug}.example`,
    defaultPolicy: DEFAULT_POLICY_FR,
    policies: {},
    grouping: DEFAULT_GROUPING,
    statementOfAccount: false,
  };
}

/**
 * The tenant's grouping as stored: every row has it since the migration that added it
 * (ClientAccounts1764870000000); a settings object from before that reads as the default.
 */
export function groupingOf(settings: Partial<TenantSettings>): Grouping {
  return settings.grouping ?? DEFAULT_GROUPING;
}

/** Whether grouped reminders carry the statement of account; a row stored before the setting existed: no. */
export function statementOfAccountOf(settings: Partial<TenantSettings>): boolean {
  return settings.statementOfAccount ?? false;
}

/** The domain of an email address, lower-cased ("Factures@Dupont.example" → "dupont.example"). */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Whether a tenant may send from `email`: its domain must be one an operator allowed for the
 * tenant (exactly: a subdomain is another sending domain). No allowed domain allows nothing.
 */
export function senderAllowed(email: string, allowedDomains: readonly string[]): boolean {
  const domain = emailDomain(email);
  return allowedDomains.some((d) => d.toLowerCase() === domain);
}

/**
 * Whether a tenant may send from `email` now: an allowed domain, or the placeholder address every
 * tenant starts with (`factures@<slug>.example`, under a TLD nobody can own), which it keeps
 * until an operator allows a domain. The API checks a new address with it, the worker every send.
 */
export function senderPermitted(slug: string, email: string, allowedDomains: readonly string[]): boolean {
  const placeholder = defaultTenantSettings(slug).sender.fromEmail;
  return senderAllowed(email, allowedDomains) || email.toLowerCase() === placeholder.toLowerCase();
}
