/**
 * The verdict blames only what was judged: what the suite itself refused,
 * could not send or could not write is never "the contract is broken".
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENV } from '../config';
import { CredentialHeader } from '../contract/credentials';
import { ExitCode } from '../errors';
import { listen, readBody, type RunningServer } from '../test-support/http-server';
import { runCli, tempReportDir } from '../test-support/run-cli';
import { startTamperingProvider } from '../test-support/tampering-provider';
import { failed, passed, type CheckContext, type CheckGroup } from './checks/check';
import { groupOfChecks } from './checks/group-of-checks';
import { pact } from './checks/pact';
import type { ReplayOutcome } from './pact/replay';
import type { PactSource } from './pact/source';
import type { Original } from './preflight';
import type { CheckResult } from './results';
import { requestBudget } from './transport/budget';
import { TargetGateway, type Exchange } from './transport/gateway';
import { CALLER_HEADER } from './transport/gateway-connection';
import { runScope } from './transport/scope';
import { TargetConnection } from './transport/target';
import { decideVerdict } from './verdict';

const MIB = 1024 * 1024;
const CALLER_TOKEN = 'a-token-of-this-run';

type PactRequest = PactSource['interactions'][number];

/** A server that counts what reaches it and answers nothing useful: a run that sends nothing leaves it at 0. */
async function countingServer(): Promise<RunningServer & { received: string[] }> {
  const received: string[] = [];
  const server = await listen(async (request, response) => {
    received.push(`${request.method} ${request.url} ${(await readBody(request)).length}`);
    response.writeHead(500).end();
  });
  return { ...server, received };
}

