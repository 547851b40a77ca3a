/**
 * Every way a target can fail to answer properly, each with its exit code:
 * 1 when the contract is broken, 3 when the provider could not be checked,
 * 2 when the command was used wrongly. The messages must name the real cause.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { startReferenceProvider } from '../provider/server';
import { closedPort, listen, readBody, sendJson, type RunningServer } from '../test-support/http-server';
import { runCli } from '../test-support/run-cli';
import { isInteraction, startTamperingProvider, type Passing } from '../test-support/tampering-provider';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A target that answers every request with `handler`. */
async function target(handler: http.RequestListener) {
  server = await listen(handler);
  return server.url;
}

/** A provider that answers `answers` requests (tampered with as given), then resets every connection. */
function resettingAfter(answers: number, tamper: (p: Passing) => void = () => undefined) {
  let answered = 0;
  return startTamperingProvider(tamper, (request) => {
    answered += 1;
    if (answered > answers) request.socket.destroy();
    return undefined;
  });
}

describe('verify when the provider cannot be checked (exit 3)', () => {
  it('says nothing is listening when the host is unreachable', async () => {
    const run = await runCli(['verify', '--base-url', `http://127.0.0.1:${await closedPort()}`]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\): nothing is listening there/);
    expect(run.stdout).toMatch(/The provider could not be checked/);
    expect(fs.readFileSync(path.join(run.reportDir, 'summary.md'), 'utf8')).toMatch(/could not be checked/);
  });

  it('names a connection reset, after retrying it', async () => {
    let requests = 0;
    const url = await target((request) => {
      requests += 1;
      request.socket.destroy();
    });
    const run = await runCli(['verify', '--base-url', url]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/connection (reset|closed) by 127\.0\.0\.1:\d+.* after 3 attempts/);
    expect(requests).toBe(3);
  });

  it('names a timeout, bounded by --timeout-ms; does not wait again for a target that stopped answering', async () => {
    const url = await target(() => undefined);
    const started = Date.now();
    const run = await runCli(['verify', '--base-url', url, '--timeout-ms', '300']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/no answer within 300 ms from 127\.0\.0\.1:\d+ \(timed out/);
    expect(Date.now() - started).toBeLessThan(20_000); // a bound on hanging, not a speed claim
  });

  it('names a persistent 503 after retrying it', async () => {
    const url = await target((_request, response) => {
      response.writeHead(503, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'unavailable', message: 'maintenance' } }));
    });
    const run = await runCli(['verify', '--base-url', url]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/HTTP 503 from the target .* after 3 attempts/);
  });

  it('names a reset in the middle of the pact replay, and reports the interactions it left unjudged', async () => {
    // Pact alone crashes its proxy here and blames a state handler a minute later.
    const provider = await resettingAfter(4);
    try {
      // The pact group alone, so the fifth request falls inside the replay.
      const run = await runCli(['verify', '--base-url', provider.url, '--checks', 'pact']);
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/✓ pact › a request to clear the name of an interaction/);
      expect(run.stdout).toMatch(
        new RegExp(
          // The replay goes in the order of the descriptions: the GET read-back comes before the renames.
          '! pact › a request to read an interaction \\(\\d+ ms\\) \\(not checked\\)\\n' +
            '\\s+(not sent: the target already failed \\()?connection reset by 127\\.0\\.0\\.1:\\d+ \\(ECONNRESET\\) after 3 attempts',
        ),
      );
      expect(run.stdout).toMatch(/! pact › an empty update of an interaction .*\(not checked\)/);
      expect(run.stdout).not.toMatch(/✗ (?!cleanup)|The contract is broken/);
      // The target went away mid-run: the name could not be put back, and the run says so in every report.
      expect(run.stdout).toMatch(/Could not put the name "Trip planning" back: .*/);
      expect(run.stdout).toMatch(/✗ cleanup › leaves no trace: the original name is back/);
    } finally {
      await provider.close();
    }
  });
});

