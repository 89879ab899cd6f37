// `node examples/conformance/client.ts <server-url>`: the reference client as
// the official conformance suite (@modelcontextprotocol/conformance, client
// mode) runs it. The suite starts a mock MCP server and authorization server
// per scenario and appends the MCP URL as the last argument; pre-registered
// credentials come in MCP_CONFORMANCE_CONTEXT. The client connects (MCP
// 2026-07-28 when the server offers it, else 2025-11-25), lists the tools and
// calls each one with arguments made from its input schema, as a host's model
// would. It never reads the scenario's name: what it does is what it always does.
//
// The suite's authorization endpoint answers with a redirect straight to the
// redirect URI (no consent page), so "opening the browser" here means
// following that redirect with fetch, which lands on the loopback receiver.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { StepUpError } from '../client/errors.ts';
import { McpAuthSession } from '../client/session.ts';
import { Transcript } from '../client/transcript.ts';

/** The Client ID Metadata Document URL the suite expects clients to be configured with. */
export const CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';

const Context = z
  .object({ client_id: z.string().min(1).optional(), client_secret: z.string().min(1).optional() })
  .loose();

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

type PropertySchema = { type?: unknown; enum?: unknown[] };
type ObjectSchema = { properties?: Record<string, PropertySchema>; required?: string[] };

/**
 * A value of a JSON Schema property's type, as a model might fill it in. The
 * string is not plain ASCII, so the transport must encode it when it mirrors
 * the argument into an Mcp-Param header (MCP 2026-07-28, SEP-2243).
 */
function sampleValue(schema: PropertySchema | undefined): Sample {
  if (schema?.enum?.length) return schema.enum[0] as Sample;
  switch (Array.isArray(schema?.type) ? schema.type[0] : schema?.type) {
    case 'number':
      return 1.5;
    case 'integer':
      return 2;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return 'Grüße, sample';
  }
}

type Sample = string | number | boolean | string[];

/** The required properties of an object schema, each with a value of its type. */
function sampleObject(schema: ObjectSchema | undefined): Record<string, Sample> {
  const required = schema?.required ?? [];
  const value = (name: string) => sampleValue(schema?.properties?.[name]);
  return Object.fromEntries(required.map((name) => [name, value(name)]));
}

// 2026-07-28 when the server offers it, else 2025-11-25. A form elicitation
// (the user's answer) is accepted with a value for each field.
const client = new Client(
  { name: 'mcp-step-up-reference-client', version: '1.0.0' },
  { versionNegotiation: { mode: 'auto' }, capabilities: { elicitation: { form: {} } } },
);
client.setRequestHandler('elicitation/create', async (request) => {
  const form = 'requestedSchema' in request.params ? request.params.requestedSchema : undefined;
  return { action: 'accept', content: sampleObject(form as ObjectSchema | undefined) };
});

try {
  await client.connect(
    new StreamableHTTPClientTransport(new URL(session.mcpUrl), { fetch: session.fetch }),
  );
  const { tools } = await client.listTools();
  for (const tool of tools) {
    const args = sampleObject(tool.inputSchema as ObjectSchema);
    await client.callTool({ name: tool.name, arguments: args });
  }
  await client.close();
  process.exit(0);
} catch (err) {
  console.error(
    err instanceof StepUpError
      ? `error (${err.code}): ${err.message}`
      : `error: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
