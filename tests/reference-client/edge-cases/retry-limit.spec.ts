// Step-up is bounded: a server that keeps answering 403 after re-consent,
// with the same scope (claim `edge.repeat-bounded`) or a new one each time
// (claim `edge.moving-target-bounded`), gets
// one extra consent screen, then a clear error.
import { isStepUpError } from '../../../examples/client/errors.ts';
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, grantTypes, newSession } from './helpers.ts';
import { claims } from '../../support/claims.ts';

test.describe('repeat', () => {
  test.use({ scenario: 'repeat' });
  test(
    'the same 403 after re-consent stops after the retry limit with insufficient_scope_after_reauthorization',
    claims(
      {
        'edge.repeat-bounded':
          'Stops after one re-authorization: `insufficient_scope_after_reauthorization`, naming the scope',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const { client, error } = await connectReadWrite(session);
      expect(isStepUpError(error) && error.code).toBe('insufficient_scope_after_reauthorization');
      expect((error as Error).message).toMatch(
        /^Insufficient scope after re-authorization: the server still answers 403 insufficient_scope \(it asks for notes:read notes:write\) after 1 consent round\(s\)/,
      );
      // First login plus one step-up: the default limit is one re-authorization.
      expect(user.screens).toHaveLength(2);
      expect(grantTypes(transcript)).toEqual(['authorization_code', 'authorization_code']);
      await client.close();
      await expectRecordedOutput('repeat.txt', transcript.toString());
    },
  );
});

test.describe('moving-target', () => {
  test.use({ scenario: 'moving-target' });
  test(
    'a different missing scope on every retry still gets a bounded number of consent screens',
    claims(
      {
        'edge.moving-target-bounded': 'Stops after the same limit',
      },
      { tag: '@transcript' },
    ),
    async ({ servers, user }) => {
      const { session, transcript } = newSession(servers, user);
      const { client, error } = await connectReadWrite(session);
      expect(isStepUpError(error) && error.code).toBe('insufficient_scope_after_reauthorization');
      expect((error as Error).message).toContain('(it asks for notes:admin)');
      expect(user.screens).toHaveLength(2);
      expect(user.screens[1]!.authorizationUrl.searchParams.get('scope')).toBe(
        'notes:read notes:write',
      );
      await client.close();
      await expectRecordedOutput('moving-target.txt', transcript.toString());
    },
  );
});
