// Claude Code's whole step-up journey, driven the way a person does: the
// interactive session runs in a terminal (tmux, see terminal.ts) that the
// harness reads as drawn and types into; `claude mcp login/logout` run in a
// second terminal window; consent screens are answered in Chromium. Opt-in,
// installed on demand like claude-code.ts, run against the mock Messages API,
// inside the loopback-only namespace scripts/compat.ts makes.
//
// One journey = fresh servers + a fresh HOME: sign in from /mcp, ask for a read
// and a write, meet the 403, complete (or decline) the step-up one way, then
// make the next call. Everything is counted on the server side (observe.ts).
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import type { ScenarioName } from '../../../examples/server/scenarios.ts';
import { startReferenceServers, type ReferenceServers } from '../../../examples/server/start.ts';
import { BrowserHook } from './browser.ts';
import { registerInsteadOfMetadataDocument, withoutRevocationEndpoint } from './claude-code.ts';
import { MockAnthropic } from './mock-anthropic.ts';
import { BROWSER_USER_AGENT, ServerObserver } from './observe.ts';
import { PINNED } from './claude-code-journey-records.ts';
import { Terminal } from './terminal.ts';

/** How the user completes the step-up. */
export type Way = 'prompt' | 'mcp-menu' | 'mcp-login';
/** Extra journeys: sign-out, and headless use. */
export type Extra = 'clear-auth' | 'logout' | 'headless' | 'pinned-scopes';

export interface ConsentScreenSeen {
  new: string[];
  granted: string[];
  answer: 'approve' | 'deny';
}
export interface AuthorizationRequest {
  scope: string;
  prompt: string | null;
}
/** What $HOME/.claude/.credentials.json holds for the server (presence only, never values). */
export interface StoredCredentials {
  accessToken: boolean;
  refreshToken: boolean;
  clientId: boolean;
  scope: string | null;
}

export interface JourneyRun {
  /** e.g. "prompt × held-scope × approve", "clear-auth × full-set". */
  id: string;
  way: Way | Extra;
  scenario: ScenarioName;
  consent: 'approve' | 'deny';
  /** What the first sign-in asked for. */
  firstSignIn: AuthorizationRequest | null;
  /** No 403 happened: the first token already held every scope the write needs. */
  no403: boolean;
  /** The session screen when the 403 arrived (redacted, as drawn). */
  screenAt403: string[];
  /** What the failed write returned to the model (the tool result), when the session reached it. */
  toolResultAt403?: string;
  /** The in-session "Re-authenticate now?" question was shown. */
  offeredReauthenticate: boolean;
  /** refresh_token grants the authorization server handled after the 403. */
  refreshAfter403: number;
  /** Authorization requests the browser made after the 403. */
  reauthorization: AuthorizationRequest[];
  /** Consent screens after the 403, with what they list as new and as already granted. */
  consentAfter403: ConsentScreenSeen[];
  /** The screen after the step-up was completed or declined (redacted). */
  screenAfter: string[];
  /** Token revocation requests the authorization server received after the 403, with status. */
  revocations: number[];
  /**
   * What the authorization server did about them (oidc-provider events): grants revoked, errors.
   */
  revocationEvents: string[];
  /** The write succeeded before the user asked again: Claude Code retried the call by itself. */
  autoRetried: boolean;
  /**
   * The next call the user asked for: add_note (approve), list_notes (deny: does the old token
   * still work?).
   */
  nextCall: { tool: string; outcome: 'works' | 'fails'; userSees: string } | null;
  credentials: { before: StoredCredentials | null; after: StoredCredentials | null };
  /** Set when the authorization server differs from the reference one in this run. */
  authorizationServer?: string;
  /** What the servers saw, in order (observe.ts): no secrets, ports and ids normalised. */
  transcript: string[];
  seconds: number;
  error?: string;
}

export interface JourneyRecord {
  client: 'Claude Code';
  version: string;
  date: string;
  /**
   * Time of the whole journey for this version: the sum of its runs' (runs re-run alone included).
   */
  seconds: number;
  harness: string;
  runs: JourneyRun[];
}

const TOOLS = 'mcp__notes__list_notes mcp__notes__add_note mcp__notes__authenticate';
const STEP_MS = 45_000;
const exec = promisify(execFile);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// #region user
/** The person at the browser: reads each consent screen and answers it as told. */
class ConsentUser {
  readonly screens: ConsentScreenSeen[] = [];
  answer: 'approve' | 'deny' = 'approve';
  #queue: Promise<void> = Promise.resolve();
  readonly #page: Page;
  readonly #issuer: string;

