// Every protection the client documents, each with a test of its own that
// asserts the specific error (or request parameter), through the client's
// public API: the session, its fetch, and the callback receiver.
import { createServer, type Server } from 'node:http';
import { connect as netConnect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startCallbackReceiver } from '../../examples/client/callback.ts';
import { isStepUpError, type StepUpError } from '../../examples/client/errors.ts';
import { McpAuthSession } from '../../examples/client/session.ts';
import { callTool, connect } from '../../examples/client/step-up.ts';
import { MemoryStore } from '../../examples/client/store.ts';
import { grantTypes, newSession, sleep } from '../reference-client/edge-cases/helpers.ts';
import { expect, test } from '../support/fixtures.ts';
import { listenOnLoopback } from '../../examples/shared/loopback.ts';

/** The StepUpError a promise rejects with (fails the test if it resolves or throws something else). */
async function stepUpError(promise: Promise<unknown>): Promise<StepUpError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(
    isStepUpError(err),
    `expected a StepUpError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
  ).toBe(true);
  return err as StepUpError;
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 't', version: '0' },
  },
});

test("protection: a loopback callback whose state is not this sign-in's gets an error page and is not redeemed; the sign-in keeps waiting", async ({
  servers,
}) => {
  const store = new MemoryStore();
  let forged: Response | undefined;
  const session = new McpAuthSession({
    mcpUrl: servers.mcpUrl,
    store,
    consentTimeoutMs: 1_500,
    // A forged callback reaches the loopback listener first: right issuer, wrong state.
    openBrowser: async (url) => {
      const request = new URL(url);
      const callback = new URL(request.searchParams.get('redirect_uri')!);
      callback.search = new URLSearchParams({
        code: 'forged-code',
        state: `${request.searchParams.get('state')}-other`,
        iss: servers.issuer,
      }).toString();
      forged = await fetch(callback);
    },
  });
  // The forged request did not end the sign-in: it waited for the real one until the (short) timeout.
  const err = await stepUpError(connect(session));
  expect(err.code).toBe('consent_timeout');
  expect(forged?.status).toBe(400);
  expect(await forged?.text()).toContain('This response belongs to a different sign-in');
  await session.transcript.settled();
  expect(grantTypes(session.transcript), 'no token request with the forged code').toEqual([]);
  expect((await store.load()).accessToken).toBeUndefined();
});

test('protection: a remote MCP server over plain http is refused with invalid_input; only loopback may use http', () => {
  const open = async () => {};
  for (const mcpUrl of [
    'http://mcp.example.com/mcp',
    'http://10.0.0.5:9001/mcp',
    'ftp://mcp.example.com/mcp',
  ]) {
    let err: unknown;
    try {
      new McpAuthSession({ mcpUrl, openBrowser: open });
    } catch (e) {
      err = e;
    }
    expect(isStepUpError(err) && err.code, mcpUrl).toBe('invalid_input');
    expect((err as Error).message, mcpUrl).toContain(
      'must use https (http is allowed only for loopback)',
    );
  }
  for (const mcpUrl of [
    'https://mcp.example.com/mcp',
    'http://127.0.0.1:9001/mcp',
    'http://localhost:9001/mcp',
    'http://[::1]:9001/mcp',
  ]) {
    expect(() => new McpAuthSession({ mcpUrl, openBrowser: open }), mcpUrl).not.toThrow();
  }
});

/** Resolves true if a TCP connection to host:port opens. */
const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = netConnect({ host, port, timeout: 2_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

test('protection: the callback receiver listens on 127.0.0.1 only, not on other addresses of the machine', async () => {
  const receiver = await startCallbackReceiver({ loopback: true });
  try {
    const redirect = new URL(receiver.redirectUri);
    expect(redirect.hostname).toBe('127.0.0.1');
    const port = Number(redirect.port);
    expect(await reachable('127.0.0.1', port), 'reachable on loopback').toBe(true);
    // Any other address: the IPv6 loopback (a dual-stack "::" bind answers there) and the machine's own addresses.
    const others = [
      '::1',
      ...Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && !a.internal && !a.address.startsWith('fe80'))
        .map((a) => a!.address),
    ];
    for (const host of others)
      expect(await reachable(host, port), `reachable on ${host}`).toBe(false);
  } finally {
    await receiver.close();
  }
});

/** A resource server and authorization server whose metadata advertises PKCE "plain" only. */
async function serverWithoutS256(): Promise<{ origin: string; close: () => Promise<void> }> {
  let origin = '';
  const json = (res: import('node:http').ServerResponse, body: unknown) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server: Server = createServer((req, res) => {
    if (req.url === '/mcp') {
      res
        .writeHead(401, {
          'www-authenticate': `Bearer scope="notes:read", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
        })
        .end();
    } else if (req.url === '/.well-known/oauth-protected-resource/mcp') {
      json(res, {
        resource: `${origin}/mcp`,
        authorization_servers: [origin],
        scopes_supported: ['notes:read'],
      });
    } else if (req.url === '/.well-known/oauth-authorization-server') {
      json(res, {
        issuer: origin,
        authorization_endpoint: `${origin}/auth`,
        token_endpoint: `${origin}/token`,
        registration_endpoint: `${origin}/reg`,
        code_challenge_methods_supported: ['plain'],
      });
    } else {
      res.writeHead(404).end();
    }
  });
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('protection: an authorization server that does not advertise PKCE S256 is refused before any browser opens', async () => {
  const fake = await serverWithoutS256();
  try {
    const opened: string[] = [];
    const session = new McpAuthSession({
      mcpUrl: `${fake.origin}/mcp`,
      openBrowser: (url) => void opened.push(url),
    });
    const err = await stepUpError(
      session.fetch(`${fake.origin}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: INITIALIZE,
      }),
    );
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe(
      `The authorization server ${fake.origin} does not advertise PKCE S256; MCP clients must not use it`,
    );
    expect(opened).toEqual([]);
  } finally {
    await fake.close();
  }
});

test('protection: after a call succeeds its attempt counters reset, so a later 403 for it gets a new consent, not insufficient_scope_after_reauthorization', async ({
  servers,
  user,
}) => {
  const { session, store } = newSession(servers, user);
  const client = await connect(session);
  expect((await callTool(client, 'list_notes')).isError).toBe(false);
  const readOnly = await store.load();
  expect((await callTool(client, 'add_note', { text: 'first' })).isError).toBe(false);
  expect(user.screens).toHaveLength(2);
  // The token loses notes:write (as if the server's policy changed); same session, same operation.
  await store.save({
    ...(await store.load()),
    accessToken: readOnly.accessToken,
    grantedScopes: readOnly.grantedScopes,
  });
  const again = await callTool(client, 'add_note', { text: 'second' }).catch((err: unknown) => err);
  expect(isStepUpError(again) ? `${again.code}: ${again.message}` : again).toMatchObject({
    isError: false,
  });
  expect(user.screens, 'a third consent screen, for notes:write again').toHaveLength(3);
  await client.close();
});

test.describe('refresh', () => {
  test.use({ scenario: 'short-lived-token' });
  test('protection: the refresh request carries resource, the MCP server URL (RFC 8707)', async ({
    servers,
    user,
  }) => {
    const { session, transcript } = newSession(servers, user);
    const client = await connect(session);
    await sleep(3_000); // the first token lives 2 s
    expect((await callTool(client, 'list_notes')).isError).toBe(false);
    await session.transcript.settled();
    const refresh = transcript.exchanges.find((e) => e.form?.grant_type === 'refresh_token');
    expect(refresh, 'a refresh request was sent').toBeDefined();
    expect(refresh!.form!.resource).toBe(servers.mcpUrl);
    await client.close();
  });
});
