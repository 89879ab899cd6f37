// Starts the authorization server and the MCP server side by side. Used by
// `npm start`, by `npm run example:server` and by the tests (with port 0).
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../shared/loopback.ts';
import {
  createAuthorizationServer,
  type AuthorizationServer,
  type ServerKeys,
} from './authorization-server.ts';
import { DEFAULT_CONFIG, type ServerConfig } from './config.ts';
import { createMcpApp } from './mcp-server.ts';
import { openStore } from './store/sqlite-store.ts';
import type { ScenarioName } from './scenarios.ts';
import type { ScenarioState } from './scope-policy.ts';

export interface ReferenceServers {
  issuer: string;
  mcpUrl: string;
  scenario: ScenarioName;
  authorizationServer: AuthorizationServer;
  close(): Promise<void>;
}

/** listenOnLoopback, saying which setting frees a port that is taken. */
function listen(server: Server, host: string, port: number): Promise<number> {
  return listenOnLoopback(server, port, host).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE'
      ? new Error(`Port ${port} on ${host} is in use; set AS_PORT / MCP_PORT to free ports`)
      : err;
  });
}

/** How long the short-lived-token scenario's first access token lives. */
export const SHORT_TOKEN_TTL_SECONDS = 2;
/**
 * How long to wait for that token to have expired: its `exp` is in whole
 * seconds, so it is past at most SHORT_TOKEN_TTL_SECONDS after it was issued.
 */
export const SHORT_TOKEN_EXPIRED_AFTER_MS = SHORT_TOKEN_TTL_SECONDS * 1000 + 100;

const origin = (host: string, port: number) =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

export async function startReferenceServers(
  config: ServerConfig = DEFAULT_CONFIG,
  scenario: ScenarioName = 'full-set',
  /** Signing keys to use instead of the store's (tests share one set across their many servers). */
  keys?: ServerKeys,
): Promise<ReferenceServers> {
  // Bind first so port 0 resolves to real ports before the URLs are fixed.
  const asHttp = createServer();
  const mcpHttp = createServer();
  const asPort = await listen(asHttp, config.host, config.authorizationServerPort);
  const mcpPort = await listen(mcpHttp, config.host, config.mcpPort).catch(async (err) => {
    asHttp.close();
    throw err;
  });
  const issuer = origin(config.host, asPort);
  const mcpUrl = `${origin(config.host, mcpPort)}/mcp`;

  // One state for both: when the MCP server stops accepting old consent
  // (held-scope), the authorization server asks for it again.
  const state: ScenarioState = {};
  const store = await openStore(config.dataFile ?? ':memory:');
  const authorizationServer = await createAuthorizationServer({
    store,
    ...(keys ? { keys } : {}),
    consentFreshness: state,
    issuer,
    resource: mcpUrl,
    accessTokenTtlSeconds: 3600,
    ...(scenario === 'short-lived-token'
      ? { firstAccessTokenTtlSeconds: SHORT_TOKEN_TTL_SECONDS }
      : {}),
  });
  asHttp.on('request', authorizationServer.app);
  // Both servers share the store, so the MCP server sees a revoked grant at once.
  const isGrantActive = async (grantId: string) =>
    Boolean(await authorizationServer.provider.Grant.find(grantId));
  mcpHttp.on(
    'request',
    createMcpApp({
      resource: mcpUrl,
      issuer,
      jwksUri: `${issuer}/jwks`,
      scenario,
      state,
      isGrantActive,
    }),
  );

  return {
    issuer,
    mcpUrl,
    scenario,
    authorizationServer,
    async close() {
      for (const server of [asHttp, mcpHttp]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      store.close();
    },
  };
}
