import 'reflect-metadata';
import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiBody, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc, createZodDto } from 'nestjs-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { documentBodyProblems, openApiSchema } from './openapi';

class ThingDto extends createZodDto(
  z
    .object({
      client: z.object({ email: z.email() }).strict(),
      items: z.array(z.object({ amount: z.string() }).strict()).optional(),
      loose: z.object({ any: z.string() }),
      note: z.string().nullable(),
    })
    .strict()
    .superRefine(() => undefined),
) {}
class ThingQueryDto extends createZodDto(
  z.object({ limit: z.coerce.number().int().min(1).default(20), cursor: z.string().optional() }).strict(),
) {}
const Event = z.discriminatedUnion('type', [
  z.object({ type: z.literal('a') }).strict(),
  z.object({ type: z.literal('b') }),
]);

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: ThingDto) {
    return body;
  }

  @Get()
  list(@Query() query: ThingQueryDto) {
    return query;
  }

  @Post('events')
  @ApiBody({ schema: openApiSchema(Event) })
  event(@Body() body: unknown) {
    return body;
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reads the generated document freely
async function documentOf(): Promise<any> {
  const app = await NestFactory.create(ThingsModule, { logger: false });
  try {
    return cleanupOpenApiDoc(SwaggerModule.createDocument(app, new DocumentBuilder().build()));
  } finally {
    await app.close();
  }
}

describe('the OpenAPI document of zod DTOs', () => {
  it('marks strict objects, nested ones included, as closed to unknown fields', async () => {
    const out = (await documentOf()).components.schemas.ThingDto;
    expect(out.additionalProperties).toBe(false);
    expect(out.properties.client.additionalProperties).toBe(false);
    expect(out.properties.client.properties.email.format).toBe('email');
    expect(out.properties.items.items.additionalProperties).toBe(false);
    expect(out.properties.loose.additionalProperties).toBeUndefined();
    expect(out.properties.note).toEqual({ type: 'string', nullable: true });
    expect(out.required).toEqual(['client', 'loose', 'note']);
  });

  it('documents each field of a query DTO as a query parameter', async () => {
    const parameters = (await documentOf()).paths['/things'].get.parameters;
    expect(parameters).toEqual([
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
    ]);
    expect(parameters[0].schema).toMatchObject({ type: 'integer', minimum: 1, default: 20 });
  });

  it('follows unions branch by branch', async () => {
    const body = (await documentOf()).paths['/things/events'].post.requestBody.content['application/json']
      .schema;
    expect(body.oneOf.map((o: { additionalProperties?: boolean }) => o.additionalProperties)).toEqual([
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