describe('a reset later in the replay does not undo what was judged before it (exit 1)', () => {
  it('keeps an interaction that failed on a real answer as failed', async () => {
    const provider = await resettingAfter(4, (p) => isInteraction(p) && (p.body.initial_turn = 'assistant'));
    try {
      const run = await runCli(['verify', '--base-url', provider.url, '--checks', 'pact']);
      expect(run.stdout).toMatch(/✗ pact › a request to clear the name of an interaction/);
      expect(run.stdout).toMatch(/! pact › an empty update of an interaction .*\(not checked\)/);
      expect(run.code).toBe(1);
    } finally {
      await provider.close();
    }
  });
});

describe('verify rides out transient failures (exit 0)', () => {
  it('retries a connection reset and a 502/503/504 and passes when they clear', async () => {
    // Requests 1, 4, 7 and 10 hiccup once each; the retry that follows gets through.
    const hiccups: (string | number)[] = ['reset', 502, 503, 504];
    let count = 0;
    const provider = await startTamperingProvider(
      () => undefined,
      (request) => {
        count += 1;
        const next = count % 3 === 1 ? hiccups.shift() : undefined;
        if (next === 'reset') request.socket.destroy();
        if (typeof next === 'number')
          return { status: next, body: { error: { code: 'unavailable', message: 'try again' } } };
        return undefined;
      },
    );
    try {
      const run = await runCli(['verify', '--base-url', provider.url]);
      expect(run.stdout).toMatch(/The contract holds/);
      expect(run.code).toBe(0);
      expect(hiccups).toEqual([]);
    } finally {
      await provider.close();
    }
  });
});

describe('one time budget: a request may take every attempt the gateway makes', () => {
  it('passes when a rename is reset after most of one attempt and the retry gets through', async () => {
    // --timeout-ms bounds one attempt; the typed client must wait for the gateway's retry,
    // not give up after one attempt's worth and call the check "timed out".
    const honest = await startReferenceProvider();
    let reset = false;
    const url = await target(async (request, response) => {
      const body = await readBody(request);
      if (!reset && request.method === 'POST' && body.includes('"name":"contract-suite')) {
        reset = true;
        setTimeout(() => request.socket.destroy(), 900);
        return;
      }
      const upstream = await fetch(`${honest.url}${request.url}`, {
        method: request.method,
        headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => k !== 'host')) as Record<
          string,
          string
        >,
        body: request.method === 'POST' ? body : undefined,
      });
      sendJson(response, upstream.status, await upstream.text(), upstream.headers.get('content-type') ?? '');
    });
    try {
      const run = await runCli(['verify', '--base-url', url, '--timeout-ms', '1000', '--checks', 'behaviour']);
      expect(reset).toBe(true);
      expect(run.stdout).not.toMatch(/not checked/);
      expect(run.stdout).toMatch(/✓ behaviour › the name sent is the name returned/);
      expect(run.code).toBe(0);
    } finally {
      await honest.close();
    }
  });
});

describe('verify when the contract is broken (exit 1)', () => {
  it.each([
    ['malformed JSON', 'application/json', '{"id": '],
    ['the wrong Content-Type', 'text/html', '<html>maintenance</html>'],
  ])('answers %s with a one-line cause', async (_case, contentType, body) => {
    const url = await target((_request, response) => {
      response.writeHead(200, { 'Content-Type': contentType });
      response.end(body);
    });
    const run = await runCli(['verify', '--base-url', url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      // Its GET answers so too: no name can be recorded, so only the shape of what came back is judged.
      contentType === 'text/html'
        ? /responses had Content-Type text\/html: not JSON[\s\S]*Content-Type: text\/html/
        : /not JSON/,
    );
  });

  it('treats a persistent 500 as a broken contract, not an outage', async () => {
    const url = await target((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'unknown', message: 'boom' } }));
    });
    // Its GET fails too: nothing that writes is sent until the user names the current name.
    const unnamed = await runCli(['verify', '--base-url', url]);
    expect(unnamed.code).toBe(3);
    expect(unnamed.stdout).toMatch(/answered HTTP 500, so the current name cannot be recorded.*--current-name/);
    const run = await runCli(['verify', '--base-url', url, '--current-name', 'Trip planning']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/HTTP 500 unknown: boom/);
  });
});

