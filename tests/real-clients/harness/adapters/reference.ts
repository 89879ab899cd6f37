// The reference client (examples/client): oauth4webapi session in front of the SDK transport.
import { callTool, connect } from '../../../../examples/client/step-up.ts';
import { McpAuthSession } from '../../../../examples/client/session.ts';
import type { Client } from '@modelcontextprotocol/client';
import { runScript, type ClientAdapter } from '../harness.ts';

export const referenceClient: ClientAdapter = {
  id: 'reference',
  client: 'Reference client (this site)',
  version: 'main',
  async run({ mcpUrl, scenario, openBrowser }) {
    const session = new McpAuthSession({ mcpUrl, openBrowser, consentTimeoutMs: 20_000 });
    let client: Client | undefined;
    return runScript(
      {
        connect: async () => {
          client = await connect(session);
        },
        call: (tool, args) => callTool(client!, tool, args),
        close: async () => client?.close(),
      },
      scenario,
    );
  },
};
