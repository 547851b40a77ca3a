/**
 * For `npm run bench`: the reference provider behind a TCP proxy that holds
 * every chunk for half the round trip each way, so the target is as far away
 * as a staging across a network (50 ms round trip by default). Prints its URL
 * on the first line and runs until it is stopped.
 */
import net from 'node:net';
import { startReferenceProvider } from '../provider/server';
import { listenOn } from '../shared/listen';

const roundTripMs = Number(process.argv[2] ?? 50);

async function start(): Promise<void> {
  const provider = await startReferenceProvider();
  const upstreamPort = Number(new URL(provider.url).port);
  // Equal delays keep the chunks of each direction in order.
  const later = (write: () => void) => setTimeout(write, roundTripMs / 2);
  const proxy = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    client.on('data', (chunk) => later(() => upstream.write(chunk)));
    upstream.on('data', (chunk) => later(() => client.write(chunk)));
    client.on('end', () => later(() => upstream.end()));
    upstream.on('end', () => later(() => client.end()));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const port = await listenOn(proxy);
  console.log(`http://127.0.0.1:${port}`);
}

void start();
