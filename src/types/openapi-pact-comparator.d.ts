/**
 * The part of @pactflow/openapi-pact-comparator 2.x this suite uses. The
 * package ships its own types, but only behind package.json "exports" and
 * "#imports", which this project's CommonJS module resolution cannot follow
 * (switching to node16 resolution would turn the CLI's lazy import() calls
 * into real ESM imports, which Jest cannot run). Taken from its
 * dist/src/compare/index.d.ts and dist/src/results/index.d.ts.
 */
declare module '@pactflow/openapi-pact-comparator' {
  export interface Result {
    code: string;
    message: string;
    type: 'error' | 'warning' | 'info';
    mockDetails?: {
      interactionDescription?: string | null;
      interactionState?: string | null;
      location: string;
      value: unknown;
    };
    specDetails?: { location: string; pathMethod?: string | null; pathName?: string | null; value: unknown };
    causes?: Result[];
  }
  export class Comparator {
    constructor(options?: { oas?: object });
    compare(pact: object): AsyncGenerator<Result>;
  }
}
