import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app';
import { InteractionStore } from './store';

export interface ReferenceProvider {
  url: string;
  store: InteractionStore;
  close(): Promise<void>;
}

/** Starts the reference provider; port 0 (the default) takes a free ephemeral port. */
export async function startReferenceProvider(
  options: AppOptions & { port?: number; host?: string } = {},
): Promise<ReferenceProvider> {
  const store = options.store ?? new InteractionStore();
  const server = http.createServer(createApp({ ...options, store }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
