/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped zod internals and OpenAPI objects */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiQuery, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { SchemaObjectFactory } from '@nestjs/swagger/dist/services/schema-object-factory';
import { createZodDto, zodToOpenAPI } from 'nestjs-zod';
import { z, type ZodTypeAny } from 'zod';

/**
 * The OpenAPI schema of a zod schema: nestjs-zod's conversion, plus `additionalProperties: false`
 * on strict objects, so the document says what validation enforces (unknown fields are refused).
 */
export function openApiSchema(schema: ZodTypeAny): Record<string, any> {
  const out = zodToOpenAPI(schema as any) as Record<string, any>;
  markStrict(schema, out);
  return out;
}

function markStrict(schema: ZodTypeAny, out: Record<string, any> | undefined): void {
  if (!out) return;
  const def = schema._def as any;
  switch (def.typeName) {
    case 'ZodObject':
      if (def.unknownKeys === 'strict') out.additionalProperties = false;
      for (const [key, value] of Object.entries(def.shape() as Record<string, ZodTypeAny>))
        markStrict(value, out.properties?.[key]);
      break;
    case 'ZodOptional':
    case 'ZodNullable':
    case 'ZodDefault':
      markStrict(def.innerType, out);
      break;
    case 'ZodEffects':
      markStrict(def.schema, out);
      break;
    case 'ZodArray':
      markStrict(def.type, out.items);
      break;
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion':
      [...def.options.values()].forEach((option: ZodTypeAny, i: number) =>
        markStrict(option, out.oneOf?.[i]),
      );
      break;
    case 'ZodRecord':
      markStrict(def.valueType, out.additionalProperties);
      break;
  }
}

/** Like nestjs-zod's `patchNestJsSwagger`, with `openApiSchema` as the converter. */
export function patchSwaggerForZod(): void {
  const proto = SchemaObjectFactory.prototype as any;
  if (proto.__relanceZodPatch) return;
  const explore = proto.exploreModelSchema;
  proto.exploreModelSchema = function exploreModelSchema(
    this: any,
    type: any,
    schemas: Record<string, unknown>,
    refs: unknown,
  ) {
    if (this?.isLazyTypeFunc?.(type)) type = type();
    if (!type?.isZodDto) return explore.call(this, type, schemas, refs);
    schemas[type.name] = openApiSchema(type.schema);
    return type.name;
  };
  proto.__relanceZodPatch = true;
}

export const ProblemSchema = z
  .object({
    type: z.string().describe('always "about:blank": the status code says it all'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().describe('the request path'),
    errors: z
      .array(
        z.object({
          path: z.string().describe('dotted path of the field, e.g. "client.email"'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('every invalid field (422)'),
  })
  .describe('RFC 9457 problem details, served as application/problem+json');
export class ProblemDto extends createZodDto(ProblemSchema) {}

/** Documents error answers as `application/problem+json`. */
export function ApiProblems(...answers: [status: number, description: string][]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...answers.map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}

/**
 * Every route that takes a body answers the body parser's problems before its own validation:
 * 400 (not valid JSON), 413 (over 1 MiB), 415 (not JSON). Documented once here for all of them.
 */
export function documentBodyProblems(document: { paths?: Record<string, any> }): void {
  const answers: [string, string][] = [
    ['400', 'Body is not valid JSON'],
    ['413', 'Body over 1 MiB'],
    ['415', 'Body is not JSON'],
  ];
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, any>)) {
      if (!operation?.requestBody) continue;
      operation.responses ??= {};
      for (const [status, description] of answers) {
        operation.responses[status] ??= {
          description,
          content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
        };
      }
    }
  }
}

/** Documents each field of a query schema as a query parameter (Swagger cannot read zod DTOs there). */
export function ApiQueryFrom(schema: ZodTypeAny) {
  let object = schema;
  while (object._def.typeName === 'ZodEffects') object = object._def.schema as ZodTypeAny;
  const shape = (object as z.AnyZodObject).shape as Record<string, ZodTypeAny>;
  return applyDecorators(
    ...Object.entries(shape).map(([name, field]) => {
      const { description, ...fieldSchema } = openApiSchema(field);
      return ApiQuery({ name, required: !field.isOptional(), description, schema: fieldSchema });
    }),
  );
}
