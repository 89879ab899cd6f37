// Claude Code as a test subject: opt-in only, never a dependency. Each version
// is installed on demand into ~/.cache/mcp-step-up-compat/claude-code/<version>/
// (outside the repository) and run headless (`-p`) with a temporary HOME,
// against the mock Messages API (dummy key) and the reference servers. Its
// BROWSER is the harness's Chromium. scripts/compat.ts runs the whole thing in
// a loopback-only network namespace where the machine allows it.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReferenceServers } from '../../../examples/server/start.ts';
import type { ClientAdapter, RunContext } from './harness.ts';
import { installCached, resolveVersions } from './install.ts';
import { MockAnthropic } from './mock-anthropic.ts';
import { spawnCli } from './agent-cli.ts';

const PACKAGE = '@anthropic-ai/claude-code';
const ALLOWED_TOOLS = 'mcp__notes__list_notes mcp__notes__add_note mcp__notes__authenticate';
const SIGN_IN_TIMEOUT_MS = 30_000;
const SESSION_TIMEOUT_MS = 40_000;

async function hasMcpToken(home: string): Promise<boolean> {
  try {
    const file = JSON.parse(await readFile(join(home, '.claude', '.credentials.json'), 'utf8')) as {
      mcpOAuth?: Record<string, { accessToken?: string }>;
    };
    return Object.values(file.mcpOAuth ?? {}).some((entry) => Boolean(entry.accessToken));
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

async function runClaudeCode(
  bin: string,
  { mcpUrl, scenario, browserEnv, signal, openBrowser }: RunContext,
): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'compat-claude-home-'));
  const mock = await MockAnthropic.start();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...browserEnv,
    HOME: home,
    TERM: 'dumb',
    ANTHROPIC_BASE_URL: mock.url,
    ANTHROPIC_API_KEY: 'sk-ant-dummy-compat-harness',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ENABLE_TOOL_SEARCH: 'false',
  };
  const claude = (args: string[], timeoutMs = SESSION_TIMEOUT_MS) =>
    spawnCli(bin, args, { env, timeoutMs, signal });
  try {
    const added = await claude(
      ['mcp', 'add', '-s', 'user', '--transport', 'http', 'notes', mcpUrl],
      20_000,
    );
    if (added.code !== 0) return `claude mcp add failed: ${oneLine(added.stderr || added.stdout)}`;

    // First sign-in: the authenticate tool Claude Code offers the model, else `claude mcp login`.
    // In -p mode the tool returns the URL for the user to open: the user (Chromium) opens it
    // while Claude Code waits on its loopback callback, and the model answers once signed in.
    mock.plan = [{ tool: 'mcp__notes__authenticate', input: {} }];
    mock.onToolResult = async (result) => {
      const url = /https?:\/\/\S+\/auth\?\S+/.exec(result.text)?.[0];
      if (result.tool !== 'mcp__notes__authenticate' || !url) return;
      await openBrowser(url);
      await waitFor(() => hasMcpToken(home), SIGN_IN_TIMEOUT_MS);
    };
    const signIn = claude(['-p', 'Sign in to the notes server.', '--allowedTools', ALLOWED_TOOLS]);
    let signedIn = await waitFor(() => hasMcpToken(home), SIGN_IN_TIMEOUT_MS);
    await signIn;
    if (!signedIn && !mock.offered.includes('mcp__notes__authenticate')) {
      // `claude mcp login` wants a terminal: script(1) gives it one.
      await spawnCli('script', ['-qfec', `${bin} mcp login notes`, '/dev/null'], {
        env,
        timeoutMs: SIGN_IN_TIMEOUT_MS,
        signal,
      });
      signedIn = await hasMcpToken(home);
    }
    if (process.env.COMPAT_DEBUG)
      console.log(
        `[mock] offered: ${mock.offered.join(', ')}; results: ${JSON.stringify(mock.results)}`,
      );
    if (!signedIn)
      return `sign-in did not complete (${oneLine(mock.results.at(-1)?.text ?? 'no tool result')})`;

    // The step-up: read, then write, in one headless session.
    mock.onToolResult = undefined;
    mock.plan = [{ tool: 'mcp__notes__list_notes', input: {} }];
    if (scenario === 'short-lived-token') {
      await claude(['-p', 'List my notes.', '--allowedTools', ALLOWED_TOOLS]);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      mock.plan = [{ tool: 'mcp__notes__add_note', input: { text: 'written after step-up' } }];
    } else {
      mock.plan.push({ tool: 'mcp__notes__add_note', input: { text: 'written after step-up' } });
    }
    const session = await claude([
      '-p',
      'List my notes, then add one.',
      '--allowedTools',
      ALLOWED_TOOLS,
    ]);
    const write = mock.results.filter((r) => r.tool === 'mcp__notes__add_note').at(-1);
    if (write) return write.text;
    return `add_note was not called (offered: ${mock.offered.filter((t) => t.startsWith('mcp__')).join(', ') || 'no notes tools'}); ${oneLine(session.stdout || session.stderr).slice(0, 200)}`;
  } finally {
    await mock.close();
    await rm(home, { recursive: true, force: true });
  }
}

