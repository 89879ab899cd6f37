// Codex CLI (@openai/codex, Apache-2.0) as a test subject: opt-in only, never
// a dependency. Each version is installed on demand into
// ~/.cache/mcp-step-up-compat/codex/<version>/ and run with a temporary HOME
// against the mock Responses API (a custom `model_providers` entry in
// config.toml, dummy key) and the reference servers. Codex signs in to an MCP
// server only through `codex mcp login <name>`, whose browser (BROWSER) is
// the harness's Chromium; the step-up session is `codex exec`.
//
// Rows: how Codex gets its client id (a metadata document, served from a local
// copy, or dynamic registration; see metadata-documents.ts) times what the user
// does after the step-up call fails: nothing (headless `codex exec`), or what
// Codex tells them to do, `codex mcp login`, then the same call again.
import { writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReferenceServers } from '../../../examples/server/start.ts';
import { oneLine, readThenWrite, spawnCli, tempHome, WROTE_NOTE } from './agent-cli.ts';
import type { ClientAdapter, RunContext } from './harness.ts';
import { installCached, resolveVersions } from './install.ts';
import {
  hideMetadataDocuments,
  serveLocalDocument,
  type MetadataDocument,
} from './metadata-documents.ts';
import { MockOpenAI } from './mock-openai.ts';

const PACKAGE = '@openai/codex';
const BIN = 'node_modules/.bin/codex';
const LOGIN_TIMEOUT_MS = 30_000;
const EXEC_TIMEOUT_MS = 40_000;

// #region codex-document
/**
 * The local copy of Codex's metadata document. The published one cannot be
 * read from here (no network): this copy has the fields a public loopback
 * client publishes, and the redirect URI Codex sends (`http://127.0.0.1:<port>/callback`;
 * RFC 8252 lets the port vary for a native client).
 */
export const CODEX_DOCUMENT: MetadataDocument = {
  client_id: 'https://chatgpt.com/oauth/codex/client.json',
  client_name: 'Codex',
  application_type: 'native',
  redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};
// #endregion codex-document

/** config.toml: the mock as the model provider, the notes server, tokens in a file. */
function config(mockUrl: string, mcpUrl: string): string {
  return [
    'model = "mock"',
    'model_provider = "mock"',
    'approval_policy = "never"',
    'mcp_oauth_credentials_store = "file"',
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = "${mockUrl}"`,
    'env_key = "MOCK_OPENAI_API_KEY"',
    'wire_api = "responses"',
    '[mcp_servers.notes]',
    `url = "${mcpUrl}"`,
    // The user has approved the notes tools: exec mode cannot ask.
    'default_tools_approval_mode = "approve"',
    '',
  ].join('\n');
}

type AfterFailure = 'nothing' | 'login';

/** A tool result as the user reads it: without Codex's timing header and its Rust type names. */
const said = (text: string) =>
  oneLine(text)
    .replace(/^Wall time: [\d.]+ seconds Output: /, '')
    .replace(/Transport \[[^\s]*\] error/, 'Transport error');

async function runCodex(bin: string, after: AfterFailure, ctx: RunContext): Promise<string> {
  const { mcpUrl, scenario, browserEnv, signal } = ctx;
  const home = await tempHome('codex');
  const mock = await MockOpenAI.start();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...browserEnv,
    HOME: home,
    TERM: 'dumb',
    NO_COLOR: '1',
    MOCK_OPENAI_API_KEY: 'sk-dummy-compat-harness',
  };
  const codex = (args: string[], timeoutMs: number) =>
    spawnCli(bin, args, { env, cwd: home, timeoutMs, signal });
  const exec = (prompt: string) =>
    codex(['exec', '--skip-git-repo-check', '--color', 'never', prompt], EXEC_TIMEOUT_MS);
  const login = () => codex(['mcp', 'login', 'notes'], LOGIN_TIMEOUT_MS);
  const lastWrite = () => mock.results.filter((r) => r.tool.endsWith('add_note')).at(-1);
  try {
    await mkdir(join(home, '.codex'), { recursive: true });
    await writeFile(join(home, '.codex', 'config.toml'), config(mock.url, mcpUrl));

    // First sign-in: the only way Codex has is `codex mcp login`.
    const signIn = await login();
    if (signIn.code !== 0)
      return `codex mcp login failed: ${oneLine(signIn.stderr || signIn.stdout).slice(-240)}`;

    // The step-up: read, then write, in one headless session.
    // Codex offers each MCP server's tools in a namespace: mcp__notes + add_note.
    const tools = { list: 'mcp__notes__list_notes', add: 'mcp__notes__add_note' };
    const first = await readThenWrite(mock, tools, scenario, exec);
    if ('notCalled' in first) return first.notCalled;
    const { write } = first;
    if (after === 'nothing' || WROTE_NOTE.test(write.text)) return said(write.text);

    // What the user does next: sign in again as Codex says, then ask again.
    const again = await login();
    if (again.code !== 0) {
      const printed = oneLine(again.stderr || again.stdout).slice(-200);
      return `${said(write.text)} | codex mcp login: ${printed}`;
    }
    mock.plan = [{ tool: tools.add, input: { text: 'written after step-up' } }];
    await exec('Add a note.');
    const retry = lastWrite();
    return retry === write
      ? `${said(write.text)} | then add_note was not called`
      : `${said(write.text)} | after codex mcp login: ${said(retry!.text)}`;
  } finally {
    await mock.close();
    await rm(home, { recursive: true, force: true });
  }
}

const REGISTRATION = {
  'local-document': {
    variant: 'metadata document (local copy)',
    prepare: (servers: ReferenceServers) => serveLocalDocument(servers, CODEX_DOCUMENT),
  },
  registers: {
    variant: 'dynamic registration',
    prepare: (servers: ReferenceServers) => hideMetadataDocuments(servers, 'Codex'),
  },
} as const;

const AFTER = {
  nothing: 'codex exec',
  login: 'codex exec, then codex mcp login',
} as const;

export async function codexAdapters(specs: string[]): Promise<ClientAdapter[]> {
  const adapters: ClientAdapter[] = [];
  // "0.171.0,latest" names one version twice when it is the latest.
  for (const version of new Set(await resolveVersions(PACKAGE, specs))) {
    const dir = await installCached('codex', PACKAGE, version, BIN);
    for (const after of Object.keys(AFTER) as AfterFailure[]) {
      for (const [key, registration] of Object.entries(REGISTRATION)) {
        adapters.push({
          id: `codex-${version}-${after === 'login' ? 'login' : 'exec'}-${key}`,
          client: 'Codex CLI',
          version,
          variant: `${AFTER[after]}; ${registration.variant}`,
          prepare: registration.prepare,
          timeoutMs: 120_000,
          run: (ctx) => runCodex(join(dir, BIN), after, ctx),
        });
      }
    }
  }
  return adapters;
}
