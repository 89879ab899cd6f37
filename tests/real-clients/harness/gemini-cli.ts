// Gemini CLI as a test subject: opt-in only, never a dependency. Each version
// is installed on demand into ~/.cache/mcp-step-up-compat/gemini-cli/<version>/
// (outside the repository) and run with a temporary HOME against the mock
// Gemini API (dummy key, GOOGLE_GEMINI_BASE_URL) and the reference servers,
// with telemetry, usage statistics and update checks off, in three ways (rows):
// - headless (`gemini -p`): the server is configured with OAuth enabled, so
//   Gemini CLI signs in by itself when the server answers 401;
// - its own login path: an interactive session in tmux (a pseudo-terminal),
//   where the user types `/mcp auth notes`, then asks for the notes;
// - `/mcp auth notes` in a session, then the request through `gemini -p`.
// Gemini CLI never offers a Client ID Metadata Document (it registers
// dynamically), so there is no metadata-document run. Its BROWSER is the
// harness's Chromium. scripts/compat.ts runs it in a loopback-only network
// namespace where the machine allows it.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SHORT_TOKEN_EXPIRED_AFTER_MS } from '../../../examples/server/start.ts';
import type { ClientAdapter, RunContext } from './harness.ts';
import { installCached, resolveVersions } from './install.ts';
import { MockGemini } from './mock-gemini.ts';
import { spawnCli } from './agent-cli.ts';

const PACKAGE = '@google/gemini-cli';
const BIN = 'node_modules/.bin/gemini';
const SESSION_TIMEOUT_MS = 100_000;
/** A whole run: a CLI that takes seconds to start (twice in one row), on a busy machine. */
export const GEMINI_RUN_TIMEOUT_MS = 150_000;

/** headless: `gemini -p` signs in by itself; mcp-auth: all in the interactive session;
 * mcp-auth-then-headless: `/mcp auth notes` in a session, then `gemini -p`. */
type Mode = 'headless' | 'mcp-auth' | 'mcp-auth-then-headless';

/** tmux on a socket of its own (in the run's temporary home): runs never meet another tmux. */
function tmux(socket: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('tmux', ['-S', socket, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(out));
  });
}

/** Gemini CLI keeps MCP tokens in ~/.gemini/mcp-oauth-tokens.json when no keychain is there. */
async function hasMcpToken(home: string): Promise<boolean> {
  try {
    const text = await readFile(join(home, '.gemini', 'mcp-oauth-tokens.json'), 'utf8');
    const file = JSON.parse(text) as { token?: { accessToken?: string } }[];
    return file.some((entry) => Boolean(entry.token?.accessToken));
  } catch {
    return false;
  }
}

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !signal.aborted) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** settings.json: the notes server, the API-key auth, and nothing that calls home. */
function settings(mcpUrl: string, mode: Mode) {
  return {
    security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    ide: { enabled: false },
    ui: { hideTips: true, hideBanner: true },
    // One fixed model: no routing requests, no loop detection, no next-speaker checks.
    model: { name: 'gemini-2.5-flash', disableLoopDetection: true, skipNextSpeakerCheck: true },
    // headless: OAuth enabled, so the 401 starts the sign-in; otherwise the user runs /mcp auth.
    mcpServers: {
      notes: { httpUrl: mcpUrl, ...(mode === 'headless' ? { oauth: { enabled: true } } : {}) },
    },
  };
}

