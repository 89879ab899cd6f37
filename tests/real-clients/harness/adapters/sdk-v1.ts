// @modelcontextprotocol/sdk 1.x with its own OAuth (auth() behind the
// StreamableHTTP transport). Two releases: the one in package.json and 1.22.0,
// the last before 403 insufficient_scope handling arrived (1.23.0).
import { Client as Client132 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as Transport132 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as Client122 } from 'sdk-1-22/client/index.js';
import { StreamableHTTPClientTransport as Transport122 } from 'sdk-1-22/client/streamableHttp.js';
import { runScript, type ClientAdapter } from '../harness.ts';
import {
  installedVersion,
  MemoryOAuthProvider,
  startLoopbackCallback,
  toolText,
  withHostRetries,
} from './sdk-host.ts';

interface V1Transport {
  finishAuth(code: string): Promise<void>;
}
/** A host's own fetch in front of the transport (see examples/sdk/). */
export type HostFetch = (
  provider: MemoryOAuthProvider,
) => (input: string | URL, init?: RequestInit) => Promise<Response>;
interface V1Client {
  connect(transport: never): Promise<void>;
  callTool(params: {
    name: string;
    arguments?: Record<string, unknown>;
  }): Promise<{ content?: unknown; isError?: unknown }>;
  close(): Promise<void>;
}
export interface V1Sdk {
  Client: new (info: { name: string; version: string }) => V1Client;
  Transport: new (url: URL, options: { authProvider: never; fetch?: never }) => V1Transport;
}

export function v1Adapter(
  sdk: V1Sdk,
  version: string,
  refreshTokens: boolean,
  host?: { id: string; variant: string; fetch: HostFetch },
): ClientAdapter {
  return {
    id: host?.id ?? `sdk-${version}-${refreshTokens ? 'refresh' : 'no-refresh'}`,
    client: '@modelcontextprotocol/sdk',
    version,
    variant: host?.variant ?? (refreshTokens ? 'holds a refresh token' : 'no refresh token'),
    async run({ mcpUrl, scenario, openBrowser }) {
      const callback = await startLoopbackCallback();
      const provider = new MemoryOAuthProvider(callback, openBrowser, { refreshTokens });
      let client: V1Client | undefined;
      let transport: V1Transport | undefined;
      const finish = (params: URLSearchParams) => transport!.finishAuth(params.get('code') ?? '');
      try {
        return await runScript(
          {
            // A failed connect leaves the transport closed: a new client and transport per attempt, one provider.
            connect: () =>
              withHostRetries(provider, finish, async () => {
                await client?.close().catch(() => {});
                client = new sdk.Client({ name: 'compat-harness', version: '1.0.0' });
                transport = new sdk.Transport(new URL(mcpUrl), {
                  authProvider: provider as never,
                  ...(host ? { fetch: host.fetch(provider) as never } : {}),
                });
                await client.connect(transport as never);
              }),
            call: async (name, args) =>
              toolText(
                await withHostRetries(provider, finish, () =>
                  client!.callTool({ name, arguments: args }),
                ),
              ),
            close: async () => client?.close(),
          },
          scenario,
        );
      } finally {
        await callback.close();
      }
    },
  };
}

export const sdk132: V1Sdk = { Client: Client132 as never, Transport: Transport132 as never };
const sdk122: V1Sdk = { Client: Client122 as never, Transport: Transport122 as never };

export const sdkV1Adapters: ClientAdapter[] = [
  v1Adapter(sdk132, installedVersion('@modelcontextprotocol/sdk'), true),
  v1Adapter(sdk132, installedVersion('@modelcontextprotocol/sdk'), false),
  v1Adapter(sdk122, installedVersion('sdk-1-22'), true),
  v1Adapter(sdk122, installedVersion('sdk-1-22'), false),
];
