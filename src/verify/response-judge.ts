import { responseSchemaFor } from '../contract/responses';
import { loadContract, type JsonSchema, type SchemaName } from '../contract/schemas';
import type { Exchange } from './transport/gateway';

/** What the run keeps of one answer instead of its body: judged once, as it arrived. */
export interface JudgedResponse {
  /** The schema the answer is documented as (by its status), if any. */
  schema?: SchemaName;
  /** The body is not JSON at all. */
  notJson?: boolean;
  /** Its schema violations, the first MAX_VIOLATIONS of them. */
  violations: { message: string; path: string }[];
  /** The body pruned to its documented fields, strings shortened: what coverage counts. */
  documented?: Record<string, unknown>;
}

const MAX_VIOLATIONS = 10;
// Coverage compares enum values and notes presence: a long string is kept as its start.
const MAX_KEPT_STRING = 200;

/**
 * Judges an answer the moment the gateway has it, so that a run keeps a
 * summary of a few hundred bytes per exchange however large the bodies and
 * however many the requests: the whole body is let go right after.
 */
export function judgeResponse(exchange: Pick<Exchange, 'status' | 'contentType'>, body: string): JudgedResponse {
  const schema = exchange.status === undefined ? undefined : responseSchemaFor(exchange.status);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { schema, notJson: true, violations: [] };
  }
  if (!schema) return { schema, violations: [] };
  const contract = loadContract();
  const result = contract.validate(schema, value);
  return {
    schema,
    violations: result.valid ? [] : result.violations.slice(0, MAX_VIOLATIONS),
    documented: documentedValues(contract.schemas[schema], value),
  };
}

/** The body pruned to the schema's documented properties, strings shortened: small whatever was sent. */
function documentedValues(schema: JsonSchema, body: unknown): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return kept;
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object') kept[name] = documentedValues(property, value);
    else kept[name] = typeof value === 'string' ? copyOf(value.slice(0, MAX_KEPT_STRING)) : value;
  }
  return kept;
}

/** A string of its own: a slice of a large body would keep the whole body alive. */
function copyOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** The judgement the gateway kept for an exchange. */
export function judgementOf(exchange: Pick<Exchange, 'summary'>): JudgedResponse | undefined {
  return exchange.summary?.judged as JudgedResponse | undefined;
}