describe('verify used wrongly (exit 2, before any request)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-input-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [['--base-url', 'not a url'], /--base-url is not a URL: "not a url"/],
    [['--base-url', 'ftp://example.com'], /must be an http or https URL/],
    [['--timeout-ms', '0'], /--timeout-ms takes a whole number from 1 to 300000 \(got "0"\)/],
    [['--samples', 'many'], /--samples takes a whole number/],
    [['--max-body-mib', '0'], /--max-body-mib takes a whole number from 1 to 64 \(got "0"\)/],
    [['--max-retry-wait-ms', 'soon'], /--max-retry-wait-ms takes a whole number from 0 to 600000/],
    [['--checks', 'pact,everything'], /unknown: everything/],
    [['--log-level', 'loud'], /argument 'loud' is invalid/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [
      ['--base-url', 'http://127.0.0.1:9', '--state-dir', '/dev/null/state'],
      /--state-dir "\/dev\/null\/state" cannot be written to \(ENOTDIR\)/,
    ],
  ])('%j', async (args, message) => {
    const run = await runCli(['verify', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('names a --report-dir that cannot be written, before anything is sent', async () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    const run = await runCli(['verify', '--report-dir', path.join(file, 'reports')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--report-dir ".*a-file\/reports" cannot be written to \(ENOTDIR\)/);
    expect(run.stdout).toBe('');
  });

  it('names the environment variable when PROFICIENT_BASE_URL is bad', async () => {
    const run = await runCli(['verify'], { PROFICIENT_BASE_URL: 'localhost:8080' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PROFICIENT_BASE_URL must be an http or https URL|PROFICIENT_BASE_URL is not a URL/);
  });

  it('names a missing pact file', async () => {
    const run = await runCli(['verify', '--pacts', path.join(dir, 'missing.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No pacts at .*missing\.json: it does not exist/);
  });

  it('names a malformed pact file and where it breaks', async () => {
    fs.writeFileSync(path.join(dir, 'broken.json'), '{\n  "consumer": {"name": "a"},\n  "interactions": [\n');
    const run = await runCli(['verify', '--pacts', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pact file .*broken\.json is not valid JSON at line 4/);
  });

  it('says where a redirecting base URL points, and does not follow it', async () => {
    let followed = false;
    const elsewhere = await listen(() => (followed = true));
    const url = await target((_request, response) => {
      response.writeHead(301, { Location: `${elsewhere.url}/interactions/x` });
      response.end();
    });
    try {
      const run = await runCli(['verify', '--base-url', url], { PROFICIENT_API_KEY: 'pk_should_not_travel' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`The target redirects (HTTP 301 to ${elsewhere.url}/interactions/x)`);
      expect(followed).toBe(false);
    } finally {
      await elsewhere.close();
    }
  });

  it('says when the interaction id does not exist on the target', async () => {
    const run = await runCli(['verify', '--interaction-id', 'int_nobody_has_this']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /answered 404 resource_not_found: the target has no interaction int_nobody_has_this, or it does not serve GET/,
    );
    expect(run.stderr).toMatch(/--interaction-id/);
  });
});

describe('a state folder that cannot be written', () => {
  it('is a setting to fix (exit 2) for verify and restore alike, named by where it came from', async () => {
    const env = { PROFICIENT_STATE_DIR: '/dev/null/state' };
    const verify = await runCli(['verify', '--base-url', 'http://127.0.0.1:9', '--interaction-id', 'int_1'], env);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(/PROFICIENT_STATE_DIR "\/dev\/null\/state" cannot be written to \(ENOTDIR\)/);
    const restore = await runCli(['restore', '--base-url', 'http://127.0.0.1:9', '--interaction-id', 'int_1'], env);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/PROFICIENT_STATE_DIR "\/dev\/null\/state" cannot be written to/);
    expect(`${verify.stderr}${restore.stderr}`).not.toMatch(/internal error/);
  });
});