  constructor(page: Page, issuer: string) {
    this.#page = page;
    this.#issuer = issuer;
  }

  readonly open = (url: string): Promise<void> => {
    const run = this.#queue.then(() => this.#visit(url));
    this.#queue = run.catch(() => {});
    return run;
  };

  async #visit(url: string): Promise<void> {
    const page = this.#page;
    await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => {});
    for (let i = 0; i < 6 && page.url().startsWith(this.#issuer); i++) {
      const list = page.locator('#scopes li');
      if (
        !(await page
          .locator('#scopes')
          .isVisible()
          .catch(() => false))
      )
        return;
      const scopes = await list.evaluateAll((items) =>
        items.map((li) => [
          li.getAttribute('data-scope') ?? '',
          li.getAttribute('data-state') ?? '',
        ]),
      );
      const answer = this.answer;
      this.screens.push({
        new: scopes.filter(([, state]) => state === 'new').map(([scope]) => scope!),
        granted: scopes.filter(([, state]) => state !== 'new').map(([scope]) => scope!),
        answer,
      });
      const before = page.url();
      await Promise.all([
        page
          .waitForURL((u) => u.href !== before, { waitUntil: 'commit', timeout: 15_000 })
          .catch(() => {}),
        page.getByRole('button', { name: answer === 'approve' ? 'Approve' : 'Deny' }).click(),
      ]);
      await page.waitForLoadState('load', { timeout: 10_000 }).catch(() => {});
    }
  }
}
// #endregion user

