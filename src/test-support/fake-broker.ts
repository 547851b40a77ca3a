import fs from 'node:fs';
import { listen, readBody, sendJson, type RunningServer } from './http-server';

/** A request the fake broker received. */
interface BrokerRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

export interface FakeBroker extends RunningServer {
  requests: BrokerRequest[];
}

/**
 * Just enough of the Pact Broker's HAL API for Pact's own clients to publish
 * pacts, fetch pacts for verification, publish results and ask can-i-deploy.
 * Not a broker: it proves what the suite sends, not that a real broker agrees.
 */
export async function startFakeBroker(options: {
  pactFile: string;
  pending?: boolean;
  deployable?: boolean;
}): Promise<FakeBroker> {
  const requests: BrokerRequest[] = [];
  let base = '';
  const server = await listen(async (request, response) => {
    const text = await readBody(request);
    const path = decodeURI(request.url ?? '/');
    requests.push({
      method: request.method!,
      path,
      authorization: request.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    });
    const hal = (status: number, body: object) => sendJson(response, status, body, 'application/hal+json');
    if (request.method === 'GET' && path === '/') {
      return hal(200, {
        _links: {
          'pb:provider-pacts-for-verification': {
            href: `${base}/pacts/provider/{provider}/for-verification`,
            templated: true,
          },
          'pb:publish-contracts': { href: `${base}/contracts/publish` },
          'pb:environments': { href: `${base}/environments` },
        },
      });
    }
    if (request.method === 'GET' && /^\/pacts\/provider\/[^/]+\/for-verification$/.test(path)) {
      return hal(200, { _links: { self: { href: `${base}${path}` } } });
    }
    if (request.method === 'POST' && /^\/pacts\/provider\/[^/]+\/for-verification$/.test(path)) {
      return hal(200, {
        _embedded: {
          pacts: [
            {
              shortDescription: 'latest from main',
              verificationProperties: { pending: Boolean(options.pending), notices: [] },
              _links: { self: { href: `${base}/pacts/1`, name: 'the pact' } },
            },
          ],
        },
      });
    }
    if (request.method === 'GET' && path === '/pacts/1') {
      const pact = JSON.parse(fs.readFileSync(options.pactFile, 'utf8'));
      return hal(200, {
        ...pact,
        _links: {
          'pb:publish-verification-results': { href: `${base}/pacts/1/verification-results` },
          'pb:provider': { href: `${base}/pacticipants/provider` },
        },
      });
    }
    if (request.method === 'GET' && path === '/pacticipants/provider') {
      return hal(200, {
        _links: {
          'pb:branch-version': {
            href: `${base}/pacticipants/provider/branches/{branch}/versions/{version}`,
            templated: true,
          },
          'pb:version-tag': { href: `${base}/pacticipants/provider/versions/{version}/tags/{tag}`, templated: true },
        },
      });
    }
    if (request.method === 'PUT') {
      return hal(200, {});
    }
    if (request.method === 'POST' && path === '/pacts/1/verification-results') return hal(201, { success: true });
    if (request.method === 'POST' && path === '/contracts/publish')
      return hal(200, {
        notices: [{ level: 'info', text: 'Published (fake broker)' }],
        _links: { 'pb:contracts': [{ href: `${base}/pacts/1` }] },
      });
    if (request.method === 'GET' && path.startsWith('/matrix')) {
      const deployable = options.deployable ?? true;
      return hal(200, {
        summary: {
          deployable,
          reason: deployable
            ? 'All required verification results are published and successful'
            : 'The verification failed',
          success: deployable ? 1 : 0,
          failed: deployable ? 0 : 1,
          unknown: 0,
        },
        matrix: [],
        notices: [],
      });
    }
    hal(404, { error: `fake broker has no ${request.method} ${path}` });
  });
  base = server.url;
  return { ...server, requests };
}
