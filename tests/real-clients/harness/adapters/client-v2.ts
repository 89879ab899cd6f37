// @modelcontextprotocol/client 2.x with its own OAuth and step-up
// (onInsufficientScope 'reauthorize', maxStepUpRetries 1: the defaults).
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { runScript, type ClientAdapter } from '../harness.ts';
import {
  installedVersion,
  MemoryOAuthProvider,
  startLoopbackCallback,
  toolText,
  withHostRetries,
} from './sdk-host.ts';

const version = installedVersion('@modelcontextprotocol/client');

function v2Adapter(refreshTokens: boolean): ClientAdapter {
  return {
    id: `client-${version}-${refreshTokens ? 'refresh' : 'no-refresh'}`,
    client: '@modelcontextprotocol/client',
    version: version,
    variant: refreshTokens ? 'holds a refresh token' : 'no refresh token',
    async run({ mcpUrl, scenario, openBrowser }) {
      const callback = await startLoopbackCallback();
      const provider = new MemoryOAuthProvider(callback, openBrowser, { refreshTokens });
      let client: Client | undefined;
      let transport: StreamableHTTPClientTransport | undefined;
      const finish = (params: URLSearchParams) => transport!.finishAuth(params);
      try {
        return await runScript(
          {
            connect: () =>
              withHostRetries(provider, finish, async () => {
                await client?.close().catch(() => {});
                client = new Client({ name: 'compat-harness', version: '1.0.0' });
                transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
                  authProvider: provider as never,
                });
                await client.connect(transport);
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

export const clientV2Adapters: ClientAdapter[] = [v2Adapter(true), v2Adapter(false)];
