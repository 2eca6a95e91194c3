import { z } from 'zod';
import { Bic, Email, Iban, JurisdictionSchema, Locale, TimeZone } from '../invoice/fields';
import { DEFAULT_POLICY_FR, PolicySchema } from '../policy';

const PolicyName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'policy names are lower-case words like "gentle"');

/** A tenant's settings (SPEC §3 and `GET/PATCH /v1/tenant`); secrets live elsewhere. */
export const TenantSettingsSchema = z
  .object({
    locale: Locale,
    timezone: TimeZone,
    jurisdiction: JurisdictionSchema,
    company: z
      .object({
        name: z.string().min(1).max(200),
        address: z.string().min(1).max(500),
        registrationNumber: z.string().max(50).optional(),
        vatNumber: z.string().max(50).optional(),
      })
      .strict(),
    sender: z
      .object({
        fromName: z.string().min(1).max(100),
        fromEmail: Email,
        replyToDomain: z
          .string()
          .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'must be a domain name')
          .optional(),
      })
      .strict(),
    bank: z.object({ iban: Iban, bic: Bic.optional() }).strict().optional(),
    /** `{number}` and `{externalId}` are replaced, e.g. "https://pay.example/i/{externalId}". */
    paymentUrlTemplate: z.string().url().max(2000).optional(),
    notifyEmail: Email,
    legalContact: z
      .object({ name: z.string().min(1).max(200), email: Email })
      .strict()
      .optional(),
    defaultPolicy: PolicySchema,
    policies: z.record(PolicyName, PolicySchema).default({}),
  })
  .strict();

export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

/** A PATCH replaces the top-level fields it names. */
export const TenantSettingsPatchSchema = TenantSettingsSchema.partial().strict();
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
  };
}
