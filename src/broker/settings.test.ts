import { InputError } from '../errors';
import { canIDeployArgs, publishArgs, shown } from './commands';
import {
  brokerConnection,
  consumerBranch,
  consumerVersion,
  DEFAULT_SELECTORS,
  parseSelectors,
  verifierBrokerOptions,
} from './settings';

describe('the broker command lines the suite builds', () => {
  it('publish: pacts, broker, consumer version, branch, tags, build URL; no credential', () => {
    expect(
      publishArgs({
        brokerUrl: 'https://broker.example',
        pactsPath: '/repo/pacts',
        consumerVersion: 'abc123',
        branch: 'feat/x',
        tags: ['rc'],
        buildUrl: 'https://ci/run/1',
      }),
    ).toEqual([
      'broker',
      'publish',
      '/repo/pacts',
      '--broker-base-url',
      'https://broker.example',
      '--consumer-app-version',
      'abc123',
      '--branch',
      'feat/x',
      '--tag',
      'rc',
      '--build-url',
      'https://ci/run/1',
    ]);
  });

  it('can-i-deploy: pacticipant, version, environment, and polling only when asked', () => {
    const base = {
      brokerUrl: 'https://broker.example',
      pacticipant: 'ProficientInteractionClient',
      version: 'abc123',
      toEnvironment: 'production',
      retryIntervalSeconds: 10,
    };
    expect(canIDeployArgs({ ...base, retryWhileUnknown: 0 })).toEqual([
      'broker',
      'can-i-deploy',
      '--pacticipant',
      'ProficientInteractionClient',
      '--version',
      'abc123',
      '--to-environment',
      'production',
      '--broker-base-url',
      'https://broker.example',
    ]);
    expect(canIDeployArgs({ ...base, retryWhileUnknown: 6 }).slice(-4)).toEqual([
      '--retry-while-unknown',
      '6',
      '--retry-interval',
      '10',
    ]);
    expect(shown(['broker', 'publish', 'my pacts'])).toBe("pact broker publish 'my pacts'");
  });

  it('verify: the Verifier options, in Pact-JS names, publishing only with a provider version', () => {
    expect(
      verifierBrokerOptions({
        brokerUrl: 'https://b',
        consumerVersionSelectors: DEFAULT_SELECTORS,
        enablePending: true,
        includeWipPactsSince: '2026-01-01',
      }),
    ).toEqual({
      pactBrokerUrl: 'https://b',
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      enablePending: true,
      includeWipPactsSince: '2026-01-01',
    });
    expect(
      verifierBrokerOptions({
        brokerUrl: 'https://b',
        consumerVersionSelectors: DEFAULT_SELECTORS,
        enablePending: false,
        publish: { providerVersion: '1.2.3', providerBranch: 'main' },
      }),
    ).toMatchObject({
      publishVerificationResult: true,
      providerVersion: '1.2.3',
      providerVersionBranch: 'main',
    });
  });
});

describe('broker settings', () => {
  it('need a broker URL, and say which variable to set', () => {
    expect(() => brokerConnection(undefined, {})).toThrow(InputError);
    expect(() => brokerConnection(undefined, {})).toThrow(/set PACT_BROKER_BASE_URL or pass --broker-url/);
    expect(() => brokerConnection('broker.example', {})).toThrow(/--broker-url is not a URL/);
  });

  it('pass credentials on in the environment and mark them secret', () => {
    const connection = brokerConnection(undefined, {
      PACT_BROKER_BASE_URL: 'https://broker.example/',
      PACT_BROKER_TOKEN: 'tok',
      PACT_BROKER_USERNAME: 'u',
      PACT_BROKER_PASSWORD: 'pw',
      PROFICIENT_API_KEY: 'pk_x',
    });
    expect(connection).toEqual({
      baseUrl: 'https://broker.example',
      env: {
        PACT_BROKER_BASE_URL: 'https://broker.example',
        PACT_BROKER_TOKEN: 'tok',
        PACT_BROKER_USERNAME: 'u',
        PACT_BROKER_PASSWORD: 'pw',
      },
      secrets: ['tok', 'pw'],
    });
  });

  it('take the consumer version and branch from flags, then variables, then GitHub, then git', () => {
    expect(consumerVersion('v1', { PACT_CONSUMER_VERSION: 'v2' }, process.cwd())).toBe('v1');
    expect(consumerVersion(undefined, { PACT_CONSUMER_VERSION: 'v2', GITHUB_SHA: 'sha' }, process.cwd())).toBe('v2');
    expect(consumerVersion(undefined, { GITHUB_SHA: 'sha' }, process.cwd())).toBe('sha');
    expect(consumerBranch(undefined, { GITHUB_HEAD_REF: 'feature', GITHUB_REF_NAME: '12/merge' }, process.cwd())).toBe(
      'feature',
    );
    expect(() => consumerVersion(undefined, {}, '/')).toThrow(
      /No consumer version: pass --consumer-version or set PACT_CONSUMER_VERSION/,
    );
  });

  it.each([
    ['not JSON', /must be a JSON array/],
    ['[]', /non-empty JSON array of objects/],
    ['[{"mainBranch": true, "brnach": "x"}]', /Unknown consumer version selector key "brnach"/],
  ])('refuse selectors %s', (value, message) => {
    expect(() => parseSelectors(value)).toThrow(message);
  });
});
