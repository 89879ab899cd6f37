// When the user says no, or never answers, the step-up ends with an
// access-denied error that never blames an expired token, and the token the
// client already had keeps working for what it covers (claims
// `edge.deny-access-denied`, `edge.old-token-kept`, `edge.consent-timeout`).
import { isStepUpError } from '../../../examples/client/errors.ts';
import { callTool } from '../../../examples/client/step-up.ts';
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, newSession } from './helpers.ts';
import { claims } from '../../support/claims.ts';

test(
  'denying the step-up consent fails with access_denied and the old token still works',
  claims(
    {
      'edge.deny-access-denied':
        'If the user declines in the browser, the client stops with an `access_denied` error that says consent was declined',
      'edge.old-token-kept':
        'Nothing is deleted: the token from the earlier consent keeps working for the tools it covers',
      'edge.old-token-kept.user': 'tools covered by what you approved before keep working',
    },
    { tag: '@transcript' },
  ),
  async ({ servers, user }) => {
    user.answers = ['approve', 'deny'];
    const { session, store, transcript } = newSession(servers, user);
    const { client, error } = await connectReadWrite(session);
    const tokenBefore = (await store.load()).accessToken;

    expect(isStepUpError(error) && error.code).toBe('access_denied');
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Access denied: consent for notes:read notes:write was declined in the browser\./,
    );
    expect(message).toContain('(notes:read) keep working');
    expect(message).not.toMatch(/expired/i);
    expect(user.screens).toHaveLength(2);

    // The failed sign-in replaced nothing: the same token still reads notes.
    const read = await callTool(client, 'list_notes');
    expect(read.isError).toBe(false);
    expect((await store.load()).accessToken).toBe(tokenBefore);
    await client.close();
    await session.transcript.settled();
    await expectRecordedOutput('consent-denied.txt', transcript.toString());
  },
);

test(
  'an unanswered consent screen times out as access denied and the old token still works',
  claims(
    {
      'edge.consent-timeout':
        'If the user never answers, the sign-in times out the same way, as access denied',
    },
    { tag: '@transcript' },
  ),
  async ({ servers, user }) => {
    user.answers = ['approve', 'ignore'];
    const { session, transcript } = newSession(servers, user, { consentTimeoutMs: 2000 });
    const { client, error } = await connectReadWrite(session);

    expect(isStepUpError(error) && error.code).toBe('consent_timeout');
    expect((error as Error).message).toMatch(
      /^Access denied: the browser consent was not completed within 2 s\./,
    );
    expect((error as Error).message).not.toMatch(/expired/i);
    // The screen was shown and left open.
    expect(user.screens).toHaveLength(2);
    await expect(user.page.getByRole('button', { name: 'Approve' })).toBeVisible();

    const read = await callTool(client, 'list_notes');
    expect(read.isError).toBe(false);
    await client.close();
    await session.transcript.settled();
    await expectRecordedOutput('consent-timeout.txt', transcript.toString());
  },
);
