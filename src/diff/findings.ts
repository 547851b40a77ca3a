/** What a finding means to a client: `breaking` fails the run (exit 1), the others inform. */
export type Level = 'breaking' | 'warning' | 'info';

/** One difference between two OpenAPI documents, as one client of one operation meets it. */
export interface Finding {
  /** Stable id to grep for, named the way oasdiff names its rules where one exists. */
  rule: string;
  level: Level;
  method?: string;
  /** The path template, as in the old document (the new one for additions). */
  path?: string;
  /** The response status, for what lives in a response. */
  status?: string;
  /** Where in the operation: "request body", "response body", "parameter query:limit", "security". */
  where?: string;
  /** JSON pointer into that schema, e.g. /properties/name/type. */
  pointer?: string;
  old?: string;
  new?: string;
  message: string;
  /** Set by the consumer pass: does this touch an operation, status or field that the pacts use? */
  touchesPacts?: boolean;
  /** Set by the scope pass: does this finding fail the run? */
  blocking?: boolean;
}

type Side = 'request' | 'response';

// Schema rules by suffix: the level each has in a request and in a response. A response may not send
// what a client never saw (widening breaks); a request may not refuse what clients already send
// (narrowing breaks).
const SCHEMA_RULES: Record<string, Record<Side, Level>> = {
  'type-changed': { request: 'breaking', response: 'breaking' },
  'type-generalized': { request: 'info', response: 'breaking' },
  'type-specialized': { request: 'breaking', response: 'info' },
  'became-nullable': { request: 'info', response: 'breaking' },
  'became-not-nullable': { request: 'breaking', response: 'info' },
  'enum-value-added': { request: 'info', response: 'breaking' },
  'enum-value-removed': { request: 'breaking', response: 'info' },
  'enum-removed': { request: 'info', response: 'breaking' },
  'enum-added': { request: 'breaking', response: 'info' },
  'extensible-enum-value-added': { request: 'info', response: 'info' },
  'extensible-enum-value-removed': { request: 'breaking', response: 'info' },
  'format-added': { request: 'breaking', response: 'info' },
  'format-removed': { request: 'info', response: 'breaking' },
  'format-changed': { request: 'breaking', response: 'breaking' },
  'min-increased': { request: 'breaking', response: 'info' },
  'min-decreased': { request: 'info', response: 'breaking' },
  'max-increased': { request: 'info', response: 'breaking' },
  'max-decreased': { request: 'breaking', response: 'info' },
  'pattern-added': { request: 'breaking', response: 'info' },
  'pattern-removed': { request: 'info', response: 'breaking' },
  'pattern-changed': { request: 'breaking', response: 'breaking' },
  removed: { request: 'warning', response: 'breaking' },
  'became-required': { request: 'breaking', response: 'info' },
  'became-optional': { request: 'info', response: 'breaking' },
  closed: { request: 'breaking', response: 'info' },
  opened: { request: 'info', response: 'warning' },
  'keyword-changed': { request: 'breaking', response: 'breaking' },
};
// A type widening is "generalized" in a request and breaking "changed" in a response, so each id has one level.
const SIDE_ONLY: Record<string, Side> = { 'type-generalized': 'request', 'type-specialized': 'response' };

/**
 * Every rule id and its level. `request-property-removed` is raised to breaking where the object is
 * closed or the pacts send the field; `response-non-success-status-removed` where the pacts expect it.
 */
export const RULES: Record<string, Level> = {
  'api-path-removed-without-deprecation': 'breaking',
  'api-path-removed-with-deprecation': 'warning',
  'api-removed-without-deprecation': 'breaking',
  'api-removed-with-deprecation': 'warning',
  'endpoint-added': 'info',
  'endpoint-deprecated': 'info',
  'endpoint-reactivated': 'info',
  'response-success-status-removed': 'breaking',
  'response-success-status-added': 'info',
  'response-non-success-status-removed': 'warning',
  'response-non-success-status-added': 'info',
  'response-media-type-removed': 'breaking',
  'response-media-type-added': 'info',
  'request-body-media-type-removed': 'breaking',
  'request-body-media-type-added': 'info',
  'request-body-became-required': 'breaking',
  'new-required-request-parameter': 'breaking',
  'new-optional-request-parameter': 'info',
  'request-parameter-removed': 'warning',
  'request-parameter-became-required': 'breaking',
  'request-parameter-became-optional': 'info',
  'api-security-added': 'breaking',
  'api-security-removed': 'breaking',
  'api-security-changed': 'breaking',
  'api-security-alternative-added': 'info',
  'request-body-schema-ref-changed': 'info',
  'response-body-schema-ref-changed': 'info',
  'new-required-request-property': 'breaking',
  'new-optional-request-property': 'info',
  'response-required-property-added': 'info',
  'response-optional-property-added': 'info',
  'ref-sibling-nullable-ambiguous': 'warning',
  ...Object.fromEntries(
    Object.entries(SCHEMA_RULES).flatMap(([suffix, levels]) =>
      (['request', 'response'] as Side[])
        .filter((side) => !SIDE_ONLY[suffix] || SIDE_ONLY[suffix] === side)
        .map((side) => [`${side}-property-${suffix}`, levels[side]]),
    ),
  ),
};

/** A finding of a known rule, at its catalogued level. */
export function finding(rule: string, fields: Omit<Finding, 'rule' | 'level'>): Finding {
  const level = RULES[rule];
  if (!level) throw new Error(`unknown rule ${rule}`);
  return { rule, level, ...fields };
}
