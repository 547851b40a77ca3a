/**
 * Servers that misbehave at the HTTP level, for the gateway's unit tests, the
 * end-to-end tests and the memory benchmark. All listen on 127.0.0.1, port 0.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { RunningServer } from './http-server';
import { listenOn } from '../shared/listen';

/** 200 headers, then a body that never ends (written as fast as the reader takes it, never buffered here). */
export const endlessBody: http.RequestListener = (_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, ' ');
  response.write('{"id": "int_endless", "name": "');
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump);
  };
  pump();
};

/** 200 headers at once, then one byte every `intervalMs`, never finishing. */
export function drippingBody(intervalMs: number): http.RequestListener {
  return (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    const timer = setInterval(() => response.write(' '), intervalMs);
    response.on('close', () => clearInterval(timer));
  };
}

/** Announces `announced` bytes, sends `sent`, and closes. */
export function shortBody(sent: number, announced: number): http.RequestListener {
  return (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(announced) });
    response.write(Buffer.alloc(sent, ' '));
    setTimeout(() => response.socket?.destroy(), 20);
  };
}

/** A 200 whose headers are larger than Node reads (16 KiB by default). */
export const headerOverflow: http.RequestListener = (_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json', 'X-Padding': 'x'.repeat(20 * 1024) });
  response.end('{}');
};

/** A server that answers every connection with `greeting` (an SSH banner, say), not HTTP. */
export function listenNotHttp(greeting: string): Promise<RunningServer> {
  return listenTrackingSockets(
    net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end(greeting));
    }),
    'http',
  );
}

/** A raw TCP server: full control over what each connection sees. */
export function listenRaw(onConnection: (socket: net.Socket) => void): Promise<RunningServer> {
  return listenTrackingSockets(
    net.createServer((socket) => {
      socket.on('error', () => undefined);
      onConnection(socket);
    }),
    'http',
  );
}

/** An HTTPS server with the given key and certificate. */
export function listenTls(handler: http.RequestListener, tls: { key: string; cert: string }): Promise<RunningServer> {
  return listenTrackingSockets(https.createServer(tls, handler), 'https');
}

async function listenTrackingSockets(server: net.Server, scheme: 'http' | 'https'): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOn(server);
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
