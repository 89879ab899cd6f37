// 401 invalid_token means "get a new token": one silent refresh and a retry,
// no consent screen. A 403 insufficient_scope never takes that path
// (claims `edge.expired-token-refresh`, `edge.403-never-refreshes`).
import { callTool, connect } from '../../../examples/client/step-up.ts';
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { decisions, grantTypes, newSession, sleep } from './helpers.ts';
import { claims } from '../../support/claims.ts';
import { SHORT_TOKEN_EXPIRED_AFTER_MS } from '../../../examples/server/start.ts';

test.use({ scenario: 'short-lived-token' });

// The first access token lives 2 s (whole seconds); refreshed ones an hour.

test(
  'an expired token gets exactly one silent refresh and the call is retried, with no consent screen',
  claims(
    {
      'edge.expired-token-refresh':
        'Refreshes silently, exactly once, and retries the call; no consent screen',
    },
    { tag: '@transcript' },
  ),
  async ({ servers, user }) => {
    const { session, transcript } = newSession(servers, user);
    const client = await connect(session);
    await sleep(SHORT_TOKEN_EXPIRED_AFTER_MS);

    const read = await callTool(client, 'list_notes');
    expect(read.isError).toBe(false);
    expect(transcript.toString()).toContain(
      'error="invalid_token", error_description="The access token expired"',
    );
    expect(grantTypes(transcript)).toEqual(['authorization_code', 'refresh_token']);
    expect(user.screens).toHaveLength(1);
    await client.close();
    await session.transcript.settled();
    await expectRecordedOutput('short-lived-token.txt', transcript.toString());
  },
);

test(
  'after a refresh, a 403 insufficient_scope goes to browser consent, never to a second refresh',
  claims({
    'edge.403-never-refreshes': 'Goes to browser consent, never to a second refresh',
  }),
  async ({ servers, user }) => {
    const { session, transcript } = newSession(servers, user);
    const client = await connect(session);
    await sleep(SHORT_TOKEN_EXPIRED_AFTER_MS);

    const write = await callTool(client, 'add_note', { text: 'after expiry' }).catch(
      (err: Error) => err,
    );
    await session.transcript.settled();
    expect(write, transcript.toString()).toMatchObject({ isError: false });
    expect(decisions(transcript).map((d) => d.split(/[ :]/)[0])).toEqual([
      're-authorize',
      'refresh',
      're-authorize',
    ]);
    expect(grantTypes(transcript)).toEqual([
      'authorization_code',
      'refresh_token',
      'authorization_code',
    ]);
    // The refresh came from the 401, the consent from the 403.
    const statuses = transcript.exchanges
      .filter((e) => e.rpc === 'tools/call add_note')
      .map((e) => e.status);
    expect(statuses).toEqual([401, 403, 200]);
    expect(user.screens).toHaveLength(2);
    await client.close();
  },
);