async function runGemini(bin: string, mode: Mode, ctx: RunContext): Promise<string> {
  const { mcpUrl, scenario, browserEnv, signal } = ctx;
  const home = await mkdtemp(join(tmpdir(), 'compat-gemini-home-'));
  const cwd = join(home, 'work');
  await mkdir(join(home, '.gemini'), { recursive: true });
  await mkdir(cwd);
  const settingsJson = JSON.stringify(settings(mcpUrl, mode), null, 2);
  await writeFile(join(home, '.gemini', 'settings.json'), settingsJson);
  const mock = await MockGemini.start();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...browserEnv,
    HOME: home,
    TERM: 'xterm-256color',
    GEMINI_API_KEY: 'dummy-compat-harness-key',
    GOOGLE_GEMINI_BASE_URL: mock.url,
    // Gemini CLI opens a browser on Linux only when it sees a display.
    DISPLAY: ':0',
    NO_COLOR: '1',
    GEMINI_CLI_NO_RELAUNCH: 'true',
  };
  // The step-up: read, then write. With a short-lived token, the write waits it out.
  mock.plan = [
    { tool: 'list_notes', input: {} },
    { tool: 'add_note', input: { text: 'written after step-up' } },
  ];
  if (scenario === 'short-lived-token') {
    mock.pauseAfter = { tool: 'list_notes', ms: SHORT_TOKEN_EXPIRED_AFTER_MS };
  }
  const session = new Session(bin, env, cwd, signal);
  try {
    let shown: string;
    if (mode === 'headless') {
      shown = await session.headless();
    } else {
      shown = await session.signInWithMcpAuth(home);
      if (mode === 'mcp-auth') shown = await session.ask(mock);
      else shown = (await session.quit(), await session.headless());
    }
    if (process.env.COMPAT_DEBUG) {
      console.log(`[mock] offered: ${mock.offered.join(', ')}`);
      console.log(`[mock] not served: ${mock.unknown.join(', ')}`);
      console.log(`[mock] results: ${JSON.stringify(mock.results)}`);
    }
    const write = mock.results.filter((r) => r.tool.endsWith('add_note')).at(-1);
    if (write) return write.text;
    const signedIn = session.signedIn || (await hasMcpToken(home));
    const offered = mock.offered.filter((t) => /list_notes|add_note/.test(t)).join(', ');
    const notCalled = `add_note was not called (offered: ${offered || 'no notes tools'})`;
    return `${signedIn ? '' : 'sign-in did not complete; '}${notCalled}; ${mcpLines(shown)}`;
  } finally {
    await session.quit();
    await mock.close();
    await rm(home, { recursive: true, force: true });
  }
}

