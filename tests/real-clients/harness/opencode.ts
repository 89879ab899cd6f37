// opencode (opencode-ai, MIT) as a test subject: opt-in only, never a
// dependency. Each version is installed on demand into
// ~/.cache/mcp-step-up-compat/opencode/<version>/ and run with a temporary
// HOME against the mock Chat Completions API (an OpenAI-compatible provider
// in opencode.json, dummy key) and the reference servers. Its browser
// (BROWSER) is the harness's Chromium; the step-up session is `opencode run`.
//
// Rows: what the user does after the step-up call fails: nothing (headless
// `opencode run`), or sign in again (`opencode mcp logout`, `opencode mcp auth`),
// then the same call.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { oneLine, readThenWrite, spawnCli, tempHome, WROTE_NOTE } from './agent-cli.ts';
import type { ClientAdapter, RunContext } from './harness.ts';
import { installCached, resolveVersions } from './install.ts';
import { MockOpenAI } from './mock-openai.ts';

const PACKAGE = 'opencode-ai';
const BIN = 'node_modules/.bin/opencode';
const AUTH_TIMEOUT_MS = 40_000;
const RUN_TIMEOUT_MS = 50_000;

/** opencode.json: the mock as an OpenAI-compatible provider, the notes server, tools allowed. */
function config(mockUrl: string, mcpUrl: string): string {
  return JSON.stringify(
    {
      $schema: 'https://opencode.ai/config.json',
      autoupdate: false,
      share: 'disabled',
      model: 'mock/mock',
      provider: {
        mock: {
          npm: '@ai-sdk/openai-compatible',
          name: 'Mock',
          options: { baseURL: mockUrl, apiKey: 'sk-dummy-compat-harness' },
          models: { mock: { name: 'mock', tool_call: true } },
        },
      },
      mcp: { notes: { type: 'remote', url: mcpUrl, enabled: true } },
      permission: { '*': 'allow' },
    },
    null,
    2,
  );
}

type AfterFailure = 'nothing' | 'auth';

async function runOpencode(bin: string, after: AfterFailure, ctx: RunContext): Promise<string> {
  const { mcpUrl, scenario, browserEnv, signal } = ctx;
  const home = await tempHome('opencode');
  const work = join(home, 'work');
  const mock = await MockOpenAI.start();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...browserEnv,
    HOME: home,
    TERM: 'dumb',
    NO_COLOR: '1',
    // No fetches of its model catalogue, updates, plugins or language servers: nothing to reach.
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_SHARE: '1',
  };
  const opencode = (args: string[], timeoutMs: number) =>
    spawnCli(bin, args, { env, cwd: work, timeoutMs, signal });
  const run = (prompt: string) => opencode(['run', prompt], RUN_TIMEOUT_MS);
  const auth = () => opencode(['mcp', 'auth', 'notes'], AUTH_TIMEOUT_MS);
  const lastWrite = () => mock.results.filter((r) => r.tool.endsWith('add_note')).at(-1);
  try {
    await mkdir(join(home, '.config', 'opencode'), { recursive: true });
    await mkdir(work);
    await writeFile(join(home, '.config', 'opencode', 'opencode.json'), config(mock.url, mcpUrl));

    // First sign-in: `opencode run` does not sign in by itself; `opencode mcp auth` does.
    const signIn = await auth();
    if (!/success/i.test(oneLine(signIn.stdout + signIn.stderr))) {
      return `opencode mcp auth failed: ${oneLine(signIn.stderr || signIn.stdout).slice(-240)}`;
    }

    const tools = { list: 'notes_list_notes', add: 'notes_add_note' };
    const first = await readThenWrite(mock, tools, scenario, run);
    if ('notCalled' in first) return first.notCalled;
    const { write } = first;
    if (after === 'nothing' || WROTE_NOTE.test(write.text)) return write.text;

    // `opencode mcp auth` first asks on the terminal whether to replace valid credentials;
    // `opencode mcp logout` then `auth` is the same sign-in without the question.
    await opencode(['mcp', 'logout', 'notes'], AUTH_TIMEOUT_MS);
    const again = await auth();
    const said = oneLine(again.stdout + again.stderr).slice(-160);
    mock.plan = [{ tool: tools.add, input: { text: 'written after step-up' } }];
    await run('Add a note.');
    const retry = lastWrite();
    return retry === write
      ? `${write.text} | opencode mcp auth: ${said} | then add_note was not called`
      : `${write.text} | after opencode mcp auth: ${retry!.text}`;
  } finally {
    await mock.close();
    await rm(home, { recursive: true, force: true });
  }
}

const AFTER = {
  nothing: 'opencode run',
  auth: 'opencode run, then opencode mcp logout and auth',
} as const;

export async function opencodeAdapters(specs: string[]): Promise<ClientAdapter[]> {
  const adapters: ClientAdapter[] = [];
  // "0.171.0,latest" names one version twice when it is the latest.
  for (const version of new Set(await resolveVersions(PACKAGE, specs))) {
    const dir = await installCached('opencode', PACKAGE, version, BIN);
    for (const after of Object.keys(AFTER) as AfterFailure[]) {
      adapters.push({
        id: `opencode-${version}-${after === 'auth' ? 'auth' : 'run'}`,
        client: 'opencode',
        version,
        variant: AFTER[after],
        timeoutMs: 150_000,
        run: (ctx) => runOpencode(join(dir, BIN), after, ctx),
      });
    }
  }
  return adapters;
}
