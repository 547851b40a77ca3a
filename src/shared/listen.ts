import type http from 'node:http';
import type net from 'node:net';

/**
 * Starts a server listening, on a free ephemeral port by default (port 0) and
 * on 127.0.0.1 unless told otherwise; resolves to the port it took, or
 * rejects with the listen error (EADDRINUSE, EACCES, ...).
 */
export function listenOn(server: net.Server, port = 0, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Stops a server, dropping kept-alive connections first so that closing never waits on an idle socket. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