/** What Gemini CLI printed about the server, not its banner and warnings. */
const mcpLines = (text: string) => {
  const lines = text
    .split('\n')
    .filter((l) => /MCP|notes|auth/i.test(l) && !/YOLO|Warning/.test(l));
  return oneLine(lines.join(' ')).slice(-300);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PROMPT = 'List my notes, then add one.';

/** One user of Gemini CLI: headless runs, and an interactive session in tmux. */
class Session {
  readonly #socket: string;
  #started = false;
  /** `/mcp auth` stored a token (Gemini CLI may delete it later, after a failed refresh). */
  signedIn = false;

  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal: AbortSignal;

  constructor(bin: string, env: NodeJS.ProcessEnv, cwd: string, signal: AbortSignal) {
    this.bin = bin;
    this.env = env;
    this.cwd = cwd;
    this.signal = signal;
    this.#socket = join(dirname(cwd), 'tmux.sock');
  }

  /** `gemini -p`: one prompt, tools approved (--yolo); returns what it printed. */
  async headless(): Promise<string> {
    const debug = process.env.COMPAT_DEBUG ? ['--debug'] : [];
    const args = ['-p', PROMPT, '--yolo', ...debug];
    const run = await spawnCli(this.bin, args, {
      env: this.env,
      cwd: this.cwd,
      timeoutMs: SESSION_TIMEOUT_MS,
      signal: this.signal,
    });
    return `${run.stdout}\n${run.stderr}`;
  }

  screen(): Promise<string> {
    return tmux(this.#socket, ['capture-pane', '-p', '-t', 'g']);
  }

  /** Types a line and presses Enter until the input box lets go of it (a busy CLI can miss one). */
  async #type(text: string): Promise<void> {
    const inInput = new RegExp(`^ [*>] +${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm');
    await tmux(this.#socket, ['send-keys', '-t', 'g', '-l', text]);
    await this.#shows(inInput, 10_000);
    for (let attempt = 0; attempt < 4; attempt++) {
      await sleep(500);
      await tmux(this.#socket, ['send-keys', '-t', 'g', 'Enter']);
      if (await waitFor(async () => !inInput.test(await this.screen()), 5_000, this.signal)) return;
    }
  }

  #shows(pattern: RegExp, timeoutMs: number): Promise<boolean> {
    return waitFor(async () => pattern.test(await this.screen()), timeoutMs, this.signal);
  }

  /** Starts the interactive session and signs in as a user would: `/mcp auth notes`. */
  async signInWithMcpAuth(home: string): Promise<string> {
    const env = Object.entries(this.env).flatMap(([k, v]) =>
      v === undefined ? [] : ['-e', `${k}=${v}`],
    );
    this.#started = true;
    // The harness may stop the run and exit before this run's cleanup: the session goes with it.
    this.signal.addEventListener('abort', () => void this.quit(), { once: true });
    await tmux(this.#socket, [
      'new-session',
      '-d',
      '-x',
      '120',
      '-y',
      '40',
      '-s',
      'g',
      '-c',
      this.cwd,
      ...env,
      this.bin,
      '--yolo',
    ]);
    if (!(await this.#shows(/Type your message/i, 40_000))) {
      return `the session did not start: ${oneLine(await this.screen()).slice(-200)}`;
    }
    await this.#type('/mcp auth notes');
    // It asks first ("Opening authentication page in your browser. Do you want to continue?"): Yes.
    const asking = /Do you want to continue/i;
    for (let attempt = 0; attempt < 4; attempt++) {
      if (!(await this.#shows(asking, attempt ? 1_000 : 20_000))) break;
      await tmux(this.#socket, ['send-keys', '-t', 'g', 'Enter']);
      await waitFor(async () => !asking.test(await this.screen()), 5_000, this.signal);
    }
    this.signedIn = await waitFor(() => hasMcpToken(home), 40_000, this.signal);
    if (process.env.COMPAT_DEBUG) {
      console.log(`[gemini /mcp auth] signed in: ${this.signedIn}\n${await this.screen()}`);
    }
    // Then it reconnects to the server with the new token and lists its tools again.
    await this.#shows(/reloaded tools for 'notes'|Failed/i, 15_000);
    await sleep(1_000);
    return this.screen();
  }

  /** Asks for the notes in the interactive session; returns the screen once the turn ends. */
  async ask(mock: MockGemini): Promise<string> {
    const ended = mock.turnsEnded;
    await this.#type(PROMPT);
    await waitFor(async () => mock.turnsEnded > ended, 45_000, this.signal);
    await sleep(1_000);
    const shown = await this.screen();
    if (process.env.COMPAT_DEBUG) console.log(`[gemini screen]\n${shown}`);
    return shown;
  }

  async quit(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await tmux(this.#socket, ['kill-server']);
  }
}

export async function geminiCliAdapters(specs: string[]): Promise<ClientAdapter[]> {
  // "0.61.0,latest" is one version while 0.61.0 is the latest.
  const versions = [...new Set(await resolveVersions(PACKAGE, specs))];
  const adapters: ClientAdapter[] = [];
  const variants: [suffix: string, variant: string, mode: Mode][] = [
    ['', 'headless (-p)', 'headless'],
    ['-mcp-auth', '/mcp auth, interactive', 'mcp-auth'],
    ['-mcp-auth-headless', '/mcp auth, then -p', 'mcp-auth-then-headless'],
  ];
  const only = process.env.COMPAT_GEMINI_VARIANTS?.split(',');
  for (const version of versions) {
    const dir = await installCached('gemini-cli', PACKAGE, version, BIN);
    const bin = join(dir, BIN);
    for (const [suffix, variant, mode] of variants) {
      if (only && !only.includes(mode)) continue;
      adapters.push({
        id: `gemini-cli-${version}${suffix}`,
        client: 'Gemini CLI',
        version,
        variant,
        timeoutMs: GEMINI_RUN_TIMEOUT_MS,
        run: (ctx) => runGemini(bin, mode, ctx),
      });
    }
  }
  return adapters;
}
