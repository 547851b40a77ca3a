import type { BrokerConnection, BrokerVerification } from '../broker/settings';
import type { Credentials } from '../contract/credentials';
import { pactRequestOutsideScope, runScope, type Scope } from './transport/scope';
import { InputError } from '../errors';
import type { LogLevel } from '../config';
import type { MockProfile } from '../mock/spec';
import type { CheckGroup } from './checks/check';
import type { PactSource } from './pact/source';
import { requestDeadlineMs, type RequestBudget } from './transport/budget';
import { mib } from './transport/bounded-body';
import { bounded } from '../shared/safe-text';

/** What `verify` was asked to do: flags and environment, parsed and validated by the CLI. */
export interface VerifyOptions {
  /** The target; without one the reference provider is started on 127.0.0.1 and verified. */
  baseUrl?: URL;
  interactionId?: string;
  /** A pact file or a folder of them (unless the pacts come from a broker). */
  pacts: string;
  groups: CheckGroup[];
  reportDir: string;
  samples: number;
  credentials: Credentials;
  logLevel: LogLevel;
  budget: RequestBudget;
  /** The largest response body read from the target (--max-body-mib); past it the attempt is abandoned. */
  maxBodyBytes: number;
  /** Fetch the pacts from a Pact Broker instead of --pacts. */
  broker?: { connection: BrokerConnection; verification: BrokerVerification };
  /** What the target promises (--mock-profile): static is held to the shape only; unset, everything. */
  profile?: MockProfile;
  /** The target is a mock this run started (verify --mock) and stops after: like the embedded one, disposable. */
  ownsMock?: boolean;
  /** Where the run keeps its journal and lock (--state-dir, PROFICIENT_STATE_DIR). */
  stateDir: string;
  /** The interaction's real name, for a target without GET (--current-name): recorded before any change. */
  currentName?: string;
}

/** The secrets and ids one run makes for itself. */
export interface RunIdentity {
  /** Marks this run's probe names, journal and lock. */
  runId: string;
  /** What the run's own callers send the gateway; nobody else gets through. */
  callerToken: string;
}

/** What one run will do, decided before anything starts. */
export interface VerifyPlan extends Omit<VerifyOptions, 'pacts' | 'interactionId'>, RunIdentity {
  /** Where the verified interaction lives: the option, or (embedded) the reference provider's seeded one. */
  interactionId: string;
  /** Start the reference provider and verify that. */
  embedded: boolean;
  /** The run started the target itself and throws it away after: there is no one's data to protect. */
  disposable: boolean;
  pacts?: PactSource;
  /** How long the Pact replay may take in all before it is stopped. */
  replayDeadlineMs: number;
}

// Pact loads in about a second; give it room on a slow machine.
const PACT_START_MS = 30_000;
// Per interaction Pact sends its request and its provider state's reads (GET, then maybe POST {}).
const REQUESTS_PER_INTERACTION = 3;

/**
 * Decides what a run does, from the options and what the pacts hold. Pure:
 * the CLI reads files and flags, this says what follows from them.
 */
export function planVerify(
  options: VerifyOptions,
  pacts: PactSource | undefined,
  seededId: () => string,
  identity: RunIdentity,
): VerifyPlan {
  const { pacts: _location, interactionId, ...rest } = options;
  const replaying = options.groups.some((group) => group.replaysPacts);
  const id = interactionId ?? seededId();
  if (replaying && pacts) {
    refuseOversizedRequests(pacts, options.maxBodyBytes);
    refuseOutsideScope(pacts, runScope(id, identity.runId));
  }
  // From a broker the count is unknown until Pact fetches them: allow for a generous handful.
  const interactions = pacts && pacts.files.length > 0 ? pacts.interactions.length : 20;
  return {
    ...rest,
    ...identity,
    embedded: options.baseUrl === undefined,
    disposable: options.baseUrl === undefined || Boolean(options.ownsMock),
    interactionId: id,
    pacts: replaying ? pacts : undefined,
    replayDeadlineMs: PACT_START_MS + interactions * REQUESTS_PER_INTERACTION * requestDeadlineMs(options.budget),
  };
}

/**
 * A pact file on disk whose request the contract does not name (another
 * operation, another interaction) is refused before anything starts (exit 2):
 * it is the user's own file to fix, and the gateway would never send it. From
 * a broker, where any consumer team may publish, such an interaction is
 * skipped at replay with the gateway's reason instead: another team's pact
 * must not break this build, nor reach past the contract.
 */
function refuseOutsideScope(pacts: PactSource, scope: Scope): void {
  for (const interaction of pacts.interactions) {
    const outside = pactRequestOutsideScope(scope, {
      method: interaction.method,
      path: interaction.path,
      idFromProviderState: interaction.idFromProviderState ?? false,
    });
    if (!outside) continue;
    throw new InputError(
      `The pact interaction ${JSON.stringify(bounded(interaction.description, 200))} is ${outside}.`,
      "Fix or remove it in the pact: a request's id comes from the provider state (fromProviderState), " +
        'and only POST and GET /interactions/{interaction_id} are under contract.',
    );
  }
}

/**
 * A pact whose request body is over --max-body-mib cannot be replayed: the
 * gateway would refuse it, and the target would be blamed for a 413 it never
 * sent. The pact itself is unusable as it stands (exit 2), named here.
 */
function refuseOversizedRequests(pacts: PactSource, maxBodyBytes: number): void {
  const oversized = pacts.interactions.find((i) => i.body !== undefined && Buffer.byteLength(i.body) > maxBodyBytes);
  if (!oversized) return;
  throw new InputError(
    `The pact interaction ${JSON.stringify(bounded(oversized.description, 200))} sends a request body of ` +
      `${mib(Buffer.byteLength(oversized.body!))}, over --max-body-mib (${mib(maxBodyBytes)}); nothing was sent.`,
    'Raise --max-body-mib if the body is meant to be that large, or fix the pact.',
  );
}
