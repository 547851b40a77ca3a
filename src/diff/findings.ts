/** What a finding means to a client: `breaking` fails the run (exit 1) by default, the others inform. */
export type Level = 'breaking' | 'warning' | 'info';

export const LEVELS: Level[] = ['breaking', 'warning', 'info'];

/** One difference between two OpenAPI documents, as one client of one operation meets it. */
export interface Finding {
  /** Stable id to grep for, named the way oasdiff names its rules where one exists. */
  rule: RuleId;
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
  /** The component a schema finding was reached through, e.g. #/components/schemas/Message: one change, one finding. */
  component?: string;
  /** The pointer inside that component. */
  componentPointer?: string;
  old?: string;
  new?: string;
  message: string;
  /** Where in the new document (the old one for removals) the change is, for annotations. */
  documentPointer?: string;
  /** Set by the consumer pass: does this touch an operation, status or field that the pacts use? */
  touchesPacts?: boolean;
  /** Set by the accepted-changes pass: the reason this break was accepted. */
  accepted?: string;
  /** Set by the gate: does this finding fail the run? */
  blocking?: boolean;
}

type Side = 'request' | 'response';

interface Rule {
  level: Level;
  /** What it means for a client, in one sentence. */
  means: string;
}

// Schema rules by suffix: the level each has in a request and in a response. A response may not send
// what a client never saw (widening breaks); a request may not refuse what clients already send
// (narrowing breaks).
const SCHEMA_RULES = {
  'type-changed': { request: 'breaking', response: 'breaking', means: 'the type changed: some values are refused' },
  'type-generalized': {
    request: 'info',
    response: 'info',
    means: 'the type widened: every value accepted before still is',
  },
  'type-specialized': {
    request: 'info',
    response: 'info',
    means: 'the type narrowed: every value sent now was allowed before',
  },
  'became-nullable': { request: 'info', response: 'breaking', means: 'null is now allowed' },
  'became-not-nullable': { request: 'breaking', response: 'info', means: 'null is no longer allowed' },
  'enum-value-added': {
    request: 'info',
    response: 'breaking',
    means: 'a value was added to the list of allowed values',
  },
  'enum-value-removed': {
    request: 'breaking',
    response: 'info',
    means: 'a value was removed from the list of allowed values',
  },
  'enum-removed': { request: 'info', response: 'breaking', means: 'the list of allowed values was dropped' },
  'enum-added': { request: 'breaking', response: 'info', means: 'the values are now limited to a list' },
  'extensible-enum-value-added': {
    request: 'info',
    response: 'info',
    means: 'a value was added to an x-extensible-enum',
  },
  'extensible-enum-value-removed': {
    request: 'breaking',
    response: 'info',
    means: 'a value was removed from an x-extensible-enum',
  },
  'format-added': { request: 'breaking', response: 'info', means: 'a format now limits the values' },
  'format-removed': { request: 'info', response: 'breaking', means: 'the format no longer limits the values' },
  'format-changed': { request: 'breaking', response: 'breaking', means: 'the format changed' },
  'min-increased': { request: 'breaking', response: 'info', means: 'a lower bound rose' },
  'min-decreased': { request: 'info', response: 'breaking', means: 'a lower bound fell or was dropped' },
  'max-increased': { request: 'info', response: 'breaking', means: 'an upper bound rose or was dropped' },
  'max-decreased': { request: 'breaking', response: 'info', means: 'an upper bound fell' },
  'pattern-added': { request: 'breaking', response: 'info', means: 'a pattern now limits the values' },
  'pattern-removed': { request: 'info', response: 'breaking', means: 'the pattern no longer limits the values' },
  'pattern-generalized': {
    request: 'info',
    response: 'breaking',
    means: 'the pattern now admits everything it admitted, and more',
  },
  'pattern-specialized': {
    request: 'breaking',
    response: 'info',
    means: 'the pattern now admits only part of what it admitted',
  },
  'pattern-changed': {
    request: 'warning',
    response: 'warning',
    means: 'the pattern changed in a way that cannot be decided: some values may be refused',
  },
  removed: { request: 'warning', response: 'breaking', means: 'a property was removed' },
  'became-required': { request: 'breaking', response: 'info', means: 'a property is now required' },
  'became-optional': { request: 'info', response: 'breaking', means: 'a property is no longer required' },
  'became-read-only': {
    request: 'warning',
    response: 'info',
    means: 'a property became read-only: what clients send is ignored',
  },
  'became-write-only': {
    request: 'info',
    response: 'breaking',
    means: 'a property became write-only: responses no longer carry it',
  },
  closed: { request: 'breaking', response: 'info', means: 'properties not listed are no longer allowed' },
  opened: { request: 'info', response: 'warning', means: 'properties not listed are now allowed' },
  'default-value-added': { request: 'info', response: 'info', means: 'a default value was added' },
  'default-value-removed': { request: 'info', response: 'info', means: 'the default value was removed' },
  'default-value-changed': { request: 'info', response: 'info', means: 'the default value changed' },
  'any-of-added': { request: 'info', response: 'warning', means: 'an anyOf alternative was added' },
  'any-of-removed': { request: 'breaking', response: 'info', means: 'an anyOf alternative was removed' },
  'one-of-added': { request: 'info', response: 'warning', means: 'a oneOf alternative was added' },
  'one-of-removed': { request: 'breaking', response: 'info', means: 'a oneOf alternative was removed' },
  'discriminator-added': { request: 'info', response: 'info', means: 'a discriminator was added' },
  'discriminator-removed': { request: 'info', response: 'info', means: 'the discriminator was removed' },
  'discriminator-property-name-changed': {
    request: 'breaking',
    response: 'breaking',
    means: 'the discriminator reads another property',
  },
  'keyword-changed': {
    request: 'breaking',
    response: 'breaking',
    means: 'a keyword this differ does not analyse changed',
  },
} as const satisfies Record<string, Record<Side, Level> & { means: string }>;

