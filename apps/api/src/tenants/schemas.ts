import { TenantSettingsPatchSchema, TenantSettingsSchema } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class TenantPatchDto extends createZodDto(TenantSettingsPatchSchema) {}

/** The settings plus what can be said about secrets without revealing them. */
export const TenantViewSchema = TenantSettingsSchema.extend({
  slug: z.string(),
  senderDomains: z
    .array(z.string())
    .describe(
      'domains sender.fromEmail may use; set by an operator (CLI: sender-domains set <slug> <domain…>)',
    ),
  apiKeys: z
    .array(
      z.object({
        prefix: z.string(),
        name: z.string(),
        createdAt: z.iso.datetime(),
        revokedAt: z.iso.datetime().nullable(),
      }),
    )
    .describe('keys are shown by prefix only; mint and revoke them with the CLI'),
  webhookSecrets: z.object({
    count: z.number().int().describe('payment-webhook secrets in use (several during a rotation)'),
  }),
});
export type TenantView = z.infer<typeof TenantViewSchema>;
export class TenantViewDto extends createZodDto(TenantViewSchema) {}
