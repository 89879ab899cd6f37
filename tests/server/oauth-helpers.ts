// Raw OAuth steps against the reference authorization server, as a client
// other than ours would take them: register, open the authorization URL in
// the browser and answer (or not) the consent screens, redeem the code.
import type { Page } from '@playwright/test';
import { HttpUser } from './http-user.ts';
import * as oauth from 'oauth4webapi';
import type { ReferenceServers } from '../../examples/server/start.ts';

/** Nothing listens here: the browser's attempt to load it is what the tests read. */
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

export async function registerClient(
  issuer: string,
  metadata: Record<string, unknown> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface AuthorizationRequest {
  url: string;
  verifier: string;
}

export async function authorizationRequest(
  servers: ReferenceServers,
  clientId: string,
  scope: string,
  extra: Record<string, string> = {},
): Promise<AuthorizationRequest> {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(`${servers.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope,
    resource: servers.mcpUrl,
    redirect_uri: REDIRECT_URI,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: oauth.generateRandomState(),
    ...extra,
  }).toString();
  return { url: url.href, verifier };
}

export interface BrowserOutcome {
  /** Consent screens shown (each one answered with Approve). */
  screens: number;
  /** The callback URL the browser was sent to, if it got there. */
  callback?: URL;
}

/**
 * Opens the URL and approves each consent screen until the browser reaches the
 * callback, at most `maxScreens` screens: a consent loop stops there.
 */
export async function approveInBrowser(
  page: Page,
  url: string,
  maxScreens = 3,
): Promise<BrowserOutcome> {
  const callbacks: string[] = [];
  // Only this request's callback (when the URL names its state): the error
  // page of an earlier sign-in's dead callback may reload itself (Chromium
  // retries refused connections).
  const state = new URL(url).searchParams.get('state');
  const onRequest = (request: { url(): string }) => {
    const callback = new URL(request.url());
    if (
      callback.pathname === '/callback' &&
      (state === null || callback.searchParams.get('state') === state)
    )
      callbacks.push(request.url());
  };
  page.on('request', onRequest);
  let screens = 0;
  let answered = '';
  try {
    await page.goto(url).catch(() => {}); // a redirect to the dead callback fails the navigation
    const deadline = Date.now() + 15_000;
    while (!callbacks.length && Date.now() < deadline) {
      const at = page.url();
      if (
        at.includes('/interaction/') &&
        at !== answered &&
        (await page
          .locator('#scopes')
          .isVisible()
          .catch(() => false))
      ) {
        if (screens === maxScreens) break;
        screens++;
        answered = at;
        await page.getByRole('button', { name: 'Approve' }).click();
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    page.off('request', onRequest);
  }
  return { screens, ...(callbacks[0] ? { callback: new URL(callbacks[0]) } : {}) };
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown> & {
    access_token?: string;
    refresh_token?: string;
    scope?: string;
    error?: string;
  };
}

/** Redeems a code; `auth` picks how a confidential client authenticates. */
export async function redeemCode(
  servers: ReferenceServers,
  clientId: string,
  callback: URL,
  verifier: string,
  auth:
    | { method: 'none' }
    | { method: 'client_secret_basic' | 'client_secret_post'; secret: string } = { method: 'none' },
): Promise<TokenResponse> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    resource: servers.mcpUrl,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth.method === 'client_secret_basic') {
    headers.authorization = `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(auth.secret)}`)}`;
  } else {
    form.set('client_id', clientId);
    if (auth.method === 'client_secret_post') form.set('client_secret', auth.secret);
  }
  const response = await fetch(`${servers.issuer}/token`, { method: 'POST', headers, body: form });
  return { status: response.status, body: (await response.json()) as TokenResponse['body'] };
}

/** The whole authorization code flow in the browser, approving every screen. */
export async function signInWith(
  page: Page,
  servers: ReferenceServers,
  clientId: string,
  scope: string,
  extra: Record<string, string> = {},
) {
  const request = await authorizationRequest(servers, clientId, scope, extra);
  const outcome = await approveInBrowser(page, request.url);
  const token = outcome.callback
    ? await redeemCode(servers, clientId, outcome.callback, request.verifier)
    : undefined;
  return { ...outcome, token };
}

export function mcpToolCall(
  servers: ReferenceServers,
  accessToken: string,
  tool: string,
  args: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(servers.mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: tool, arguments: args },
    }),
  });
}

/** The claims of a JWT access token (read only; the MCP server verifies it). */
export const jwtClaims = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

/** A whole sign-in without a browser: register, consent over HTTP, redeem the code. */
export async function httpSignIn(
  servers: ReferenceServers,
  scope: string,
  extra: Record<string, string> = {},
) {
  const clientId = String((await registerClient(servers.issuer)).body.client_id);
  const request = await authorizationRequest(servers, clientId, scope, extra);
  const outcome = await new HttpUser().authorize(request.url);
  const token = await redeemCode(servers, clientId, outcome.callback, request.verifier);
  if (token.status !== 200) throw new Error(`token request failed: ${JSON.stringify(token.body)}`);
  return {
    clientId,
    accessToken: token.body.access_token!,
    refreshToken: token.body.refresh_token!,
    screens: outcome.screens,
  };
}