/** Screen text with no secrets and no run-to-run noise: ports, ids, times, paths, spinners. */
export function redactScreen(screen: string, paths: Record<string, string>): string[] {
  let text = screen;
  // A URL the terminal wrapped is joined again first, so it is redacted whole.
  for (let before = ''; before !== text;) {
    before = text;
    text = text.replace(/(https?:\/\/\S+)\n[ ]{0,4}([^\s]+)(?=\n|$)/, '$1$2');
  }
  for (const [path, name] of Object.entries(paths)) text = text.replaceAll(path, name);
  const lines = text
    .replace(/(127\.0\.0\.1|localhost)(%3A|:)\d{2,5}/g, '$1$2{port}')
    .replace(/\b(code|access_token|refresh_token|code_verifier|token)=[^&\s"]+/gi, '$1=[redacted]')
    .replace(/\b(client_id|state|code_challenge)=[^&\s"]+/g, '$1=<$1>')
    .replace(/\b[A-Za-z0-9_-]{32,}\b/g, '[redacted]')
    .replace(/Pane is dead \(status (\d+)[^)]*\)/g, '(the command ended, exit status $1)')
    .replace(/\b\d{1,2}:\d{2}(:\d{2})? ?(AM|PM)\b/gi, '<time>')
    .replace(/\b\d+(\.\d+)?m?s\b/g, 'Ns')
    .split('\n')
    // Rules shortened, and the wide gap before the status line's right-hand notes closed up.
    .map((line) =>
      line
        .replace(/([─▔━═]){20,}/g, (run) => run[0]!.repeat(40))
        .replace(/(\S) {12,}(\S)/g, '$1    $2')
        .trimEnd(),
    )
    // Spinner and turn-summary lines (a random verb and a time each run) say nothing here.
    .filter((line) => !/^\s*[✻✶✢·✳✽*]\s+\S+(…|ing\b| for Ns)/.test(line));
  // Drop the banner (logo, version, model, folder): the session starts after the folder line.
  const start = lines.findIndex((line) => /~\/project\s*$/.test(line));
  return lines.slice(start + 1).filter((line, i, all) => line !== '' || (all[i - 1] ?? '') !== '');
}

function credentialsOf(file: string): Promise<StoredCredentials | null> {
  return readFile(file, 'utf8').then(
    (text) => {
      const entries = Object.values(
        (JSON.parse(text) as { mcpOAuth?: Record<string, Record<string, unknown>> }).mcpOAuth ?? {},
      );
      const entry = entries.find((e) => e.serverName === 'notes');
      if (!entry) return null;
      return {
        accessToken: Boolean(entry.accessToken),
        refreshToken: Boolean(entry.refreshToken),
        clientId: Boolean(entry.clientId),
        scope: typeof entry.scope === 'string' ? entry.scope : null,
      };
    },
    () => null,
  );
}

const authRequestsOf = (observer: ServerObserver, from = 0): AuthorizationRequest[] =>
  observer.requests
    .slice(from)
    .filter((r) => r.from === 'browser' && r.path === '/auth' && r.detail)
    .map((r) => {
      const [, scope = '', prompt] = /scope="([^"]*)"(?: prompt=(\S+))?/.exec(r.detail!) ?? [];
      return { scope, prompt: prompt ?? null };
    });

interface Session {
  bin: string;
  version: string;
  env: NodeJS.ProcessEnv;
  servers: ReferenceServers;
  observer: ServerObserver;
  user: ConsentUser;
  mock: MockAnthropic;
  terminal: Terminal;
  home: string;
  paths: Record<string, string>;
  credentialsFile: string;
  /** oidc-provider's revocation events, in order. */
  events: string[];
  closeBrowser: () => Promise<void>;
}

/**
 * Claude Code's first-run screens (theme, API key, folder trust) answered in its config beforehand.
 */
async function prepareHome(home: string, project: string, version: string): Promise<void> {
  await mkdir(project, { recursive: true });
  await writeFile(
    join(home, '.claude.json'),
    JSON.stringify(
      {
        hasCompletedOnboarding: true,
        lastOnboardingVersion: version,
        theme: 'dark',
        autoUpdates: false,
        customApiKeyResponses: { approved: ['dummy-compat-harness'], rejected: [] },
        projects: {
          [project]: {
            hasTrustDialogAccepted: true,
            hasCompletedProjectOnboarding: true,
            allowedTools: [],
          },
        },
      },
      null,
      2,
    ),
  );
}

const isMenu = (screen: string) =>
  /Enter to (select|confirm)|↑\/↓ to navigate|Esc to (close|go back|cancel)/.test(screen);

/**
 * Picks a menu item as a person does: a numbered item by its number; otherwise
 * moves the cursor (❯) to it with the arrow keys and presses Enter.
 */
async function choose(terminal: Terminal, label: RegExp, window = 'main'): Promise<void> {
  const screen = await terminal.waitFor(
    (s) => s.split('\n').some((l) => label.test(l)),
    15_000,
    `a menu item ${label}`,
    window,
  );
  const lines = screen.split('\n').map((l) => l.replace(/^(\s*)[❯›]/, '$1 '));
  const target = lines.findLastIndex((l) => label.test(l));
  const numbered = /^\s*(\d+)\.\s/.exec(lines[target]!);
  if (numbered) {
    await terminal.type(numbered[1]!, window);
    await pause(300);
    // Some versions pick on the number, others move the cursor there and wait for Enter.
    if (
      label.test((await terminal.screen(window)).split('\n').find((l) => /^\s*[❯›]/.test(l)) ?? '')
    )
      await terminal.press('Enter', window);
    return;
  }
  // The menu: the lines around the target at the same indent, up to a blank line.
  const indent = /^\s*/.exec(lines[target]!)![0].length;
  const item = (i: number) =>
    lines[i]!.trim() !== '' && /^\s*/.exec(lines[i]!)![0].length === indent;
  let first = target;
  while (first > 0 && item(first - 1)) first--;
  const raw = screen.split('\n');
  let cursor = target;
  for (let i = first; i < lines.length && item(i); i++) if (/^\s*[❯›]/.test(raw[i]!)) cursor = i;
  const steps = target - cursor;
  for (let n = 0; n < Math.abs(steps); n++) await terminal.press(steps > 0 ? 'Down' : 'Up', window);
  await pause(300);
  await terminal.press('Enter', window);
}

/**
 * Opens /mcp, picks the notes server, then the action (Authenticate, Re-authenticate, Clear
 * authentication).
 */
async function mcpMenu(s: Session, action: RegExp): Promise<void> {
  await s.terminal.type('/mcp');
  await pause(400);
  await s.terminal.press('Enter');
  await s.terminal.waitFor(
    (screen) => /notes/.test(screen) && isMenu(screen),
    15_000,
    'the /mcp list',
  );
  await choose(s.terminal, /^\s*(❯|›)?\s*\S*\s*notes\b/);
  await s.terminal.waitFor(
    (screen) => screen.split('\n').some((l) => action.test(l)),
    15_000,
    `${action} in the server's menu`,
  );
  await choose(s.terminal, action);
}

/** Leaves any open menu (Escape, as often as it takes), back at the input prompt. */
async function closeMenus(s: Session): Promise<void> {
  for (let i = 0; i < 4 && isMenu(await s.terminal.screen()); i++) {
    await s.terminal.press('Escape');
    await pause(500);
  }
}

/**
 * Types a prompt and waits until the turn ends, or until `stopAt` shows (a question for the user).
 */
async function ask(s: Session, text: string, stopAt?: RegExp): Promise<string> {
  await closeMenus(s);
  const turns = s.mock.turnsEnded;
  await s.terminal.type(text);
  await pause(300);
  await s.terminal.press('Enter');
  return waitTurn(s, turns, stopAt);
}

async function waitTurn(s: Session, turns: number, stopAt?: RegExp): Promise<string> {
  await s.terminal.waitFor(
    (screen) => s.mock.turnsEnded > turns || Boolean(stopAt?.test(screen)),
    STEP_MS,
    'the end of the turn',
  );
  await pause(1_000); // let the last lines draw
  return s.terminal.screen();
}

/**
 * Waits for the authorization server to finish with the browser (grant, or the redirect after
 * Deny).
 */
async function waitAuthorization(
  s: Session,
  from: number,
  answer: 'approve' | 'deny',
): Promise<void> {
  const until = Date.now() + STEP_MS;
  while (Date.now() < until) {
    const after = s.observer.requests.slice(from);
    if (
      answer === 'approve' &&
      after.some((r) => r.grantType === 'authorization_code' && r.status === 200)
    )
      break;
    if (
      answer === 'deny' &&
      s.user.screens.at(-1)?.answer === 'deny' &&
      after.some((r) => r.from === 'browser' && r.path.startsWith('/auth/'))
    )
      break;
    await pause(250);
  }
  await pause(2_500); // Claude Code reconnects with the new token and redraws
}

const REAUTH_QUESTION = /Re-authenticate now\?/;

async function signIn(s: Session): Promise<AuthorizationRequest | null> {
  const from = s.observer.requests.length;
  await mcpMenu(s, /^\s*(❯|›)?\s*(\d+\.\s*)?Authenticate\b/);
  await waitAuthorization(s, from, 'approve');
  await closeMenus(s);
  return authRequestsOf(s.observer, from)[0] ?? null;
}

/** The step-up one way; returns what the screen shows afterwards. */
async function completeStepUp(
  s: Session,
  way: Way,
  offered: boolean,
  answer: 'approve' | 'deny',
  turns: number,
): Promise<string> {
  const from = s.observer.requests.length;
  if (way === 'prompt') {
    if (!offered) return s.terminal.screen();
    await choose(s.terminal, /Re-authenticate in browser/);
    await waitAuthorization(s, from, answer);
    await waitTurn(s, turns).catch(() => {});
    return s.terminal.screen();
  }
  if (offered) {
    await choose(s.terminal, /Not now/);
    await waitTurn(s, turns).catch(() => {});
  }
  if (way === 'mcp-menu') {
    await mcpMenu(s, /^\s*(❯|›)?\s*(\d+\.\s*)?(Re-authenticate|Authenticate)\b/);
    await waitAuthorization(s, from, answer);
    const screen = await s.terminal.screen();
    await closeMenus(s);
    return screen;
  }
  return mcpLogin(s);
}

async function makeSession(
  bin: string,
  version: string,
  scenario: ScenarioName,
  browser: Browser,
  hook: BrowserHook,
  config?: object,
  interactive = true,
  noRevocation = false,
): Promise<Session> {
  const servers = await startReferenceServers(
    { host: '127.0.0.1', authorizationServerPort: 0, mcpPort: 0 },
    scenario,
  );
  const observer = new ServerObserver(servers);
  registerInsteadOfMetadataDocument(servers);
  if (noRevocation) withoutRevocationEndpoint(servers);
  // Revoking a refresh token ends its whole grant in oidc-provider (RFC 7009 §2.1 suggests it).
  const events: string[] = [];
  const provider = servers.authorizationServer.provider;
  provider.on('grant.revoked', () => events.push('grant revoked (every token issued under it)'));
  // Which refresh token was revoked: counted in the order they were issued (1 = the first sign-
  // in's).
  const refreshTokens: string[] = [];
  provider.on(
    'refresh_token.saved',
    (token: { jti: string }) => refreshTokens.includes(token.jti) || refreshTokens.push(token.jti),
  );
  provider.on('refresh_token.destroyed', (token: { jti: string }) =>
    events.push(
      `refresh token ${refreshTokens.indexOf(token.jti) + 1} of ${refreshTokens.length} issued so far revoked`,
    ),
  );
  provider.on(
    'revocation.error',
    (_ctx: unknown, err: { error?: string; error_description?: string }) =>
      events.push(
        `revocation refused: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`,
      ),
  );
  const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT });
  const user = new ConsentUser(await context.newPage(), servers.issuer);
  hook.target = user.open;
  const mock = await MockAnthropic.start();
  const home = await mkdtemp(join(tmpdir(), 'compat-claude-home-'));
  const project = join(home, 'project');
  await prepareHome(home, project, version);
  const env: NodeJS.ProcessEnv = {
    ...hook.env(),
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ANTHROPIC_BASE_URL: mock.url,
    ANTHROPIC_API_KEY: 'sk-ant-dummy-compat-harness',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ENABLE_TOOL_SEARCH: 'false',
  };
  const entry = { type: 'http', url: servers.mcpUrl, ...(config ?? {}) };
  const added = await exec(bin, ['mcp', 'add-json', '-s', 'user', 'notes', JSON.stringify(entry)], {
    env,
    cwd: project,
    timeout: 20_000,
  }).then(
    ({ stdout }) => stdout,
    (err: { stderr?: string; message: string }) => `failed: ${err.stderr || err.message}`,
  );
  if (!/Added/.test(added)) throw new Error(`claude mcp add-json: ${added}`);
  // Headless: the terminal only hosts `claude mcp login` (it wants one); the session is `claude
  // -p`.
  const argv = interactive
    ? [bin, '--permission-mode', 'default', '--allowedTools', TOOLS]
    : ['sh', '-c', 'sleep 600'];
  const session = await Terminal.start(argv, { env, cwd: project });
  const paths = {
    [project]: '~/project',
    [home]: '~',
    [servers.mcpUrl]: 'http://127.0.0.1:{port}/mcp',
  };
  if (interactive)
    await session.waitFor(
      (screen) => /\? for shortcuts|❯\s*$|>\s*$/m.test(screen),
      30_000,
      'the session prompt',
    );
  return {
    bin,
    version,
    env,
    servers,
    observer,
    user,
    mock,
    terminal: session,
    home,
    paths,
    credentialsFile: join(home, '.claude', '.credentials.json'),
    events,
    closeBrowser: () => context.close().catch(() => {}),
  };
}

