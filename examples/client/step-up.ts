// The step-up example: connect to the notes server with the baseline scope,
// read, then write. The write needs notes:write, the server answers 403
// insufficient_scope, and the session asks the user to consent again before
// retrying the call.
import { Client, SdkError, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StepUpError } from './errors.ts';
import { McpAuthSession, type SessionOptions } from './session.ts';

export interface ToolOutcome {
  tool: string;
  text: string;
  isError: boolean;
}

// #region connect
export async function connect(session: McpAuthSession): Promise<Client> {
  // MCP 2026-07-28 when the server offers it (server/discover), else the
  // 2025-11-25 initialize handshake.
  const client = new Client(
    { name: 'step-up-example', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  // The session's fetch adds the token and handles 401 and 403 challenges.
  const transport = new StreamableHTTPClientTransport(new URL(session.mcpUrl), {
    fetch: session.fetch,
  });
  try {
    await client.connect(transport);
  } catch (err) {
    // The SDK wraps what the session threw during its server/discover probe.
    throw err instanceof SdkError && err.cause instanceof StepUpError ? err.cause : err;
  }
  await session.transcript.settled();
  return client;
}
// #endregion connect

export async function callTool(
  client: Client,
  tool: string,
  args: Record<string, unknown> = {},
): Promise<ToolOutcome> {
  const result = await client.callTool({ name: tool, arguments: args });
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return {
    tool,
    text: content.map((c) => c.text ?? '').join('\n'),
    isError: Boolean(result.isError),
  };
}

// #region step-up
export async function runStepUpExample(
  options: SessionOptions,
): Promise<{ session: McpAuthSession; outcomes: ToolOutcome[] }> {
  const session = new McpAuthSession(options);
  const client = await connect(session); // 401, then the first consent: notes:read
  try {
    const outcomes = [
      await callTool(client, 'list_notes'), // covered by notes:read
      // 403, consent again, retry:
      await callTool(client, 'add_note', { text: 'Written after step-up' }),
    ];
    return { session, outcomes };
  } finally {
    await client.close();
  }
}
// #endregion step-up
