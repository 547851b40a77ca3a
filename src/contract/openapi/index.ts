/** Reading OpenAPI documents: one job per file (sources, confinement, bundling, parsing, validation, pointers). */
export { loadBundledOpenApi, loadOpenApi } from './load';
export type { DocumentProblem, LoadOptions, OpenApiDocument } from './load';
export { Deadline } from './deadline';
export { escapePointer, HTTP_METHODS, matchesPathTemplate, resolvePointer } from './pointer';
export { removeUnsafePatterns } from './patterns';
export type { UnevaluatedPattern } from './patterns';
