// Runs one client adapter through one server scenario and turns what the
// servers and the browser saw into a record. Fresh servers per run (port 0);
// the browser is shared between runs.
import type { Browser } from '@playwright/test';
import type { ScenarioName } from '../../../examples/server/scenarios.ts';
import {
  SHORT_TOKEN_EXPIRED_AFTER_MS,
  startReferenceServers,
  type ReferenceServers,
} from '../../../examples/server/start.ts';
import { BrowserHook, BrowserUser } from './browser.ts';
import { ServerObserver } from './observe.ts';
import { testServerKeys } from '../../support/server-keys.ts';
import { SATISFIABLE, type CompatRecord, type Outcome } from './record.ts';

export interface RunContext {
  mcpUrl: string;
  scenario: ScenarioName;
  /** Hands an authorization URL to the browser user (in-process clients). */
  openBrowser: (url: string) => Promise<void>;
  /** Environment for clients in another process: BROWSER and xdg-open go to the same user. */
  browserEnv: Record<string, string>;
  /** Aborted when the harness stops the run (cap or timeout): end child processes. */
  signal: AbortSignal;
}

export interface ClientAdapter {
  id: string;
  client: string;
  version: string;
  variant?: string;
  /** How long the harness lets one run take (default RUN_TIMEOUT_MS): agent CLIs start slowly. */
  timeoutMs?: number;
  /** Adjusts the fresh servers before the run; returns a note for the transcript saying what and why. */
  prepare?(servers: ReferenceServers): string;
  /** Connects, calls list_notes, then add_note (the step-up); returns what the user would read. */
  run(ctx: RunContext): Promise<string>;
}

/** Every adapter's script: sign in, read, (wait out a short-lived token), write. */
export interface ToolDriver {
  connect(): Promise<void>;
  call(tool: string, args?: Record<string, unknown>): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

export async function runScript(driver: ToolDriver, scenario: ScenarioName): Promise<string> {
  try {
    await driver.connect();
    const read = await driver.call('list_notes');
    if (read.isError) return `list_notes: ${read.text}`;
    if (scenario === 'short-lived-token')
      await new Promise((resolve) => setTimeout(resolve, SHORT_TOKEN_EXPIRED_AFTER_MS));
    const write = await driver.call('add_note', { text: 'written after step-up' });
    return write.text;
  } finally {
    await driver.close().catch(() => {});
  }
}

export const RUN_TIMEOUT_MS = 45_000;

/** What the user saw, on one line, with no secrets and no run-to-run noise (ports, ids, state). */
function clean(text: string, issuer: string, mcpUrl: string): string {
  return text
    .replaceAll(issuer, 'http://127.0.0.1:9000')
    .replaceAll(new URL(mcpUrl).origin, 'http://127.0.0.1:9001')
    .replace(/(127\.0\.0\.1|localhost)(%3A|:)\d{4,5}/g, '$1$2{port}')
    .replace(/\b(code|token|access_token|refresh_token|code_verifier)=[^&\s"]+/gi, '$1=[redacted]')
    .replace(/\b(client_id|state|code_challenge)=[^&\s"]+/g, '$1=<$1>')
    .replace(/\[\d+\]/g, '')
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

export async function runOne(
  adapter: ClientAdapter,
  scenario: ScenarioName,
  browser: Browser,
  hook: BrowserHook,
): Promise<CompatRecord> {
  const servers = await startReferenceServers(
    { host: '127.0.0.1', authorizationServerPort: 0, mcpPort: 0 },
    scenario,
    await testServerKeys(),
  );
  const observer = new ServerObserver(servers);
  const note = adapter.prepare?.(servers);
  const user = await BrowserUser.create(browser, servers.issuer);
  hook.target = user.open;
  const abort = new AbortController();
  let stopped: 'cap' | 'timeout' | undefined;
  let timer: NodeJS.Timeout | undefined;
  let userSees: string;
  const timeoutMs = adapter.timeoutMs ?? RUN_TIMEOUT_MS;
  try {
    userSees = await Promise.race([
      adapter
        .run({
          mcpUrl: servers.mcpUrl,
          scenario,
          openBrowser: user.open,
          browserEnv: hook.env(),
          signal: abort.signal,
        })
        .catch((err: unknown) => (err instanceof Error ? err.message : String(err))),
      user.whenCapped().then(() => {
        stopped = 'cap';
        return `(stopped by the harness after ${user.screens.length} consent screens)`;
      }),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => {
          stopped = 'timeout';
          resolve(`(stopped by the harness after ${timeoutMs / 1000} s)`);
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    abort.abort();
    user.finish();
    await Promise.race([user.idle(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await user.close();
    hook.target = undefined;
    observer.close();
    await servers.close();
  }
  const works = Boolean(observer.successfulWrite);
  const outcome: Outcome = works
    ? 'works'
    : stopped
      ? 'loops'
      : SATISFIABLE.has(scenario)
        ? 'fails'
        : 'stops';
  return {
    clientId: adapter.id,
    client: adapter.client,
    version: adapter.version,
    ...(adapter.variant ? { variant: adapter.variant } : {}),
    scenario,
    outcome,
    consentScreens: user.screens.length,
    ...observer.figures(),
    userSees: clean(userSees, servers.issuer, servers.mcpUrl).slice(0, 300),
    transcript: [
      ...(note ? [`harness: ${note}`] : []),
      ...observer.transcript().map((line) => clean(line, servers.issuer, servers.mcpUrl)),
      ...user.screens.map(
        (s, i) =>
          `consent screen ${i + 1}: ${s.scopes.map((x) => `${x.scope} (${x.state})`).join(', ')}`,
      ),
    ],
    date: new Date().toISOString().slice(0, 10),
  };
}
