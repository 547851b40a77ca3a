import { Comparator, type Result } from '@pactflow/openapi-pact-comparator';
import { displayPath } from './json-file';
import { loadBundledOpenApi, OPENAPI_FILE } from './openapi';
import { readPactFile } from './pact-file';

/** What the comparator found in one pact file. */
export interface PactCompatibility {
  pactFile: string;
  errors: Result[];
  warnings: Result[];
}

/**
 * The bi-directional check: is every interaction in these pacts something the
 * OpenAPI document promises? A consumer that expects what the provider never
 * documented is caught in the consumer's own CI, with no provider running.
 * PactFlow's @pactflow/openapi-pact-comparator does the comparing.
 */
export async function comparePactsWithOpenApi(
  pactFiles: string[],
  openApiFile: string = OPENAPI_FILE,
): Promise<PactCompatibility[]> {
  const oas = loadBundledOpenApi(openApiFile);
  // One comparator for all pacts: it compiles the document's schemas once.
  const comparator = new Comparator({ oas });
  const outcomes: PactCompatibility[] = [];
  for (const pactFile of pactFiles) {
    const pact = readPactFile(pactFile);
    const outcome: PactCompatibility = { pactFile, errors: [], warnings: [] };
    for await (const result of comparator.compare(pact)) {
      if (result.type === 'error') outcome.errors.push(result);
      else if (result.type === 'warning') outcome.warnings.push(result);
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** One readable line per finding: which interaction, where, what. */
export function describeResult(result: Result): string {
  const interaction = result.mockDetails?.interactionDescription ?? 'the pact';
  const where = result.mockDetails?.location?.replace(/^\[root\]\.interactions\[\d+\]\./, '') ?? '';
  const value =
    result.mockDetails?.value === undefined ? '' : ` (got ${JSON.stringify(result.mockDetails.value)?.slice(0, 80)})`;
  return `${result.type === 'error' ? 'INCOMPATIBLE' : 'warning'}  "${interaction}" ${where}: ${result.message}${value} [${result.code}]`;
}

export function summaryLine(outcomes: PactCompatibility[], openApiFile: string = OPENAPI_FILE): string {
  const errors = outcomes.reduce((n, o) => n + o.errors.length, 0);
  const files = outcomes.map((o) => displayPath(o.pactFile)).join(', ');
  return errors === 0
    ? `The pacts (${files}) agree with ${displayPath(openApiFile)}.`
    : `${errors} expectation${errors > 1 ? 's' : ''} in ${files} are not backed by the OpenAPI document.`;
}