async function closeSession(s: Session, hook: BrowserHook, run: JourneyRun): Promise<void> {
  run.transcript = s.observer.transcript().map((line) => redactScreen(line, s.paths).join(' '));
  run.transcript.push(
    ...s.user.screens.map(
      (c, i) =>
        `consent screen ${i + 1}: new ${c.new.join(' ') || '-'}; granted ${c.granted.join(' ') || '-'}; ${c.answer}`,
    ),
  );
  await s.terminal.close();
  hook.target = undefined;
  await s.closeBrowser();
  s.observer.close();
  await s.mock.close();
  await s.servers.close();
  // Claude Code may still be writing its files as it exits.
  await rm(s.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 }).catch(
    () => {},
  );
}

const emptyRun = (
  id: string,
  way: Way | Extra,
  scenario: ScenarioName,
  consent: 'approve' | 'deny',
): JourneyRun => ({
  id,
  way,
  scenario,
  consent,
  firstSignIn: null,
  no403: false,
  screenAt403: [],
  offeredReauthenticate: false,
  refreshAfter403: 0,
  reauthorization: [],
  consentAfter403: [],
  screenAfter: [],
  revocations: [],
  revocationEvents: [],
  autoRetried: false,
  nextCall: null,
  credentials: { before: null, after: null },
  transcript: [],
  seconds: 0,
});