/**
 * Claude Code identifies itself with a Client ID Metadata Document on
 * claude.ai when the authorization server supports them. The reference
 * server would fetch it from the internet, which a loopback-only run must not
 * do, so for these runs its metadata says it does not support them: Claude
 * Code then registers dynamically, as it does with most servers today.
 * Nothing about the step-up depends on how the client got its id.
 */
const hideMetadataDocumentsOn = new Set<number>();
let hiding = false;

export function registerInsteadOfMetadataDocument(servers: ReferenceServers): string {
  hideMetadataDocumentsOn.add(Number(new URL(servers.issuer).port));
  if (!hiding) {
    hiding = true;
    // The metadata is rewritten on its way out (the server is not changed): the flag is dropped.
    subscribe('http.server.request.start', (message) => {
      const { request, response, server } = message as {
        request: IncomingMessage;
        response: ServerResponse;
        server: Server;
      };
      const port = (server.address() as AddressInfo | null)?.port;
      if (!port || !hideMetadataDocumentsOn.has(port) || !request.url?.startsWith('/.well-known/'))
        return;
      const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
      response.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if ((typeof chunk === 'string' || Buffer.isBuffer(chunk)) && !response.headersSent) {
          let text = chunk.toString().replace(/,?"client_id_metadata_document_supported":true/, '');
          if (hideRevocationOn.has(port))
            text = text.replace(/,?"revocation_endpoint":"[^"]*"/, '');
          response.setHeader('content-length', Buffer.byteLength(text));
          return end(text, ...rest);
        }
        return end(chunk, ...rest);
      }) as typeof response.end;
    });
  }
  return "the authorization server's metadata does not offer Client ID Metadata Documents in this run (Claude Code would make it fetch one from claude.ai), so Claude Code registers dynamically";
}

const hideRevocationOn = new Set<number>();

/**
 * A variant of the authorization server with no revocation endpoint in its
 * metadata (RFC 7009 is optional): the journey shows what Claude Code's
 * sign-ins do when it has nowhere to revoke tokens. Call after
 * registerInsteadOfMetadataDocument, which installs the rewriting.
 */
export function withoutRevocationEndpoint(servers: ReferenceServers): string {
  hideRevocationOn.add(Number(new URL(servers.issuer).port));
  return "the authorization server's metadata offers no revocation endpoint in this run";
}

/** The `claude` binary of that version, installed into the cache first if it is not there. */
export async function claudeCodeBin(version: string): Promise<string> {
  const dir = await installCached(
    'claude-code',
    PACKAGE,
    version,
    'node_modules/.bin/claude',
    ' (proprietary: used as a test subject only, never a dependency)',
  );
  return join(dir, 'node_modules/.bin/claude');
}

export async function claudeCodeAdapters(specs: string[]): Promise<ClientAdapter[]> {
  const versions = await resolveVersions(PACKAGE, specs);
  const adapters: ClientAdapter[] = [];
  for (const version of versions) {
    const bin = await claudeCodeBin(version);
    adapters.push({
      id: `claude-code-${version}`,
      client: 'Claude Code',
      version,
      variant: 'headless (-p)',
      prepare: registerInsteadOfMetadataDocument,
      run: (ctx) => runClaudeCode(bin, ctx),
    });
  }
  return adapters;
}
