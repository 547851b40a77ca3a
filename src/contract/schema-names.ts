/**
 * The documented schemas; each lives in contracts/schemas/<name>.schema.json.
 * Kept apart so the CLI can name them without loading AJV.
 */
export const SCHEMA_NAMES = ['Interaction', 'InteractionUpdateParams', 'ApiError'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];
