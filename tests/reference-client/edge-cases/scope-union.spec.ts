// Which scopes the step-up asks for: the union of what was granted and what
// the 403 names, without duplicates (claims `edge.delta-only-union`,
// `edge.full-set-union`), or the resource's scopes_supported when the 403 names
// none (claim `edge.no-scope-fallback`).
import type { Transcript } from '../../../examples/client/transcript.ts';
import { expect, test, type BrowserUser } from '../../support/fixtures.ts';
import type { ReferenceServers } from '../../../examples/server/start.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, newSession } from './helpers.ts';
import { claims } from '../../support/claims.ts';

/** Runs connect, read, write; checks the 403's scope parameter; returns the scopes the step-up requested. */
async function stepUpScopes(
  servers: ReferenceServers,
  user: BrowserUser,
  challenged: string | null,
): Promise<{ requested: string[]; transcript: Transcript }> {
  const { session, transcript } = newSession(servers, user);
  const { client, write, error } = await connectReadWrite(session);
  await client.close();
  expect(error).toBeUndefined();
  expect(write!.text).toMatch(/^Added note #\d+$/);

  const challenge = /← 403 Forbidden\n {2}WWW-Authenticate: (.*)/.exec(transcript.toString())![1]!;
  if (challenged === null) expect(challenge).not.toContain('scope=');
  else expect(challenge).toContain(`scope="${challenged}"`);

  expect(user.screens).toHaveLength(2);
  // What was granted at the first login is asked for again, so it stays granted.
  expect(user.screens[1]!.scopes).toContainEqual({ scope: 'notes:read', state: 'granted' });
  const requested = user.screens[1]!.authorizationUrl.searchParams.get('scope')!.split(' ');
  expect(new Set(requested).size, 'no duplicate scopes').toBe(requested.length);
  return { requested, transcript };
}

test.describe('delta-only', () => {
  test.use({ scenario: 'delta-only' });
  test(
    'a delta-only challenge makes the client request the union of granted and challenged scopes',
    claims(
      {
        'edge.delta-only-union': 'Asks for granted plus new, so nothing granted before is lost',
        // Proven here, where the challenge names only the new scope: on a full-set
        // challenge a union and a replacement ask for the same scopes.
        'step-up.union-of-scopes':
          'It asks for the scopes you already granted plus the new ones, so nothing you approved before is lost',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { requested, transcript } = await stepUpScopes(servers, user, 'notes:write');
      expect(requested).toEqual(['notes:read', 'notes:write']);
      await expectRecordedOutput('delta-only.txt', transcript.toString());
    },
  );
});

test.describe('full-set', () => {
  test.use({ scenario: 'full-set' });
  test(
    'a full-set challenge makes the client request exactly the challenged scopes, once each',
    claims({
      'edge.full-set-union': 'Asks for exactly that set, without duplicates',
    }),
    async ({ servers, user }) => {
      const { requested } = await stepUpScopes(servers, user, 'notes:read notes:write');
      expect(requested).toEqual(['notes:read', 'notes:write']);
    },
  );
});

test.describe('no-scope', () => {
  test.use({ scenario: 'no-scope' });
  test(
    'a 403 insufficient_scope without scope makes the client ask for scopes_supported',
    claims(
      {
        'edge.no-scope-fallback': 'Asks for everything in `scopes_supported`, plus what is granted',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { requested, transcript } = await stepUpScopes(servers, user, null);
      expect(requested).toEqual(['notes:read', 'notes:write', 'notes:admin']);
      await expectRecordedOutput('no-scope.txt', transcript.toString());
    },
  );
});
