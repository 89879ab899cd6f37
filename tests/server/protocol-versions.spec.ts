// The reference MCP server speaks MCP 2026-07-28 and 2025-11-25 from one
// endpoint, and its 403 insufficient_scope comes from the MCP SDK's per-tool
// scopeChallenge hook in both. Driven with the official client SDK, pinned to
// each version, behind the reference client's session.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { VersionNegotiationMode } from '@modelcontextprotocol/client';
import { callTool } from '../../examples/client/step-up.ts';
import { expect, test } from '../support/fixtures.ts';
import { claims } from '../support/claims.ts';
import { newSession } from '../reference-client/edge-cases/helpers.ts';

const VERSIONS: { name: string; mode: VersionNegotiationMode; first: string }[] = [
  { name: '2026-07-28', mode: { pin: '2026-07-28' }, first: 'server/discover' },
  { name: '2025-11-25', mode: 'legacy', first: 'initialize' },
];

test(
  "the server serves both versions, with the SDK hook's 403 in each",
  claims({
    'server.both-versions':
      'One endpoint serves MCP 2026-07-28 (`server/discover`, then each request with its own `_meta`) and 2025-11-25 (`initialize` first); the tools, the `401` and the step-up `403` are the same in both',
    'server.sdk-scope-hook':
      "The step-up `403` for a tool call comes from the tool's `scopeChallenge` hook in `@modelcontextprotocol/server` 2.x, which answers with the scopes the same policy names: what the token has plus what the call needs",
  }),
  async ({ servers, user }) => {
    for (const version of VERSIONS) {
      const { session, transcript } = newSession(servers, user);
      const options = { versionNegotiation: { mode: version.mode } };
      const client = new Client({ name: 'version-check', version: '1.0.0' }, options);
      const url = new URL(session.mcpUrl);
      const transport = new StreamableHTTPClientTransport(url, { fetch: session.fetch });
      await client.connect(transport);
      expect(client.getNegotiatedProtocolVersion(), version.name).toBe(version.name);
      expect(transcript.exchanges.find((e) => e.rpc)?.rpc, version.name).toBe(version.first);

      expect((await callTool(client, 'list_notes')).isError, version.name).toBe(false);
      const write = await callTool(client, 'add_note', { text: `written over ${version.name}` });
      expect(write.text, version.name).toMatch(/^Added note #\d+$/);
      await client.close();

      // The 403 the SDK builds: OAuth error JSON, and the full set of scopes in the challenge.
      const blocks = transcript.toString().split('\n\n');
      const refused = blocks.find((block) => block.includes('← 403'))!;
      expect(refused, version.name).toContain('JSON-RPC tools/call add_note');
      expect(refused, version.name).toContain('scope="notes:read notes:write"');
      const description = 'add_note requires notes:read and notes:write';
      const body = { error: 'insufficient_scope', error_description: description };
      expect(refused, version.name).toContain(JSON.stringify(body));
    }
    expect(user.screens).toHaveLength(4); // per version: the first sign-in and one step-up
  },
);
