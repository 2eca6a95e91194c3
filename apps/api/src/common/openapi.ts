/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped OpenAPI objects */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/**
 * A zod schema as an OpenAPI 3.0 schema, for a body a route parses itself (the DTOs go through
 * nestjs-zod). As accepted on input: strict objects get `additionalProperties: false`, others none.
 */
export function openApiSchema(schema: z.ZodType): Record<string, any> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' });
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