/** Sign in, read, write (the 403), complete or decline the step-up one way, then the next call. */
export async function stepUpJourney(
  bin: string,
  version: string,
  way: Way,
  scenario: ScenarioName,
  consent: 'approve' | 'deny',
  browser: Browser,
  hook: BrowserHook,
  pinned?: string,
  noRevocation = false,
): Promise<JourneyRun> {
  const started = performance.now();
  const label = pinned ? 'pinned-scopes' : noRevocation ? `${way} (no revocation endpoint)` : way;
  const run = emptyRun(
    `${label} × ${scenario} × ${consent}`,
    pinned ? 'pinned-scopes' : way,
    scenario,
    consent,
  );
  if (noRevocation) run.authorizationServer = 'no revocation endpoint';
  // `oauth.scopes` in the server's entry pins what Claude Code asks for.
  const s = await makeSession(
    bin,
    version,
    scenario,
    browser,
    hook,
    pinned ? { oauth: { scopes: pinned } } : undefined,
    true,
    noRevocation,
  );
  try {
    run.firstSignIn = await signIn(s);
    s.mock.plan = [
      { tool: 'mcp__notes__list_notes', input: {} },
      { tool: 'mcp__notes__add_note', input: { text: 'written after step-up' } },
    ];
    const turns = s.mock.turnsEnded;
    const at403 = await ask(s, 'List my notes, then add one.', REAUTH_QUESTION);
    const first403 = s.observer.first403;
    run.no403 = !first403;
    run.screenAt403 = redactScreen(at403, s.paths);
    run.offeredReauthenticate = REAUTH_QUESTION.test(at403);
    const failed = s.mock.results.find((r) => r.tool === 'mcp__notes__add_note');
    if (failed) run.toolResultAt403 = redactScreen(failed.text, s.paths).join(' ').slice(0, 300);
    run.credentials.before = await credentialsOf(s.credentialsFile);
    if (!first403) return run;
    const index403 = s.observer.requests.indexOf(first403);
    s.user.answer = consent;
    const screens = s.user.screens.length;
    const after = await completeStepUp(s, way, run.offeredReauthenticate, consent, turns);
    run.screenAfter = redactScreen(after, s.paths);
    const since = s.observer.requests.slice(index403 + 1);
    run.refreshAfter403 = since.filter((r) => r.grantType === 'refresh_token').length;
    run.reauthorization = authRequestsOf(s.observer, index403 + 1);
    run.consentAfter403 = s.user.screens.slice(screens);
    run.revocations = since.filter((r) => r.path.endsWith('/revocation')).map((r) => r.status);
    run.revocationEvents = [...s.events];
    run.autoRetried = s.observer.requests.slice(index403 + 1).some((r) => r.wroteNote);
    run.credentials.after = await credentialsOf(s.credentialsFile);
    // The next call: a write after approving; after declining, a read (does the old token still
    // work?).
    const tool = consent === 'approve' ? 'add_note' : 'list_notes';
    s.mock.plan.push({
      tool: `mcp__notes__${tool}`,
      input: tool === 'add_note' ? { text: 'the next call' } : {},
    });
    const mark = s.observer.requests.length;
    const results = s.mock.results.length;
    const turnsBefore = s.mock.turnsEnded;
    const answered = await ask(
      s,
      consent === 'approve' ? 'Add another note.' : 'List my notes again.',
      REAUTH_QUESTION,
    );
    // Asked again instead of working: say "Not now", so the call fails as the user would see it.
    if (REAUTH_QUESTION.test(answered) && s.mock.turnsEnded === turnsBefore) {
      await choose(s.terminal, /Not now/);
      await waitTurn(s, turnsBefore).catch(() => {});
    }
    const result = s.mock.results
      .slice(results)
      .filter((r) => r.tool === `mcp__notes__${tool}`)
      .at(-1);
    const fresh = s.observer.requests.slice(mark);
    const works =
      tool === 'add_note'
        ? fresh.some((r) => r.wroteNote)
        : result !== undefined && !result.isError;
    const missing = s.mock.offered.includes(`mcp__notes__${tool}`)
      ? '(no tool result)'
      : `(${tool} was not offered to the model: the server's tools are gone)`;
    run.nextCall = {
      tool,
      outcome: works ? 'works' : 'fails',
      userSees: redactScreen(result?.text ?? missing, s.paths)
        .join(' ')
        .slice(0, 300),
    };
  } catch (err) {
    run.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
    run.screenAfter = redactScreen(await s.terminal.screen().catch(() => ''), s.paths);
  } finally {
    run.seconds = Math.round((performance.now() - started) / 1000);
    await closeSession(s, hook, run);
  }
  return run;
}