export type SchemaSuffix = keyof typeof SCHEMA_RULES;
// A type widening is "generalized" in a request and breaking "changed" in a response, so each id has one level.
const SIDE_ONLY: Partial<Record<SchemaSuffix, Side>> = {
  'type-generalized': 'request',
  'type-specialized': 'response',
};

const OPERATION_RULES = {
  'api-path-removed-without-deprecation': {
    level: 'breaking',
    means: 'a path was removed without being deprecated first',
  },
  'api-path-removed-with-deprecation': { level: 'warning', means: 'a deprecated path was removed' },
  'api-path-removed-before-sunset': {
    level: 'breaking',
    means: 'a deprecated path was removed before its sunset date',
  },
  'api-path-sunset-parse': { level: 'breaking', means: "a removed path's sunset date cannot be read" },
  'api-removed-without-deprecation': {
    level: 'breaking',
    means: 'an operation was removed without being deprecated first',
  },
  'api-removed-with-deprecation': { level: 'warning', means: 'a deprecated operation was removed' },
  'api-removed-before-sunset': {
    level: 'breaking',
    means: 'a deprecated operation was removed before its sunset date',
  },
  'api-removed-unstable': {
    level: 'info',
    means: 'an operation of stability draft or alpha was removed: allowed by policy',
  },
  'api-sunset-deleted': { level: 'breaking', means: "a deprecated operation's sunset date was deleted" },
  'api-sunset-date-changed-too-small': {
    level: 'breaking',
    means: "a deprecated operation's sunset date moved earlier",
  },
  'api-deprecated-sunset-parse': { level: 'breaking', means: "a deprecated operation's sunset date cannot be read" },
  'api-invalid-stability-level': { level: 'breaking', means: 'x-stability-level is not draft, alpha, beta or stable' },
  'api-stability-decreased': {
    level: 'breaking',
    means: "an operation's stability level went down (stable to beta, say)",
  },
  'endpoint-added': { level: 'info', means: 'an operation was added' },
  'endpoint-deprecated': { level: 'info', means: 'an operation was deprecated' },
  'endpoint-reactivated': { level: 'info', means: 'an operation is no longer deprecated' },
  'webhook-removed': { level: 'breaking', means: 'a webhook was removed: its receivers are no longer called' },
  'webhook-added': { level: 'info', means: 'a webhook was added' },
  'response-success-status-removed': { level: 'breaking', means: 'a success status was removed' },
  'response-success-status-added': { level: 'info', means: 'a success status was added' },
  'response-non-success-status-removed': { level: 'warning', means: 'an error status was removed' },
  'response-non-success-status-added': { level: 'info', means: 'an error status was added' },
  'response-media-type-removed': { level: 'breaking', means: 'a response media type was removed' },
  'response-media-type-added': { level: 'info', means: 'a response media type was added' },
  'required-response-header-removed': { level: 'breaking', means: 'a required response header was removed' },
  'optional-response-header-removed': { level: 'warning', means: 'an optional response header was removed' },
  'response-header-became-optional': { level: 'breaking', means: 'a response header is no longer required' },
  'request-body-media-type-removed': { level: 'breaking', means: 'a request media type was removed' },
  'request-body-media-type-added': { level: 'info', means: 'a request media type was added' },
  'request-body-became-required': { level: 'breaking', means: 'a request body is now required' },
  'new-required-request-parameter': { level: 'breaking', means: 'a required parameter was added' },
  'new-optional-request-parameter': { level: 'info', means: 'an optional parameter was added' },
  'request-parameter-removed': { level: 'warning', means: 'a parameter was removed: it is now ignored' },
  'request-parameter-removed-before-sunset': {
    level: 'breaking',
    means: 'a deprecated parameter was removed before its sunset date',
  },
  'request-parameter-became-required': { level: 'breaking', means: 'a parameter is now required' },
  'request-parameter-became-optional': { level: 'info', means: 'a parameter is no longer required' },
  'request-parameter-default-value-added': {
    level: 'breaking',
    means: 'an optional parameter got a default: a client that omits it gets different behaviour',
  },
  'request-parameter-default-value-removed': {
    level: 'breaking',
    means: "an optional parameter's default was removed: a client that omits it gets different behaviour",
  },
  'request-parameter-default-value-changed': {
    level: 'breaking',
    means: "an optional parameter's default changed: a client that omits it gets different behaviour",
  },
  'api-security-added': { level: 'breaking', means: 'credentials are now required' },
  'api-security-removed': { level: 'breaking', means: 'a way of authenticating was removed' },
  'api-security-changed': { level: 'breaking', means: 'the credentials changed (a header renamed, say)' },
  'api-security-alternative-added': { level: 'info', means: 'another way of authenticating was added' },
  'request-body-schema-ref-changed': { level: 'info', means: 'the request body points at a different schema' },
  'response-body-schema-ref-changed': { level: 'info', means: 'the response body points at a different schema' },
  'new-required-request-property': { level: 'breaking', means: 'a required request property was added' },
  'new-optional-request-property': { level: 'info', means: 'an optional request property was added' },
  'response-required-property-added': { level: 'info', means: 'a required response property was added' },
  'response-optional-property-added': { level: 'info', means: 'an optional response property was added' },
  'ref-sibling-nullable-ambiguous': {
    level: 'warning',
    means: 'nullable: true was written beside a $ref, which OpenAPI 3.0 ignores',
  },
  'schema-depth-not-compared': {
    level: 'breaking',
    means: 'a schema nests deeper than the differ compares: below that, nothing was judged',
  },
  'document-invalid': {
    level: 'warning',
    means: 'the document departs from the OpenAPI specification, but can be compared',
  },
  'document-ref-stands-for-map': {
    level: 'info',
    means: 'a $ref stands for a whole map or list, which OpenAPI does not allow: resolved as JSON Reference says',
  },
  'accepted-change-unmatched': { level: 'warning', means: 'an entry of the accepted-changes file matches no finding' },
  'accepted-change-expired': {
    level: 'warning',
    means: 'an entry of the accepted-changes file has expired: the break it accepted counts again',
  },
} as const satisfies Record<string, Rule>;