describe('credentials are checked before anything is sent', () => {
  it.each([
    [
      'a trailing newline pasted into a CI secret',
      ENV.apiKey,
      'pk_live_abcdef123456\n',
      'U+000A at character 21 of 21',
    ],
    ['a carriage return inside', ENV.secretKey, 'sk_live_abc\rdef', 'U+000D at character 12 of 15'],
    ['a leading space', ENV.userHmac, ' hmac_value_1234', 'U+0020 at character 1 of 16'],
  ])('%s exits 2, naming the variable, never the value', async (_case, variable, value, where) => {
    const server = await countingServer();
    try {
      const run = await runCli(
        ['verify', '--base-url', server.url, '--interaction-id', 'int_1', '--checks', 'behaviour'],
        { [variable]: value, [ENV.userExternalId]: 'user-1' },
        { ownPactWorker: true },
      );
      expect(run.code).toBe(ExitCode.BadInput);
      expect(run.stderr).toContain(`${variable} holds a character an HTTP header cannot carry`);
      expect(run.stderr).toContain(where);
      expect(`${run.stdout}${run.stderr}`).not.toContain(value.trim());
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('a local pact the gateway would refuse is unusable (exit 2)', () => {
  it('refuses, at plan time, a pact whose request body is over --max-body-mib, naming the interaction', async () => {
    const server = await countingServer();
    const dir = tempReportDir();
    const pactFile = path.join(dir, 'big-pact.json');
    fs.writeFileSync(
      pactFile,
      JSON.stringify({
        consumer: { name: 'ProficientInteractionClient' },
        provider: { name: 'ProficientInteractionsAPI' },
        interactions: [
          {
            description: 'a rename with a 2 MiB name',
            request: {
              method: 'POST',
              path: '/interactions/int_1',
              headers: { 'Content-Type': 'application/json' },
              body: { name: 'x'.repeat(2 * MIB) },
            },
            response: { status: 400 },
          },
        ],
        metadata: { pactSpecification: { version: '2.0.0' } },
      }),
    );
    try {
      const run = await runCli([
        'verify',
        '--base-url',
        server.url,
        '--interaction-id',
        'int_1',
        '--checks',
        'pact',
        '--pacts',
        pactFile,
        '--max-body-mib',
        '1',
      ]);
      expect(run.code).toBe(ExitCode.BadInput);
      expect(run.stderr).toContain('The pact interaction "a rename with a 2 MiB name" sends a request body of 2 MiB');
      expect(run.stderr).toContain('over --max-body-mib (1 MiB); nothing was sent');
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

/**
 * A group run in-process through a real gateway (a 1 MiB body cap) to a
 * server that counts what reaches it; `replay` stands in for Pact.
 */
async function runThroughGateway(
  group: CheckGroup,
  options: { interaction?: PactRequest; replay?: (target: TargetConnection) => Promise<ReplayOutcome> } = {},
) {
  const server = await countingServer();
  const budget = requestBudget(2_000, { maxRetryWaitMs: 0 });
  const callerToken = CALLER_TOKEN;
  const gateway = new TargetGateway({
    target: new URL(server.url),
    credentials: {},
    budget,
    maxBodyBytes: MIB,
    scope: runScope('int_1', 'run_1'),
    callerToken,
  });
  const target = new TargetConnection(await gateway.start(), 'int_1', budget, callerToken);
  const results: CheckResult[] = [];
  const context: CheckContext = {
    settings: {
      runId: 'run_1',
      callerToken,
      disposable: false,
      samples: 0,
      logLevel: 'warn',
      budget,
      replayDeadlineMs: 10_000,
      pacts: options.interaction && { label: 'one pact', files: ['one.json'], interactions: [options.interaction] },
    },
    target,
    original: { readAt: 0 } as unknown as Original,
    readBack: false,
    exchanges: () => gateway.exchanges,
    transportFailures: () => gateway.failures,
    replay: options.replay && { close: () => undefined, replay: () => options.replay!(target) },
    once: (_key, make) => make(),
    print: () => undefined,
    attach: () => undefined,
    stopped: () => false,
  };
  try {
    await group.run(context, (result) => results.push(result));
  } finally {
    await gateway.stop();
    await server.close();
  }
  return { results, received: server.received };
}

/** The pact group through the gateway: Pact's stand-in sends `send`, then reports `verdict`. */
function replayThroughGateway(
  interaction: PactRequest,
  send: (target: TargetConnection) => Promise<unknown>,
  verdict: ReplayOutcome['interactions'][number],
) {
  return runThroughGateway(pact, {
    interaction,
    replay: async (target) => {
      await send(target);
      return { interactions: [verdict], output: '' };
    },
  });
}

describe('a live check whose request the gateway refused is not checked, never failed', () => {
  it('a rename over --max-body-mib: the gateway answers 413 itself, the check is "not checked" (exit 3)', async () => {
    const group = groupOfChecks({
      name: 'big',
      summary: 'one oversized rename',
      order: 1,
      checks: [
        {
          id: 'big.rename',
          name: 'a 1 MiB name comes back',
          async run(context) {
            const name = 'x'.repeat(MIB);
            const answer = await context.target.client.interactions.update(context.target.interactionId, { name });
            return answer.name === name ? passed : failed({ message: 'changed' });
          },
        },
      ],
    });
    const { results, received } = await runThroughGateway(group);
    expect(received).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({
        id: 'big.rename',
        status: 'error',
        detail: { message: 'not sent: request body larger than 1 MiB', request: 'POST /interactions/int_1' },
      }),
    ]);
    expect(decideVerdict(results, ['big']).exitCode).toBe(ExitCode.ProviderUnavailable);
  });
});

describe('a pact request the gateway refused is not checked, never failed', () => {
  it('a body over --max-body-mib: the 413 is the suite\'s, so "not checked" with its reason, exit 3', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(MIB + 10) });
    const { results, received } = await replayThroughGateway(
      { description: 'a big rename', method: 'POST', path: '/interactions/int_pact', body },
      (target) => target.raw('POST', target.pathOf(), { body, credentials: true }),
      // What Pact concludes from the gateway's answer.
      {
        description: 'a big rename',
        ok: false,
        durationMs: 3,
        mismatches: [{ message: 'expected 400 but was 413', expected: '400', actual: '413' }],
      },
    );
    // What reached the target: only the group's own small probe-name rename after the replay.
    expect(received.filter((line) => Number(line.split(' ').pop()) > MIB)).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({
        id: 'pact.interaction',
        name: 'a big rename',
        status: 'error',
        detail: expect.objectContaining({ message: 'not sent: request body larger than 1 MiB' }),
      }),
    ]);
    expect(JSON.stringify(results)).not.toContain('expected 400 but was 413');
    expect(decideVerdict(results, ['pact']).exitCode).toBe(ExitCode.ProviderUnavailable);
  });

  it('a request outside the contract, refused by the gateway: skipped with its reason, never sent', async () => {
    const { results, received } = await replayThroughGateway(
      { description: 'deletes an agent', method: 'DELETE', path: '/agents/ag_1' },
      // What Pact sends for that interaction: with the run's caller token and an example key.
      (target) =>
        fetch(`${target.gatewayUrl}/agents/ag_1`, {
          method: 'DELETE',
          headers: { [CALLER_HEADER]: CALLER_TOKEN, [CredentialHeader.apiKey]: 'pk_example' },
        }),
      {
        description: 'deletes an agent',
        ok: false,
        durationMs: 2,
        mismatches: [{ message: 'expected 204 but was 403' }],
      },
    );
    expect(received.filter((line) => line.startsWith('DELETE'))).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({
        id: 'pact.interaction',
        status: 'skipped',
        detail: { message: expect.stringMatching(/^outside this contract: DELETE \/agents\/ag_1; not sent/) },
      }),
    ]);
    expect(JSON.stringify(results)).not.toContain('expected 204 but was 403');
  });

  it('a failing request that was never recorded is described in one bounded line, whatever its pact body', async () => {
    const body = JSON.stringify({ name: 'y'.repeat(5 * MIB) });
    const judged = await judgeWithExchanges([], {
      description: 'a huge rename',
      method: 'POST',
      path: '/interactions/int_1',
      body,
    });
    expect(judged[0].status).toBe('failed');
    const request = judged[0].detail!.request!;
    expect(request.length).toBeLessThan(400);
    expect(request).toMatch(
      /^POST \/interactions\/int_1 \{"name":"y+… \(5242891 characters\) \(as the pact writes it\)$/,
    );
  });
});

/** The pact group's results for one failed interaction, given what the gateway recorded. */
async function judgeWithExchanges(
  exchanges: Exchange[],
  interaction: { description: string; method: string; path: string; body?: string },
): Promise<CheckResult[]> {
  const recorded: Exchange[] = [];
  const results: CheckResult[] = [];
  const context = {
    settings: {
      runId: 'run_1',
      samples: 0,
      logLevel: 'warn',
      budget: requestBudget(1_000),
      replayDeadlineMs: 1_000,
      pacts: { label: 'a pact', files: ['a.json'], interactions: [interaction] },
    },
    // The group's probe-name rename after the replay goes nowhere here.
    target: {
      gatewayUrl: 'http://127.0.0.1:9',
      interactionId: 'int_1',
      pathOf: () => '/interactions/int_1',
      raw: async () => ({ status: 200, contentType: 'application/json', text: '{}' }),
    },
    exchanges: () => recorded,
    transportFailures: () => [],
    replay: {
      close: () => undefined,
      replay: async () => {
        recorded.push(...exchanges);
        return {
          interactions: [
            { description: interaction.description, ok: false, durationMs: 1, mismatches: [{ message: 'no' }] },
          ],
          output: '',
        };
      },
    },
    print: () => undefined,
    attach: () => undefined,
    stopped: () => false,
  } as unknown as CheckContext;
  await pact.run(context, (result) => results.push(result));
  return results;
}

describe('a report that cannot be written is a warning: the verdict and its exit code stand', () => {
  it('summary.md is a folder, the step-summary folder gone: exit 0, verdict printed, both warned', async () => {
    const provider = await startTamperingProvider(() => undefined);
    const reportDir = tempReportDir();
    fs.mkdirSync(path.join(reportDir, 'summary.md'));
    const stepSummary = path.join(reportDir, 'gone', 'step-summary.md');
    try {
      const run = await runCli(
        ['verify', '--base-url', provider.url, '--checks', 'behaviour', '--report-dir', reportDir],
        { GITHUB_STEP_SUMMARY: stepSummary },
        { ownPactWorker: true },
      );
      expect(run.code).toBe(ExitCode.Ok);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Warning: .*summary\.md was not written \(EISDIR\)\.$/m);
      expect(run.stdout).toMatch(/^Warning: the step summary .*step-summary\.md was not written \(ENOENT\)\.$/m);
      expect(run.stdout).toMatch(/^The contract holds\. \(exit 0\)$/m);
      const listed = /^Reports: (.*)$/m.exec(run.stdout)![1].split(', ');
      expect(listed.map((file) => path.basename(file))).toEqual(['junit.xml', 'verify-report.json', 'report.html']);
    } finally {
      await provider.close();
    }
  });
});

describe('the report folder holds exactly the files this run lists', () => {
  it("removes a previous run's pact-output.txt and the suite's other files, and keeps the user's own", async () => {
    const provider = await startTamperingProvider(() => undefined);
    const reportDir = tempReportDir();
    fs.writeFileSync(path.join(reportDir, 'pact-output.txt'), 'stale: from the run before');
    fs.writeFileSync(path.join(reportDir, 'summary.md'), 'stale');
    fs.writeFileSync(path.join(reportDir, 'report.html'), 'stale');
    fs.writeFileSync(path.join(reportDir, 'notes.txt'), 'the user keeps this');
    try {
      const run = await runCli(
        ['verify', '--base-url', provider.url, '--checks', 'behaviour', '--report-dir', reportDir],
        {},
        { ownPactWorker: true },
      );
      expect(run.code).toBe(ExitCode.Ok);
      const listed = /^Reports: (.*)$/m
        .exec(run.stdout)![1]
        .split(', ')
        .map((file) => path.basename(file));
      expect(listed).toEqual(['junit.xml', 'verify-report.json', 'summary.md', 'report.html']);
      expect(fs.readdirSync(reportDir).sort()).toEqual([...listed, 'notes.txt'].sort());
      expect(fs.readFileSync(path.join(reportDir, 'summary.md'), 'utf8')).toContain('## Contract verification');
    } finally {
      await provider.close();
    }
  });
});

describe('every line about a request or a response is bounded', () => {
  it('a 5 MiB error message from the server: no printed or written line grows with it', async () => {
    const message = 'boom '.repeat(MIB); // 5 MiB
    const provider = await startTamperingProvider((p) => {
      if (p.method === 'POST' && p.status === 200) {
        p.status = 500;
        p.body = { error: { code: 'unknown', message } };
      }
    });
    try {
      const run = await runCli(
        ['verify', '--base-url', provider.url, '--checks', 'behaviour,errors', '--max-body-mib', '8'],
        {},
        { ownPactWorker: true },
      );
      expect(run.code).toBe(ExitCode.ContractBroken);
      expect(run.stdout).toMatch(/Expected success, got HTTP 500 unknown: boom boom .*… \(\d+ characters\)/);
      const longest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));
      expect(longest(run.stdout)).toBeLessThanOrEqual(4_100);
      for (const file of ['junit.xml', 'verify-report.json', 'summary.md']) {
        const text = fs.readFileSync(path.join(run.reportDir, file), 'utf8');
        expect({ file, bounded: text.length < 100_000 }).toEqual({ file, bounded: true });
      }
    } finally {
      await provider.close();
    }
  });
});
