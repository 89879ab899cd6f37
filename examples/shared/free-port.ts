// A port on 127.0.0.1 that nothing listens on right now: bound, read, released.
import { createServer } from 'node:net';
import { listenOnLoopback } from './loopback.ts';

export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