/**
 * Sign in, then sign out one way: what is deleted locally, and did the server hear a revocation?
 */
export async function signOutJourney(
  bin: string,
  version: string,
  way: 'clear-auth' | 'logout',
  browser: Browser,
  hook: BrowserHook,
): Promise<JourneyRun> {
  const started = performance.now();
  const run = emptyRun(`${way} × full-set`, way, 'full-set', 'approve');
  const s = await makeSession(bin, version, 'full-set', browser, hook);
  try {
    run.firstSignIn = await signIn(s);
    run.credentials.before = await credentialsOf(s.credentialsFile);
    const from = s.observer.requests.length;
    if (way === 'clear-auth') {
      await mcpMenu(s, /^\s*(❯|›)?\s*(\d+\.\s*)?Clear authentication\b/);
      await pause(2_500);
      run.screenAfter = redactScreen(await s.terminal.screen(), s.paths);
    } else {
      // `claude mcp logout` needs no terminal: its output is read as printed.
      run.screenAfter = redactScreen(await command(s, ['mcp', 'logout', 'notes']), s.paths);
    }
    run.revocations = s.observer.requests
      .slice(from)
      .filter((r) => r.path.endsWith('/revocation'))
      .map((r) => r.status);
    run.revocationEvents = [...s.events];
    run.credentials.after = await credentialsOf(s.credentialsFile);
  } catch (err) {
    run.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
  } finally {
    run.seconds = Math.round((performance.now() - started) / 1000);
    await closeSession(s, hook, run);
  }
  return run;
}

