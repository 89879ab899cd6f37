// Small helpers shared by the edge-case specs: a session wired to the test's
// servers and browser user, the common connect-read-write run, and raw OAuth
// and MCP requests for proving what the client does NOT do.
import type { Client } from '@modelcontextprotocol/client';
import { McpAuthSession, type SessionOptions } from '../../../examples/client/session.ts';
import { callTool, connect, type ToolOutcome } from '../../../examples/client/step-up.ts';
import { MemoryStore } from '../../../examples/client/store.ts';
import type { StepUpError } from '../../../examples/client/errors.ts';
import type { Transcript } from '../../../examples/client/transcript.ts';
import type { ReferenceServers } from '../../../examples/server/start.ts';
import { expect, stableTranscript, type BrowserUser } from '../../support/fixtures.ts';

export function newSession(
  servers: ReferenceServers,
  user: BrowserUser,
  options: Partial<SessionOptions> = {},
) {
  const store = options.store ?? new MemoryStore();
  const transcript = options.transcript ?? stableTranscript(servers);
  const session = new McpAuthSession({
    mcpUrl: servers.mcpUrl,
    openBrowser: user.openBrowser,
    ...options,
    store,
    transcript,
  });
  return { session, store, transcript };
}

export interface WriteRun {
  client: Client;
  read: ToolOutcome;
  /** The add_note outcome, or what it threw. */
  write?: ToolOutcome;
  error?: unknown;
}

/** The documented run: connect (first consent, notes:read), list_notes, then add_note. */
export async function connectReadWrite(session: McpAuthSession): Promise<WriteRun> {
  const client = await connect(session);
  const read = await callTool(client, 'list_notes');
  const run: WriteRun = { client, read };
  try {
    run.write = await callTool(client, 'add_note', { text: 'Written after step-up' });
  } catch (err) {
    run.error = err;
  }
  await session.transcript.settled();
  return run;
}

/** grant_type of every token request, in order. */
export const grantTypes = (transcript: Transcript): string[] =>
  transcript.exchanges.flatMap((e) => (e.form?.grant_type ? [e.form.grant_type] : []));

/** The client's "· decision: ..." lines, in order. */
export const decisions = (transcript: Transcript): string[] =>
  transcript
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('· decision: '))
    .map((l) => l.slice('· decision: '.length));

/** A refresh_token grant straight to the authorization server, as a client that refreshes would send it. */
export async function refreshGrant(
  servers: ReferenceServers,
  clientId: string,
  refreshToken: string,
): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${servers.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      resource: servers.mcpUrl,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** What the user would paste: a queue that readPastedUrl reads from, without polling. */
export function pasteQueue() {
  const items: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  return {
    push(...texts: string[]) {
      for (const text of texts) {
        const waiter = waiters.shift();
        if (waiter) waiter(text);
        else items.push(text);
      }
    },
    read: (): Promise<string> =>
      items.length
        ? Promise.resolve(items.shift()!)
        : new Promise((resolve) => waiters.push(resolve)),
  };
}

/**
 * Waits for the browser to try the callback URL answering the latest consent
 * screen (matched by state: Chromium may load a failed callback more than once).
 */
export async function callbackUrl(user: BrowserUser): Promise<string> {
  const state = user.screens.at(-1)!.authorizationUrl.searchParams.get('state');
  const find = () => user.callbackUrls.find((u) => new URL(u).searchParams.get('state') === state);
  await expect
    .poll(find, { message: `the browser never tried the callback for state ${state}` })
    .toBeDefined();
  // Nothing listens there: let Chromium finish showing its error page, or that
  // late navigation interrupts the next consent page the test opens.
  await expect
    .poll(() => user.page.evaluate(() => location.href).catch(() => ''), {
      message: 'the failed callback never showed an error page',
    })
    .toMatch(/^chrome-error:/);
  return find()!;
}

/**
 * A session with no localhost listener, as when the browser runs elsewhere:
 * after each consent screen the test pastes what `toPaste` returns for the
 * real callback URL, and collects the pastes the session rejects.
 */
export function pastingSession(
  servers: ReferenceServers,
  user: BrowserUser,
  toPaste: (callback: string) => string[] = (callback) => [callback],
) {
  const paste = pasteQueue();
  const rejected: StepUpError[] = [];
  const { session, transcript } = newSession(servers, user, {
    loopbackCallback: false,
    readPastedUrl: paste.read,
    onPasteRejected: (err) => rejected.push(err),
    openBrowser: async (url) => {
      await user.openBrowser(url);
      paste.push(...toPaste(await callbackUrl(user)));
    },
  });
  return { session, transcript, rejected };
}

/** The callback URL with one query parameter changed. */
export function tamper(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.href;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
