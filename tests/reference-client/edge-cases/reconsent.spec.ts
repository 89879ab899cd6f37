// A 403 insufficient_scope is answered with browser consent, never a silent
// refresh: when it names scopes the token already holds (claim
// `edge.held-scope-reconsent`), and when it names a new scope while a refresh
// token is at hand (claim `edge.new-scope-not-refresh`).
import { callTool, connect } from '../../../examples/client/step-up.ts';
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, grantTypes, newSession, refreshGrant, sleep } from './helpers.ts';
import { claims } from '../../support/claims.ts';
import { mcpToolCall } from '../../server/oauth-helpers.ts';

test.describe('held-scope', () => {
  test.use({ scenario: 'held-scope' });

  test(
    'a 403 naming only scopes the token holds opens the consent screen again, not a refresh',
    claims(
      {
        'edge.held-scope-reconsent':
          'Opens the consent screen again (`prompt=consent`), not a refresh',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const { client, read, write, error } = await connectReadWrite(session);
      expect(error).toBeUndefined();
      expect(read.isError).toBe(false);
      expect(write!.text).toMatch(/^Added note #\d+$/);

      expect(user.screens).toHaveLength(2);
      const [first, second] = user.screens;
      expect(first!.scopes).toEqual([
        { scope: 'notes:read', state: 'new' },
        { scope: 'notes:write', state: 'new' },
      ]);
      // The step-up screen: same scopes, all already granted, consent asked for again.
      expect(second!.authorizationUrl.searchParams.get('prompt')).toBe('consent');
      expect(second!.heading).toBe('Allow additional access?');
      expect(second!.scopes).toEqual([
        { scope: 'notes:read', state: 'granted' },
        { scope: 'notes:write', state: 'granted' },
      ]);
      expect(grantTypes(transcript)).toEqual(['authorization_code', 'authorization_code']);
      await client.close();
      await expectRecordedOutput('held-scope.txt', transcript.toString());
    },
  );

  test(
    'a refreshed token is still refused for a held-scope challenge: refresh cannot renew consent',
    claims({
      'edge.refresh-cannot-renew-consent':
        'A refreshed token is still refused: a refresh replays the old consent and cannot renew it',
    }),
    async ({ servers, user }) => {
      const { session, store } = newSession(servers, user);
      const client = await connect(session);
      const stored = await store.load();
      expect(stored.refreshToken).toBeTruthy();

      const refused = async (token: string) => {
        const response = await mcpToolCall(servers, token, 'add_note', { text: 'x' });
        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      };
      // The server asks for renewed consent...
      await refused(stored.accessToken!);
      // ...what a client that refreshes on that 403 would do: the refresh succeeds, later than the 403...
      await sleep(5);
      const refreshed = await refreshGrant(servers, stored.clientId!, stored.refreshToken!);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.scope).toBe('notes:read notes:write');
      // ...and the server refuses the new token exactly as it refused the old one: it carries the old consent.
      await refused(refreshed.body.access_token!);
      expect(user.screens).toHaveLength(1);
      await client.close();
    },
  );
});

test(
  'a 403 naming a new scope opens browser consent even with a refresh token at hand',
  claims({
    'edge.new-scope-not-refresh': 'Opens the browser consent, even with a refresh token at hand',
  }),
  async ({ servers, user }) => {
    const { session, store, transcript } = newSession(servers, user);
    const client = await connect(session);
    expect(
      (await store.load()).refreshToken,
      'the client holds a refresh token before the 403',
    ).toBeTruthy();

    const write = await callTool(client, 'add_note', { text: 'needs notes:write' });
    expect(write.isError).toBe(false);
    expect(user.screens).toHaveLength(2);
    expect(user.screens[1]!.scopes).toContainEqual({ scope: 'notes:write', state: 'new' });
    expect(transcript.exchanges.filter((e) => e.form?.grant_type === 'refresh_token')).toEqual([]);
    expect(grantTypes(transcript)).toEqual(['authorization_code', 'authorization_code']);
    await client.close();
  },
);
