// `node examples/conformance/client.ts <server-url>`: the reference client as
// the official conformance suite (@modelcontextprotocol/conformance, client
// mode) runs it. The suite starts a mock MCP server and authorization server
// per scenario and appends the MCP URL as the last argument; pre-registered
// credentials come in MCP_CONFORMANCE_CONTEXT. The client connects, lists the
// tools and calls the first one, as any MCP host would.
//
// The suite's authorization endpoint answers with a redirect straight to the
// redirect URI (no consent page), so "opening the browser" here means
// following that redirect with fetch, which lands on the loopback receiver.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { StepUpError } from '../client/errors.ts';
import { McpAuthSession } from '../client/session.ts';
import { Transcript } from '../client/transcript.ts';

/** The Client ID Metadata Document URL the suite expects clients to be configured with. */
export const CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';

const Context = z.object({ client_id: z.string().min(1).optional(), client_secret: z.string().min(1).optional() }).loose();

const serverUrl = process.argv.at(-1);
if (!serverUrl || !/^https?:\/\//.test(serverUrl)) {
  console.error('usage: node examples/conformance/client.ts <mcp-server-url>');
  process.exit(2);
}
const context = Context.parse(JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}'));

const session = new McpAuthSession({
  mcpUrl: serverUrl,
  clientId: context.client_id,
  clientSecret: context.client_secret,
  clientMetadataUrl: CLIENT_METADATA_URL,
  consentTimeoutMs: 10_000,
  // No browser: follow the authorization endpoint's redirect to the loopback receiver.
  openBrowser: async (url) => {
    const response = await fetch(url);
    await response.body?.cancel();
  },
  transcript: new Transcript({ echo: (line) => console.log(line) }),
});

const client = new Client({ name: 'mcp-step-up-reference-client', version: '1.0.0' });
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(session.mcpUrl), { fetch: session.fetch }));
  const { tools } = await client.listTools();
  if (tools[0]) await client.callTool({ name: tools[0].name, arguments: {} });
  await client.close();
  process.exit(0);
} catch (err) {
  console.error(err instanceof StepUpError ? `error (${err.code}): ${err.message}` : `error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
