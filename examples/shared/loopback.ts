// Loopback hosts and listening on them, in one place for the servers, the
// client and the test harness. A host may be written as a bind address
// (`::1`) or as a URL's hostname (`[::1]`): both spellings mean the same host.
import type { AddressInfo, Server } from 'node:net';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1']);

/** True for 127.0.0.1, localhost and ::1 (bracketed, as `URL.hostname` has it, or not). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.replace(/^\[(.*)\]$/, '$1').toLowerCase());
}

/** Listens on `host:port` (port 0: a free one) and resolves with the port; rejects on a bind error. Any net or HTTP server. */
export function listenOnLoopback(server: Server, port = 0, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
