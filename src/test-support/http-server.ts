import http from 'node:http';
import { closeServer, listenOn } from '../shared/listen';

/** A server listening on 127.0.0.1 on an ephemeral port, and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a node:http server for a test; close() also drops open connections so tests never hang. */
export async function listen(handler: http.RequestListener): Promise<RunningServer> {
  const server = http.createServer(handler);
  const port = await listenOn(server);
  return { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}

/** A port that nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = await listen(() => undefined);
  await server.close();
  return server.port;
}

/** Reads a request body as text. */
export function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Sends a JSON response. */
export function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  response.writeHead(status, { 'Content-Type': contentType });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}
