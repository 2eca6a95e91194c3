import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiSchema } from './openapi';

describe('openApiSchema', () => {
  it('marks strict objects, nested ones included, as closed to unknown fields', () => {
    const schema = z
      .object({
        client: z.object({ email: z.string() }).strict(),
        items: z.array(z.object({ amount: z.string() }).strict()).optional(),
        loose: z.object({ any: z.string() }),
      })
      .strict()
      .superRefine(() => undefined);
    const out = openApiSchema(schema);
    expect(out.additionalProperties).toBe(false);
    expect(out.properties.client.additionalProperties).toBe(false);
    expect(out.properties.items.items.additionalProperties).toBe(false);
    expect(out.properties.loose.additionalProperties).toBeUndefined();
    expect(out.required).toEqual(['client', 'loose']);
  });

  it('follows unions branch by branch', () => {
    const out = openApiSchema(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('a') }).strict(),
        z.object({ type: z.literal('b') }),
      ]),
    );
    expect(out.oneOf.map((o: { additionalProperties?: boolean }) => o.additionalProperties)).toEqual([
      false,
      undefined,
    ]);
  });
});