type SchemaRuleId = {
  [S in SchemaSuffix]: (typeof SIDE_ONLY)[S] extends Side
    ? `${(typeof SIDE_ONLY)[S]}-property-${S}`
    : `${Side}-property-${S}`;
}[SchemaSuffix];

/** Every rule id: a misspelt one fails the type check. */
export type RuleId = keyof typeof OPERATION_RULES | SchemaRuleId;

/** Every rule id, its level and what it means. */
export const RULES: Record<RuleId, Rule> = {
  ...OPERATION_RULES,
  ...(Object.fromEntries(
    Object.entries(SCHEMA_RULES).flatMap(([suffix, rule]) =>
      (['request', 'response'] as Side[])
        .filter((side) => !SIDE_ONLY[suffix as SchemaSuffix] || SIDE_ONLY[suffix as SchemaSuffix] === side)
        .map((side) => [`${side}-property-${suffix}`, { level: rule[side], means: `${side}: ${rule.means}` }]),
    ),
  ) as Record<SchemaRuleId, Rule>),
};

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}

// What a finding holds of a document is bounded: a value, a name or a message fits on a line.
const MAX_VALUE = 200;
const MAX_MESSAGE = 400;

/** A finding of a known rule, at its catalogued level. */
export function finding(rule: RuleId, fields: Omit<Finding, 'rule' | 'level'>): Finding {
  const known = RULES[rule];
  if (!known) throw new Error(`unknown rule ${rule}`);
  const result: Finding = { rule, level: known.level, ...fields, message: bounded(fields.message, MAX_MESSAGE) };
  if (result.old !== undefined) result.old = bounded(result.old, MAX_VALUE);
  if (result.new !== undefined) result.new = bounded(result.new, MAX_VALUE);
  return result;
}

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