/** `claude mcp login` in the terminal's second window, to its end; returns that window's screen. */
async function mcpLogin(s: Session): Promise<string> {
  const window = `login${++logins}`;
  await s.terminal.open(window, [s.bin, 'mcp', 'login', 'notes']);
  const until = Date.now() + STEP_MS;
  while (Date.now() < until && !(await s.terminal.exited(window).catch(() => true)))
    await pause(250);
  return s.terminal.screen(window);
}
let logins = 0;

/** A `claude` command with no terminal and no stdin, as CI runs it; returns what it printed. */
function command(s: Session, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(s.bin, args, {
      env: s.env,
      cwd: join(s.home, 'project'),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: STEP_MS,
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', () => {});
    child.on('close', () =>
      resolve(
        `$ claude ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}\n${out}`.trim(),
      ),
    );
  });
}

/** `claude -p`, as CI runs it. */
const headless = (s: Session, prompt: string) =>
  command(s, ['-p', prompt, '--allowedTools', TOOLS]);

/**
 * Headless use: sign in beforehand with `claude mcp login`, then a step-up in the middle of a `-p`
 * run.
 */
export async function headlessJourney(
  bin: string,
  version: string,
  scenario: ScenarioName,
  browser: Browser,
  hook: BrowserHook,
): Promise<JourneyRun> {
  const started = performance.now();
  const run = emptyRun(`headless × ${scenario} × approve`, 'headless', scenario, 'approve');
  const s = await makeSession(bin, version, scenario, browser, hook, undefined, false);
  try {
    const from = s.observer.requests.length;
    await mcpLogin(s);
    run.firstSignIn = authRequestsOf(s.observer, from)[0] ?? null;
    s.mock.plan = [
      { tool: 'mcp__notes__list_notes', input: {} },
      { tool: 'mcp__notes__add_note', input: { text: 'written after step-up' } },
    ];
    const first = await headless(s, 'List my notes, then add one.');
    const first403 = s.observer.first403;
    run.no403 = !first403;
    const write = s.mock.results.filter((r) => r.tool === 'mcp__notes__add_note').at(-1);
    run.screenAt403 = redactScreen(
      `${first}\n(add_note tool result: ${write?.text ?? 'none'})`,
      s.paths,
    );
    run.credentials.before = await credentialsOf(s.credentialsFile);
    if (!first403) return run;
    const index403 = s.observer.requests.indexOf(first403);
    const screens = s.user.screens.length;
    // Between runs, as a CI job would: sign in again, then run the write again.
    run.screenAfter = redactScreen(await mcpLogin(s), s.paths);
    const since = s.observer.requests.slice(index403 + 1);
    run.refreshAfter403 = since.filter((r) => r.grantType === 'refresh_token').length;
    run.reauthorization = authRequestsOf(s.observer, index403 + 1);
    run.consentAfter403 = s.user.screens.slice(screens);
    run.revocations = since.filter((r) => r.path.endsWith('/revocation')).map((r) => r.status);
    run.revocationEvents = [...s.events];
    run.credentials.after = await credentialsOf(s.credentialsFile);
    const mark = s.observer.requests.length;
    const results = s.mock.results.length;
    s.mock.plan = [{ tool: 'mcp__notes__add_note', input: { text: 'the next call' } }];
    await headless(s, 'Add a note.');
    const result = s.mock.results.slice(results).find((r) => r.tool === 'mcp__notes__add_note');
    const works = s.observer.requests.slice(mark).some((r) => r.wroteNote);
    run.nextCall = {
      tool: 'add_note',
      outcome: works ? 'works' : 'fails',
      userSees: redactScreen(result?.text ?? '(no tool result)', s.paths)
        .join(' ')
        .slice(0, 300),
    };
  } catch (err) {
    run.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
  } finally {
    run.seconds = Math.round((performance.now() - started) / 1000);
    await closeSession(s, hook, run);
  }
  return run;
}

/** Whether this version has `claude mcp login` (2.1.186 and later, per its changelog). */
async function hasMcpLogin(bin: string): Promise<boolean> {
  const { stdout } = await exec(bin, ['mcp', '--help'], { timeout: 20_000 }).catch(() => ({
    stdout: '',
  }));
  return /^\s*login\b/m.test(stdout);
}

