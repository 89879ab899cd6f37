// Bad requests to the reference servers get the standard OAuth or JSON-RPC
// error, never a 500 or a stack trace.
import { createServer } from 'node:http';
import * as oauth from 'oauth4webapi';
import { McpAuthSession } from '../../examples/client/session.ts';
import { MemoryStore } from '../../examples/client/store.ts';
import { createMcpApp } from '../../examples/server/mcp-server.ts';
import { expect, test } from '../support/fixtures.ts';
import { listenOnLoopback } from '../../examples/shared/loopback.ts';

const noStackTrace = (body: string) => expect(body).not.toMatch(/\n\s+at [\w.<>]+ \(|node_modules/);

async function register(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: ['http://127.0.0.1/callback'],
      application_type: 'native',
      token_endpoint_auth_method: 'none',
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

/** Signs in through the real consent page and returns the stored tokens. */
async function signIn(mcpUrl: string, openBrowser: (url: string) => Promise<void>) {
  const store = new MemoryStore();
  const session = new McpAuthSession({ mcpUrl, openBrowser, store });
  const response = await session.fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  expect(response.status).toBe(200);
  return store.load();
}

test('an unknown client_id gets an OAuth error page, not a 500', async ({ servers }) => {
  const response = await fetch(
    `${servers.issuer}/auth?client_id=nobody&response_type=code&scope=notes:read&code_challenge=x&code_challenge_method=S256`,
  );
  expect(response.status).toBe(400);
  const body = await response.text();
  expect(body).toContain('invalid_client');
  noStackTrace(body);
});

test('a redirect URI that was not registered is refused', async ({ servers }) => {
  const clientId = await register(servers.issuer);
  const url = new URL(`${servers.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'notes:read',
    redirect_uri: 'http://attacker.example/callback',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(400);
  const body = await response.text();
  expect(body).toContain('redirect_uri');
  noStackTrace(body);
});

test('a code exchanged with the wrong PKCE verifier gets invalid_grant', async ({
  servers,
  user,
}) => {
  const clientId = await register(servers.issuer);
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(`${servers.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'notes:read',
    resource: servers.mcpUrl,
    redirect_uri: 'http://127.0.0.1:9/callback',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: 's',
  }).toString();
  await user.openBrowser(url.href);
  await expect.poll(() => user.callbackUrls.length).toBe(1);
  const code = new URL(user.callbackUrls[0]!).searchParams.get('code')!;
  const response = await fetch(`${servers.issuer}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: 'http://127.0.0.1:9/callback',
      code_verifier: oauth.generateRandomCodeVerifier(),
      resource: servers.mcpUrl,
    }),
  });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe('invalid_grant');
  noStackTrace(JSON.stringify(body));
});

test('malformed JSON-RPC gets a JSON-RPC parse error with a valid token', async ({
  servers,
  user,
}) => {
  const { accessToken } = await signIn(servers.mcpUrl, user.openBrowser);
  const response = await fetch(servers.mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: '{"jsonrpc": "2.0", "method": ',
  });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { code: number; message: string } };
  expect(body.error.code).toBe(-32700);
  noStackTrace(JSON.stringify(body));
});

test('a token issued for another resource gets 401 invalid_token', async ({ servers, user }) => {
  const { accessToken } = await signIn(servers.mcpUrl, user.openBrowser);
  // A second MCP server that trusts the same authorization server but is a different resource.
  const other = createServer();
  const otherUrl = `http://127.0.0.1:${await listenOnLoopback(other)}/mcp`;
  other.on(
    'request',
    createMcpApp({
      resource: otherUrl,
      issuer: servers.issuer,
      jwksUri: `${servers.issuer}/jwks`,
      scenario: 'full-set',
    }),
  );
  try {
    const response = await fetch(otherUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(response.headers.get('www-authenticate')).toContain('another resource');
  } finally {
    other.closeAllConnections();
    other.close();
  }
});

test('no token gets 401 with resource_metadata and no error code (RFC 6750 §3.1)', async ({
  servers,
}) => {
  const response = await fetch(servers.mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(401);
  const challenge = response.headers.get('www-authenticate')!;
  expect(challenge).toContain('resource_metadata="');
  expect(challenge).not.toContain('error=');
});

test('a garbled Authorization header gets 401 invalid_request, not a 500', async ({ servers }) => {
  const response = await fetch(servers.mcpUrl, {
    method: 'POST',
    headers: { authorization: 'Bearer a b c', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toContain('error="invalid_request"');
});
