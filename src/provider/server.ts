import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app';
import { InteractionStore } from './store';
import { closeServer, listenOn } from '../shared/listen';

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
  const port = await listenOn(server, options.port, options.host);
  const { address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    store,
    close: () => closeServer(server),
  };
}