export const JOURNEY_SCENARIOS: ScenarioName[] = [
  'held-scope',
  'full-set',
  'delta-only',
  'no-scope',
];

/**
 * Every journey for one version, in a fixed order; `only` keeps the runs whose id contains one of
 * its comma-separated parts.
 */
export async function runJourney(
  bin: string,
  version: string,
  browser: Browser,
  hook: BrowserHook,
  only?: string,
  log = console.log,
): Promise<JourneyRecord> {
  const started = performance.now();
  const login = await hasMcpLogin(bin);
  const ways: Way[] = ['prompt', 'mcp-menu', ...(login ? ['mcp-login' as const] : [])];
  const plans: { id: string; go: () => Promise<JourneyRun> }[] = [];
  for (const way of ways) {
    for (const scenario of JOURNEY_SCENARIOS) {
      plans.push({
        id: `${way} × ${scenario} × approve`,
        go: () => stepUpJourney(bin, version, way, scenario, 'approve', browser, hook),
      });
    }
    plans.push({
      id: `${way} × held-scope × deny`,
      go: () => stepUpJourney(bin, version, way, 'held-scope', 'deny', browser, hook),
    });
  }
  plans.push({
    id: 'clear-auth × full-set',
    go: () => signOutJourney(bin, version, 'clear-auth', browser, hook),
  });
  if (login) {
    plans.push({
      id: 'logout × full-set',
      go: () => signOutJourney(bin, version, 'logout', browser, hook),
    });
    plans.push({
      id: 'headless × full-set × approve',
      go: () => headlessJourney(bin, version, 'full-set', browser, hook),
    });
  }
  // Re-authenticate from /mcp where the server offers no revocation endpoint: nothing to revoke
  // with.
  for (const scenario of ['held-scope', 'full-set'] as const) {
    plans.push({
      id: `mcp-menu (no revocation endpoint) × ${scenario} × approve`,
      go: () =>
        stepUpJourney(
          bin,
          version,
          'mcp-menu',
          scenario,
          'approve',
          browser,
          hook,
          undefined,
          true,
        ),
    });
  }
  // Pinned to scopes the 401 does not name, so the record tells the pin from the challenge.
  const pinWay: Way = login ? 'mcp-login' : 'mcp-menu';
  plans.push({
    id: 'pinned-scopes × full-set × approve',
    go: () => stepUpJourney(bin, version, pinWay, 'full-set', 'approve', browser, hook, PINNED),
  });
  const runs: JourneyRun[] = [];
  for (const plan of plans) {
    if (only && !only.split(',').some((part) => plan.id.includes(part))) continue;
    const run = await plan.go();
    log(
      `claude-code ${version.padEnd(8)} ${run.id.padEnd(36)} ${summarize(run)} (${run.seconds} s)`,
    );
    runs.push(run);
  }
  return {
    client: 'Claude Code',
    version,
    date: new Date().toISOString().slice(0, 10),
    seconds: Math.round((performance.now() - started) / 1000),
    harness:
      'interactive session in tmux (400×50), `claude mcp` commands in a second window, `-p` for headless; consent answered in Chromium; mock Messages API; loopback-only network namespace',
    runs,
  };
}

/** One line per run: the journey table's row. */
export function summarize(run: JourneyRun): string {
  if (run.error) return `ERROR ${run.error}`;
  if (run.way === 'clear-auth' || run.way === 'logout') {
    return `stored before: ${JSON.stringify(run.credentials.before)} | after: ${JSON.stringify(run.credentials.after)} | revoked ${run.revocations.join(',') || '-'}`;
  }
  const consent = run.consentAfter403
    .map(
      (c) =>
        `[new: ${c.new.join(' ') || '-'}; granted: ${c.granted.join(' ') || '-'}; ${c.answer}]`,
    )
    .join(' ');
  const prompt = run.reauthorization.map((r) => r.prompt ?? 'no prompt').join(',') || '-';
  return [
    run.no403
      ? 'no 403'
      : `403${run.offeredReauthenticate ? ', asked "Re-authenticate now?"' : ''}`,
    `consent after 403: ${run.consentAfter403.length} ${consent}`,
    `prompt=${prompt}`,
    `refresh ${run.refreshAfter403}`,
    `revoked ${run.revocations.join(',') || '-'}`,
    `auto-retry ${run.autoRetried ? 'yes' : 'no'}`,
    `next ${run.nextCall ? `${run.nextCall.tool} ${run.nextCall.outcome}` : '-'}`,
  ].join(' | ');
}
