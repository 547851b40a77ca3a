import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { displayPath, readJsonFile } from './json-file';
import { responseSchemaFor } from './responses';
import type { ContractValidators, SchemaViolation } from './schemas';

/** The parts of a pact file (V3/V4, HTTP interactions) this suite reads. */
interface PactInteraction {
  description: string;
  type?: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request: {
    method: string;
    path: string;
    headers?: Record<string, string | string[]>;
    body?: unknown;
    /** Values Pact fills in at replay, e.g. the path from a provider state. */
    generators?: { path?: { type?: string; expression?: string } };
  };
  response: { status: number; headers?: Record<string, string | string[]>; body?: unknown };
}

export interface PactDocument {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
}

/**
 * Reads one pact file and checks it is a pact this suite can replay; an
 * InputError names the file and what is wrong.
 */
export function readPactFile(file: string): PactDocument {
  const pact = readJsonFile(file, 'pact file') as Partial<PactDocument> | null;
  const problem = pactProblem(pact);
  if (problem) {
    throw new InputError(
      `${displayPath(file)} is not a usable pact file: ${problem}.`,
      'Regenerate it with npm test, or point --pacts at a pact file.',
    );
  }
  return pact as PactDocument;
}

function pactProblem(pact: Partial<PactDocument> | null): string | undefined {
  if (!pact || typeof pact !== 'object' || Array.isArray(pact)) return 'it is not a JSON object';
  if (!pact.consumer?.name || !pact.provider?.name) return 'it has no consumer.name or provider.name';
  if (!Array.isArray(pact.interactions)) return 'it has no "interactions" list';
  const broken = pact.interactions.findIndex(
    (i) => !i?.request?.method || !i.request.path || typeof i.response?.status !== 'number',
  );
  return broken >= 0 ? `interaction ${broken} has no request method, path or response status` : undefined;
}

/** The pact files a --pacts value names: one file, or every *.json in a folder. */
export function pactFilesAt(location: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch {
    throw new InputError(
      `No pacts at ${displayPath(location)}: it does not exist.`,
      'Run npm test to generate pacts/, or pass --pacts PATH.',
    );
  }
  if (!stat.isDirectory()) return [location];
  const files = fs
    .readdirSync(location)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(location, f));
  if (files.length === 0) {
    throw new InputError(
      `No pact files (*.json) in ${displayPath(location)}.`,
      'Run npm test to generate them, or pass --pacts PATH.',
    );
  }
  return files;
}

/** Pact V4 wraps bodies as { content, contentType, encoded }; V3 stores the JSON itself. */
export function bodyOf(part: { body?: unknown }): unknown {
  const body = part.body as { content?: unknown; encoded?: unknown } | undefined;
  return body && typeof body === 'object' && 'content' in body && 'encoded' in body ? body.content : body;
}

/** A place where a pact expects what the documented schemas do not allow. */
export interface PactContractMismatch {
  interaction: string;
  part: 'request body' | 'response body';
  violation: SchemaViolation;
}

/**
 * Checks a pact's example bodies against the documented schemas: requests
 * against InteractionUpdateParams, 2xx responses against Interaction, error
 * responses against ApiError. A consumer expectation the documentation does
 * not back shows up here.
 */
export function pactContractMismatches(pact: PactDocument, contract: ContractValidators): PactContractMismatch[] {
  const mismatches: PactContractMismatch[] = [];
  for (const interaction of pact.interactions) {
    const check = (
      part: PactContractMismatch['part'],
      schema: Parameters<ContractValidators['validate']>[0],
      body: unknown,
    ) => {
      const result = contract.validate(schema, body);
      if (!result.valid) {
        for (const violation of result.violations)
          mismatches.push({ interaction: interaction.description, part, violation });
      }
    };
    const requestBody = bodyOf(interaction.request);
    if (interaction.request.method === 'POST' || requestBody !== undefined)
      check('request body', 'InteractionUpdateParams', requestBody);
    const status = interaction.response.status;
    const documented = responseSchemaFor(status);
    if (documented) check('response body', documented, bodyOf(interaction.response));
  }
  return mismatches;
}
