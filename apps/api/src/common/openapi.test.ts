import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { documentBodyProblems, openApiSchema } from './openapi';

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

describe('documentBodyProblems', () => {
  it("adds the body parser's 400, 413 and 415 to every operation with a body, keeping its own", () => {
    const document = {
      paths: {
        '/v1/things': {
          post: { requestBody: {}, responses: { '201': {}, '415': { description: 'own' } } },
          get: { responses: { '200': {} } },
        },
      },
    };
    documentBodyProblems(document);
    type Answer = { description?: string; content?: Record<string, unknown> };
    const { post, get } = document.paths['/v1/things'] as Record<
      string,
      { responses: Record<string, Answer> }
    >;
    expect(Object.keys(post!.responses).sort()).toEqual(['201', '400', '413', '415']);
    expect(post!.responses['415']!.description).toBe('own');
    expect(post!.responses['400']!.content?.['application/problem+json']).toBeDefined();
    expect(Object.keys(get!.responses)).toEqual(['200']);
  });
});
