import { MatchersV3 } from '@pact-foundation/pact';
import { loadContract, type JsonSchema, type SchemaName } from '../contract/schemas';

/** Anything Pact accepts in a body: plain JSON or matchers. */
type Template = unknown;

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, PropertySchema>;
}

/**
 * A Pact response body built from a contract schema: every documented field
 * matched by its type, every enum by a regex that admits each allowed value
 * and nothing else. Derived from contracts/, so no field is re-listed here;
 * `overrides` pins the fields this consumer relies on exactly (or by a
 * provider-state expression).
 */
export function bodyLike(schemaName: SchemaName, example: object, overrides: Record<string, Template> = {}): Template {
  return objectLike(
    loadContract().schemas[schemaName] as PropertySchema,
    example as Record<string, unknown>,
    overrides,
  );
}

/** The schema's first example: the values the pacts show. */
export function schemaExample<T>(schemaName: SchemaName, index = 0): T {
  const examples = (loadContract().schemas[schemaName] as JsonSchema).examples as T[];
  return structuredClone(examples[index]);
}

function objectLike(
  schema: PropertySchema,
  example: Record<string, unknown>,
  overrides: Record<string, Template>,
): Template {
  const body: Record<string, Template> = {};
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    body[field] = field in overrides ? overrides[field] : valueLike(fieldSchema, example[field], field);
  }
  return body;
}

function valueLike(schema: PropertySchema, example: unknown, field: string): Template {
  if (schema.enum) {
    const alternatives = schema.enum.map((value) => String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return MatchersV3.regex(`^(${alternatives.join('|')})$`, String(example));
  }
  switch (schema.type) {
    case 'integer':
      return MatchersV3.integer(example as number);
    case 'number':
      return MatchersV3.decimal(example as number);
    case 'boolean':
      return MatchersV3.boolean(example as boolean);
    case 'string':
      return MatchersV3.string(example as string);
    case 'object':
      return objectLike(schema, example as Record<string, unknown>, {});
    default:
      throw new Error(
        `interaction-matchers: no matcher for field "${field}" of type ${JSON.stringify(schema.type)}; add one here.`,
      );
  }
}
