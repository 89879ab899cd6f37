// Parallel tool calls in one session share one refresh and one consent round
// (single flight); each call keeps its own attempt counters.
import { callTool, connect } from '../../examples/client/step-up.ts';
import { expect, test } from '../support/fixtures.ts';
import { grantTypes, newSession, sleep } from './edge-cases/helpers.ts';
import { claims } from '../support/claims.ts';
import { SHORT_TOKEN_EXPIRED_AFTER_MS } from '../../examples/server/start.ts';

const PARALLEL = 5; // the titles and claims below say 5

test.describe('short-lived-token', () => {
  test.use({ scenario: 'short-lived-token' });
  test(
    '5 parallel calls after the token expired share exactly one refresh and open no consent screen',
    claims({
      'client.single-flight-refresh':
        '5 parallel calls after the access token expired share exactly one refresh, open no consent screen, and all succeed',
    }),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const client = await connect(session);
      await sleep(SHORT_TOKEN_EXPIRED_AFTER_MS); // until the first access token has expired
      const outcomes = await Promise.all(
        Array.from({ length: PARALLEL }, () => callTool(client, 'list_notes')),
      );
      await session.transcript.settled();
      expect(outcomes.map((o) => o.isError)).toEqual(Array(PARALLEL).fill(false));
      expect(grantTypes(transcript), transcript.toString()).toEqual([
        'authorization_code',
        'refresh_token',
      ]);
      expect(user.screens).toHaveLength(1);
      // Every call did meet the expired token.
      expect(
        transcript.exchanges.filter((e) => e.rpc === 'tools/call list_notes' && e.status === 401),
      ).toHaveLength(PARALLEL);
      await client.close();
    },
  );
});

test.describe('full-set', () => {
  test(
    '5 parallel calls needing the same step-up share one consent screen, and all succeed',
    claims({
      'client.single-flight-consent':
        "5 parallel calls that need the same step-up share one consent screen and all succeed: no call uses up another's attempts",
    }),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const client = await connect(session);
      const outcomes = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          callTool(client, 'add_note', { text: `parallel ${i}` }),
        ),
      );
      await session.transcript.settled();
      expect(
        outcomes.map((o) => o.isError),
        transcript.toString(),
      ).toEqual(Array(PARALLEL).fill(false));
      expect(user.screens).toHaveLength(2); // sign-in, then one step-up
      expect(user.screens[1]!.scopes.filter((s) => s.state === 'new').map((s) => s.scope)).toEqual([
        'notes:write',
      ]);
      expect(grantTypes(transcript)).toEqual(['authorization_code', 'authorization_code']);
      await client.close();
    },
  );
});
