// What real MCP clients send, and what the reference servers must accept from
// them: scope at registration, offline_access and openid, pre-registered
// clients, Client ID Metadata Documents, both metadata locations, and the
// DNS-rebinding checks. Each test takes the steps a client other than ours does.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '../support/fixtures.ts';
import {
  approveInBrowser,
  authorizationRequest,
  jwtClaims,
  mcpToolCall,
  redeemCode,
  registerClient,
  REDIRECT_URI,
  signInWith,
} from './oauth-helpers.ts';
import { claims } from '../support/claims.ts';
import { listenOnLoopback } from '../../examples/shared/loopback.ts';

test(
  'registration accepts scope and the metadata real clients send, and the registered scope does not block a step-up',
  claims({
    'server.registration-scope':
      'A registration request that carries `scope`, `client_uri`, `logo_uri`, `software_id` and the other metadata real clients send is accepted with `201`; the registered `scope` is dropped, so the client can later step up to `notes:write`, which it never registered',
  }),
  async ({ servers, page }) => {
    const registered = await registerClient(servers.issuer, {
      scope: 'notes:read offline_access',
      client_name: 'Some MCP client',
      client_uri: 'https://client.example/',
      logo_uri: 'https://client.example/logo.png',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      software_id: 'some-mcp-client',
      software_version: '1.2.3',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    // Replaced, not kept as an allow-list (RFC 7591 §3.2.1: the response shows what was registered).
    expect(registered.body.scope).toBeUndefined();
    const clientId = String(registered.body.client_id);

    const first = await signInWith(page, servers, clientId, 'notes:read');
    expect(first.token?.body.scope).toBe('notes:read');
    const stepUp = await signInWith(page, servers, clientId, 'notes:read notes:write', {
      prompt: 'consent',
    });
    expect(stepUp.screens).toBe(1);
    expect(stepUp.token?.status).toBe(200);
    expect(stepUp.token?.body.scope).toBe('notes:read notes:write');
    expect(
      (
        await mcpToolCall(servers, stepUp.token!.body.access_token!, 'add_note', {
          text: 'after step-up',
        })
      ).status,
    ).toBe(200);
  },
);

for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
  test(`a client registered with ${method} gets a secret and redeems its code with it`, async ({
    servers,
    page,
  }) => {
    const registered = await registerClient(servers.issuer, {
      token_endpoint_auth_method: method,
      scope: 'notes:read',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const clientId = String(registered.body.client_id);
    const secret = String(registered.body.client_secret);
    const request = await authorizationRequest(servers, clientId, 'notes:read');
    const { callback } = await approveInBrowser(page, request.url);
    expect(
      (await redeemCode(servers, clientId, callback!, request.verifier, { method: 'none' })).status,
      'no secret: refused',
    ).toBe(401);
    const token = await redeemCode(servers, clientId, callback!, request.verifier, {
      method,
      secret,
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
  });
}

test(
  'offline_access and openid with prompt=consent are granted by one Approve: no consent loop',
  claims({
    'server.offline-access-one-approve':
      'A request for `openid offline_access notes:read` with `prompt=consent` is granted by one Approve: one consent screen, then a refresh token and an ID token, with no consent loop',
  }),
  async ({ servers, page }) => {
    const clientId = String((await registerClient(servers.issuer)).body.client_id);
    const result = await signInWith(page, servers, clientId, 'openid offline_access notes:read', {
      prompt: 'consent',
    });
    expect(result.screens, 'one consent screen, then the callback').toBe(1);
    expect(result.callback?.searchParams.get('error')).toBeNull();
    expect(result.token?.status).toBe(200);
    expect(result.token?.body.refresh_token).toBeTruthy();
    expect(result.token?.body.id_token).toBeTruthy();
    expect(jwtClaims(result.token!.body.access_token!).scope).toBe('notes:read');
  },
);

test('the consent screen lists offline_access and openid in words', async ({ servers, page }) => {
  const clientId = String((await registerClient(servers.issuer)).body.client_id);
  const request = await authorizationRequest(servers, clientId, 'notes:read offline_access', {
    prompt: 'consent',
  });
  await page.goto(request.url);
  await expect(page.locator('#scopes li[data-scope="offline_access"]')).toContainText(
    'refresh token',
  );
});

test(
  'authorization server metadata lists the scopes it issues and Client ID Metadata Document support',
  claims({
    'server.as-metadata-scopes':
      "The authorization server's metadata lists exactly the scopes it issues (`openid`, `offline_access`, `notes:read`, `notes:write`, `notes:admin`), lists `none`, `client_secret_basic` and `client_secret_post` among its token endpoint methods, and `client_id_metadata_document_supported: true`",
  }),
  async ({ servers }) => {
    const metadata = (await (
      await fetch(`${servers.issuer}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata.scopes_supported).toEqual([
      'openid',
      'offline_access',
      'notes:read',
      'notes:write',
      'notes:admin',
    ]);
    expect(metadata.client_id_metadata_document_supported).toBe(true);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['none', 'client_secret_basic', 'client_secret_post']),
    );
  },
);

test(
  'protected resource metadata is served at the path-inserted and the root well-known URL, listing only first-sign-in scopes',
  claims({
    'server.prm-both-urls':
      'The protected resource metadata is served, identical, at the path-inserted URL and at the root, with `resource` equal to the MCP endpoint URL and only `notes:read`, the scope a first sign-in may take, in `scopes_supported`',
  }),
  async ({ servers }) => {
    const origin = new URL(servers.mcpUrl).origin;
    const inserted = await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`);
    const root = await fetch(`${origin}/.well-known/oauth-protected-resource`);
    expect(inserted.status).toBe(200);
    expect(root.status).toBe(200);
    const document = await inserted.json();
    expect(await root.json()).toEqual(document);
    expect(document.resource).toBe(servers.mcpUrl);
    // A client that signs in for everything listed still starts with notes:read, so the step-up happens.
    expect(document.scopes_supported).toEqual(['notes:read']);
  },
);

test.describe('no-scope', () => {
  test.use({ scenario: 'no-scope' });
  test('with a 403 that names no scope, the metadata lists every scope, the only place a client can find them', async ({
    servers,
  }) => {
    const document = await (
      await fetch(`${new URL(servers.mcpUrl).origin}/.well-known/oauth-protected-resource`)
    ).json();
    expect(document.scopes_supported).toEqual(['notes:read', 'notes:write', 'notes:admin']);
  });
});

/** A raw request, so the Host header can be anything (fetch always sets its own). */
function rawPost(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
  });
}

test(
  'the MCP server refuses a foreign Host or Origin (DNS rebinding) and accepts its own or none',
  claims({
    'server.dns-rebinding':
      'A request with a foreign `Host` gets `403` "Invalid Host", one with a foreign `Origin` gets `403` "Origin ... is not allowed", and one with the server\'s own `Origin`, or no `Origin` at all, goes on to the usual `401`',
  }),
  async ({ servers }) => {
    const own = new URL(servers.mcpUrl);
    const foreignHost = await rawPost(servers.mcpUrl, { host: `attacker.example:${own.port}` });
    expect(foreignHost.status).toBe(403);
    expect(foreignHost.body).toContain('Invalid Host: attacker.example');

    const foreignOrigin = await rawPost(servers.mcpUrl, { origin: 'http://attacker.example' });
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).toContain('Origin http://attacker.example is not allowed');

    // Past the check, a request without a token meets the usual 401.
    expect((await rawPost(servers.mcpUrl, { origin: own.origin })).status).toBe(401);
    expect((await rawPost(servers.mcpUrl, {})).status).toBe(401);
  },
);

test(
  'pre-registered clients sign in without registering: public, client_secret_basic and client_secret_post',
  claims({
    'server.pre-registered':
      'Pre-registered clients sign in without registering, one consent screen each: a public one, one that authenticates with `client_secret_basic` and one with `client_secret_post`',
  }),
  async ({ servers, page }) => {
    const clients = servers.authorizationServer.preRegistered;
    const cases = [
      { clientId: clients.publicClientId, auth: { method: 'none' as const } },
      {
        clientId: clients.confidentialClientId,
        auth: { method: 'client_secret_basic' as const, secret: clients.clientSecret },
      },
      {
        clientId: clients.confidentialPostClientId,
        auth: { method: 'client_secret_post' as const, secret: clients.clientSecret },
      },
    ];
    for (const { clientId, auth } of cases) {
      const request = await authorizationRequest(servers, clientId, 'notes:read');
      const outcome = await approveInBrowser(page, request.url);
      expect(outcome.screens, clientId).toBe(1);
      const token = await redeemCode(servers, clientId, outcome.callback!, request.verifier, auth);
      expect(token.status, `${clientId}: ${JSON.stringify(token.body)}`).toBe(200);
      expect(jwtClaims(token.body.access_token!).client_id).toBe(clientId);
    }
  },
);

test(
  'a Client ID Metadata Document on a loopback URL identifies the client, and the consent page says so',
  claims({
    'server.cimd':
      'A client whose `client_id` is the URL of its Client ID Metadata Document signs in without registering, and the consent page shows that URL and says the client is identified by a metadata document',
  }),
  async ({ servers, page }) => {
    const documents = createServer((req, res) => {
      const clientId = `http://127.0.0.1:${(documents.address() as AddressInfo).port}${req.url}`;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          client_id: clientId,
          client_name: 'CIMD client',
          redirect_uris: [REDIRECT_URI],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        }),
      );
    });
    const documentsPort = await listenOnLoopback(documents);
    try {
      const clientId = `http://127.0.0.1:${documentsPort}/client.json`;
      const request = await authorizationRequest(servers, clientId, 'notes:read');
      await page.goto(request.url);
      await expect(page.locator('[data-client-kind]')).toHaveAttribute(
        'data-client-kind',
        'metadata-document',
      );
      await expect(page.locator('[data-client-id]')).toHaveText(clientId);
      const outcome = await approveInBrowser(page, page.url());
      expect(outcome.callback).toBeDefined();
      const token = await redeemCode(servers, clientId, outcome.callback!, request.verifier);
      expect(token.status, JSON.stringify(token.body)).toBe(200);
      expect(jwtClaims(token.body.access_token!).client_id).toBe(clientId);
    } finally {
      documents.closeAllConnections();
      documents.close();
    }
  },
);

test(
  'a metadata document whose client_id is not its own URL is refused',
  claims({
    'server.cimd-mismatch':
      'A metadata document whose `client_id` is not its own URL is refused with `400`',
  }),
  async ({ servers }) => {
    const documents = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          client_id: 'https://someone-else.example/client.json',
          redirect_uris: [REDIRECT_URI],
        }),
      );
    });
    const documentsPort = await listenOnLoopback(documents);
    try {
      const clientId = `http://127.0.0.1:${documentsPort}/client.json`;
      const request = await authorizationRequest(servers, clientId, 'notes:read');
      const response = await fetch(request.url, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('client_id does not match');
    } finally {
      documents.closeAllConnections();
      documents.close();
    }
  },
);

