// Where the reference servers listen. Every value can be set from the
// environment so two copies (or a test run beside `npm start`) never collide.
import { isLoopbackHost } from '../shared/loopback.ts';

export interface ServerConfig {
  /** Loopback host both servers bind to. */
  host: string;
  /** Authorization server port; 0 picks a free one. */
  authorizationServerPort: number;
  /** MCP server port; 0 picks a free one. */
  mcpPort: number;
  /** SQLite file for the authorization server's state; absent: in memory, gone on exit. */
  dataFile?: string;
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  authorizationServerPort: 9000,
  mcpPort: 9001,
};

/** Gitignored; delete it to start from scratch. */
export const DEFAULT_DATA_FILE = '.data/reference-servers.sqlite';

export function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new Error(`${name} must be a port number from 0 to 65535, got "${value}"`);
  }
  return Number(value);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // A bind address: `[::1]` (as in a URL) is accepted and bound as `::1`.
  const host = (env.MCP_HOST ?? DEFAULT_CONFIG.host).replace(/^\[(.*)\]$/, '$1');
  // The reference servers issue real tokens with demo keys: keep them off the network.
  if (!isLoopbackHost(host)) {
    throw new Error(
      `MCP_HOST must be a loopback address (127.0.0.1, localhost or ::1), got "${host}"`,
    );
  }
  return {
    host,
    authorizationServerPort: parsePort(
      'AS_PORT',
      env.AS_PORT,
      DEFAULT_CONFIG.authorizationServerPort,
    ),
    mcpPort: parsePort('MCP_PORT', env.MCP_PORT, DEFAULT_CONFIG.mcpPort),
    // Clients, grants and refresh tokens survive a restart of `npm start`.
    dataFile: env.DATA_FILE || DEFAULT_DATA_FILE,
  };
}
