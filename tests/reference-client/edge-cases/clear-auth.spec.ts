// "Clear authentication" after a step-up forgets the tokens and the client
// registration, so the next connection starts from the first 401 with the
// baseline scope (claims `edge.clear-auth-deletes`, `edge.clear-auth-baseline`).
import { existsSync, readFileSync } from 'node:fs';
import { connect } from '../../../examples/client/step-up.ts';
import { FileStore } from '../../../examples/client/store.ts';
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, newSession, refreshGrant } from './helpers.ts';
import { claims } from '../../support/claims.ts';

test(
  'clear authentication deletes tokens and registration; the next connection starts again from notes:read',
  claims(
    {
      'edge.clear-auth-deletes': 'deletes tokens and the client registration',
      'edge.clear-auth-deletes.user': 'deletes the stored tokens and client registration',
      'edge.clear-auth-baseline':
        'The next connection starts from the first `401` again, with the baseline scopes',
      'edge.clear-auth-baseline.user':
        'The next time you connect, you start with the first login again, approving only the access the server needs to start, not what you added by step-up',
    },
    { tag: '@transcript' },
  ),
  async ({ servers, user }, testInfo) => {
    const store = new FileStore(testInfo.outputPath('mcp-auth.json'));
    const { session, transcript } = newSession(servers, user, { store });
    const first = await connectReadWrite(session);
    await first.client.close();
    expect(first.error).toBeUndefined();
    const before = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(before).toMatchObject({
      clientId: expect.any(String),
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      grantedScopes: ['notes:read', 'notes:write'],
    });

    await session.clearAuthentication();
    expect(existsSync(store.path)).toBe(false);
    expect(await store.load()).toEqual({});
    // The refresh token was revoked at the server too.
    expect((await refreshGrant(servers, before.clientId, before.refreshToken)).body.error).toBe(
      'invalid_grant',
    );

    const cleared = transcript.toString().length;
    const client = await connect(session);
    await client.close();
    // From the first 401 again: no token sent, a new registration, the baseline scope only.
    const after = transcript.toString().slice(cleared);
    expect(after).toMatch(
      /^→ POST http:\/\/127\.0\.0\.1:9001\/mcp\n {2}JSON-RPC server\/discover\n← 401 Unauthorized\n/,
    );
    expect(after).toContain('→ POST http://127.0.0.1:9000/reg');
    expect(user.screens).toHaveLength(3);
    const again = user.screens[2]!;
    expect(again.heading).toBe('Allow access?');
    expect(again.scopes).toEqual([{ scope: 'notes:read', state: 'new' }]);
    expect(again.authorizationUrl.searchParams.get('prompt')).toBeNull();
    expect(again.authorizationUrl.searchParams.get('client_id')).not.toBe(before.clientId);
    expect(JSON.parse(readFileSync(store.path, 'utf8')).grantedScopes).toEqual(['notes:read']);
    await expectRecordedOutput('clear-authentication.txt', transcript.toString());
  },
);
