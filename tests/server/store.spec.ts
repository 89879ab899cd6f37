// The authorization server's SQLite store: a restart keeps clients, grants and
// refresh tokens; nothing is evicted to make room; expired rows go by TTL; and
// a revoked grant stops the access tokens issued from it at once.
import { startReferenceServers } from '../../examples/server/start.ts';
import { openStore } from '../../examples/server/store/sqlite-store.ts';
import { expect, test } from '../support/fixtures.ts';
import { jwtClaims, mcpToolCall, registerClient, signInWith } from './oauth-helpers.ts';
import { claims } from '../support/claims.ts';

const refresh = async (issuer: string, mcpUrl: string, clientId: string, refreshToken: string) => {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      resource: mcpUrl,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

test(
  'a restart on the same store keeps the client, the grant, the refresh token and the signing keys',
  claims({
    'server.store-restart':
      'After a restart on the same SQLite file, the old access token still verifies, the refresh token still refreshes, and the registered client signs in again without registering',
  }),
  async ({ page }, testInfo) => {
    const dataFile = testInfo.outputPath('store.sqlite');
    const config = { host: '127.0.0.1', authorizationServerPort: 0, mcpPort: 0, dataFile };
    const before = await startReferenceServers(config);
    const clientId = String((await registerClient(before.issuer)).body.client_id);
    const signedIn = await signInWith(page, before, clientId, 'notes:read');
    expect(signedIn.token?.status).toBe(200);
    const { access_token: accessToken, refresh_token: refreshToken } = signedIn.token!.body;
    await before.close();

    // Same ports, same file: what `npm start` does after Ctrl-C and start again.
    const after = await startReferenceServers({
      ...config,
      authorizationServerPort: Number(new URL(before.issuer).port),
      mcpPort: Number(new URL(before.mcpUrl).port),
    });
    try {
      expect(after.issuer).toBe(before.issuer);
      expect(
        (await mcpToolCall(after, accessToken!, 'list_notes')).status,
        'the old access token still verifies',
      ).toBe(200);
      const refreshed = await refresh(after.issuer, after.mcpUrl, clientId, refreshToken!);
      expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
      expect((await mcpToolCall(after, refreshed.body.access_token!, 'list_notes')).status).toBe(
        200,
      );
      // The registered client is still known: a new sign-in needs no registration.
      const again = await signInWith(page, after, clientId, 'notes:read notes:write', {
        prompt: 'consent',
      });
      expect(again.token?.status).toBe(200);
    } finally {
      await after.close();
    }
  },
);

test(
  'no eviction: a client registered before 3,000 others still exists',
  claims({
    'server.store-no-eviction':
      'Nothing is evicted to make room: a client registered before 3,000 others is still found',
  }),
  async () => {
    const store = await openStore();
    try {
      const clients = store.adapter('Client');
      await clients.upsert('first', {
        client_id: 'first',
        redirect_uris: ['http://127.0.0.1/callback'],
      });
      for (let i = 0; i < 3000; i++) await clients.upsert(`c${i}`, { client_id: `c${i}` });
      expect(await clients.find('first')).toMatchObject({ client_id: 'first' });
    } finally {
      store.close();
    }
  },
);

test('expired rows are not found and are deleted by TTL; consumed codes say so', async () => {
  const store = await openStore();
  try {
    const codes = store.adapter('AuthorizationCode');
    await codes.upsert('short', { grantId: 'g1' }, 1);
    await codes.upsert('long', { grantId: 'g2' }, 3600);
    await codes.consume('long');
    expect((await codes.find('long'))?.consumed).toEqual(expect.any(Number));
    const later = Math.floor(Date.now() / 1000) + 2;
    expect(store.deleteExpired(later)).toBe(1);
    expect(await codes.find('short')).toBeUndefined();
    await codes.revokeByGrantId('g2');
    expect(await codes.find('long')).toBeUndefined();
  } finally {
    store.close();
  }
});

test(
  'after the refresh token is revoked, the access token from the same grant gets 401 invalid_token at once',
  claims({
    'server.revoke-refresh-stops-access':
      'After the refresh token is revoked ([RFC 7009](https://www.rfc-editor.org/rfc/rfc7009), what Clear authentication sends), the access token from the same grant gets `401` with `error="invalid_token"` and "The access token was revoked" on its very next call',
  }),
  async ({ servers, page }) => {
    const clientId = String((await registerClient(servers.issuer)).body.client_id);
    const { token } = await signInWith(page, servers, clientId, 'notes:read');
    const { access_token: accessToken, refresh_token: refreshToken } = token!.body;
    expect(jwtClaims(accessToken!).grant_id).toEqual(expect.any(String));
    expect((await mcpToolCall(servers, accessToken!, 'list_notes')).status).toBe(200);

    // What "Clear authentication" sends (RFC 7009).
    const revoked = await fetch(`${servers.issuer}/token/revocation`, {
      method: 'POST',
      body: new URLSearchParams({
        token: refreshToken!,
        token_type_hint: 'refresh_token',
        client_id: clientId,
      }),
    });
    expect(revoked.status).toBe(200);

    const after = await mcpToolCall(servers, accessToken!, 'list_notes');
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(after.headers.get('www-authenticate')).toContain(
      'error_description="The access token was revoked"',
    );
  },
);

test(
  'what revocation does not stop: revoking the JWT access token itself is refused, and it keeps working',
  claims({
    'server.revoke-access-token-refused':
      'Revoking the JWT access token itself is refused with `400 unsupported_token_type`, and the MCP server still accepts that token afterwards',
  }),
  async ({ servers, page }) => {
    const clientId = String((await registerClient(servers.issuer)).body.client_id);
    const { token } = await signInWith(page, servers, clientId, 'notes:read');
    const accessToken = token!.body.access_token!;
    const revoked = await fetch(`${servers.issuer}/token/revocation`, {
      method: 'POST',
      body: new URLSearchParams({
        token: accessToken,
        token_type_hint: 'access_token',
        client_id: clientId,
      }),
    });
    expect(revoked.status).toBe(400);
    expect(((await revoked.json()) as { error: string }).error).toBe('unsupported_token_type');
    expect(
      (await mcpToolCall(servers, accessToken, 'list_notes')).status,
      'only revoking the refresh token (the grant) stops it',
    ).toBe(200);
  },
);