test.describe('held-scope', () => {
  test.use({ scenario: 'held-scope' });

  test('the authorization server itself asks for consent again when the consent it holds is stale, without prompt=consent', async ({
    servers,
    page,
  }) => {
    // A web client (the SDKs' default): oidc-provider never re-prompts it on its own.
    const clientId = String(
      (await registerClient(servers.issuer, { scope: 'notes:read notes:write' })).body.client_id,
    );
    const first = await signInWith(page, servers, clientId, 'notes:read notes:write');
    expect(first.screens).toBe(1);

    // Control: before the resource refuses old consent, re-authorizing is silent.
    const silent = await signInWith(page, servers, clientId, 'notes:read notes:write');
    expect(silent.screens, 'no consent screen while the consent is fresh').toBe(0);
    expect(silent.token?.status).toBe(200);

    const refused = await mcpToolCall(servers, silent.token!.body.access_token!, 'add_note', {
      text: 'x',
    });
    expect(refused.status).toBe(403);

    // The same plain request now shows the consent screen, and the new token works.
    const renewed = await signInWith(page, servers, clientId, 'notes:read notes:write');
    expect(renewed.screens, 'the stale consent is asked again').toBe(1);
    const claims = jwtClaims(renewed.token!.body.access_token!);
    expect(claims.consented_at).toBeGreaterThan(
      jwtClaims(first.token!.body.access_token!).consented_at as number,
    );
    expect(
      (
        await mcpToolCall(servers, renewed.token!.body.access_token!, 'add_note', {
          text: 'renewed',
        })
      ).status,
    ).toBe(200);
  });
});
