import { readJsonFile } from './json-file';
import { OPENAPI_FILE } from '../pacticipants';
import { SCHEMA_NAMES, type SchemaName } from './schema-names';

type ResponseDoc = { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> };
type OpenApiDoc = {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseDoc> }>>;
  components?: { responses?: Record<string, ResponseDoc> };
};

let byClass: Map<string, SchemaName> | undefined;

/**
 * Which documented schema a response with this status must match, read from
 * contracts/openapi.json: the schema of that status where it is documented,
 * else the one every documented status of its class (2xx, or 4xx and 5xx)
 * shares. So "a 2xx is an Interaction, an error an ApiError" is written once,
 * in the OpenAPI document, and read here by the client, the pact checks and
 * the live checks alike.
 */
export function responseSchemaFor(status: number): SchemaName | undefined {
  byClass ??= documentedSchemas(readJsonFile(OPENAPI_FILE, 'OpenAPI document') as OpenApiDoc);
  return byClass.get(String(status)) ?? byClass.get(classOf(status));
}

function classOf(status: number): string {
  return status >= 200 && status < 300 ? 'success' : status >= 400 ? 'error' : 'other';
}

/** Status → schema for every documented response, plus each class's schema where all its statuses agree. */
function documentedSchemas(document: OpenApiDoc): Map<string, SchemaName> {
  const schemas = new Map<string, SchemaName>();
  const perClass = new Map<string, Set<SchemaName>>();
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = schemaOf(response, document);
        if (!schema) continue;
        schemas.set(status, schema);
        const set = perClass.get(classOf(Number(status))) ?? new Set();
        perClass.set(classOf(Number(status)), set.add(schema));
      }
    }
  }
  for (const [kind, set] of perClass) if (set.size === 1) schemas.set(kind, [...set][0]);
  return schemas;
}

function schemaOf(response: ResponseDoc, document: OpenApiDoc): SchemaName | undefined {
  const resolved = response.$ref
    ? document.components?.responses?.[response.$ref.replace('#/components/responses/', '')]
    : response;
  const ref = resolved?.content?.['application/json']?.schema?.$ref ?? '';
  const name = ref.replace('#/components/schemas/', '');
  return (SCHEMA_NAMES as readonly string[]).includes(name) ? (name as SchemaName) : undefined;
}
