import { PROVIDER_NAME } from '../../pacticipants';
import { ProviderState } from '../../contract/provider-states';
import { displayPath } from '../../contract/json-file';
import { bodyOf, pactFilesAt, readPactFile } from '../../contract/pact-file';
import type { BrokerVerification } from '../../broker/settings';

/** The pacts a run replays, as read from disk (or named at a broker). */
export interface PactSource {
  /** How the output names them. */
  label: string;
  /** The files Pact loads (none when they come from a broker). */
  files: string[];
  /** Each interaction's description and the request it sends (its body as JSON text), for failure messages. */
  interactions: {
    description: string;
    method: string;
    path: string;
    body?: string;
    idFromProviderState?: boolean;
    /** Its provider state is "no interaction exists with the id": it goes to one of the run's made-up ids. */
    unknownId?: boolean;
  }[];
}

/** Where the pacts come from: --pacts, or a broker; and whether a group of the run replays them. */
interface PactSettings {
  groups: readonly { replaysPacts?: boolean }[];
  pacts: string;
  /** What the target promises: a static mock is replayed with copies that hold names by type. */
  profile?: 'static' | 'stateful';
  broker?: { connection: { baseUrl: string }; verification: Pick<BrokerVerification, 'consumerVersionSelectors'> };
}
import { writeStaticCopies } from './static-copy';

/**
 * The pacts a run replays: read from --pacts (a file or a folder), or named
 * at a broker; undefined when the pact group is not run. A missing or
 * malformed pact is an InputError (exit 2) before anything starts.
 */
export function readPactSource(options: PactSettings): PactSource | undefined {
  if (!options.groups.some((group) => group.replaysPacts)) return undefined;
  if (options.broker) {
    const { baseUrl } = options.broker.connection;
    const selectors = JSON.stringify(options.broker.verification.consumerVersionSelectors);
    return {
      label: `the pacts for ${PROVIDER_NAME} from the broker at ${baseUrl} (selectors ${selectors})`,
      files: [],
      interactions: [],
    };
  }
  const files = pactFilesAt(options.pacts);
  const pacts = files.map((file) => ({ file, pact: readPactFile(file) }));
  // The request each interaction sends, as its pact shows it (the id is the provider state's, at run time).
  const interactions = pacts.flatMap(({ pact }) =>
    pact.interactions.map((i) => ({
      description: i.description,
      method: i.request.method,
      path: i.request.path,
      body: JSON.stringify(bodyOf(i.request)),
      // At replay a provider state's value stands in the path (the run's own ids), not the pact's example.
      idFromProviderState: i.request.generators?.path?.type === 'ProviderState',
      unknownId: (i.providerStates ?? []).some((state) => state.name === ProviderState.noSuchInteraction),
    })),
  );
  const label = `${interactions.length} interactions from ${files.map(displayPath).join(', ')}`;
  // A static mock is replayed with copies that hold names by type: it answers its example whatever it is sent.
  return options.profile === 'static'
    ? { label: `${label} (static mock: names held by type)`, files: writeStaticCopies(pacts), interactions }
    : { label, files, interactions };
}
