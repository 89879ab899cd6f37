// When the browser cannot reach the client's localhost listener, the user
// pastes the full callback URL instead (claim `edge.paste-fallback`). A URL from another
// sign-in (wrong state) is rejected and the client keeps waiting
// (claim `edge.paste-wrong-state-rejected`).
import { expect, test } from '../../support/fixtures.ts';
import { expectRecordedOutput } from '../../support/recorded-output.ts';
import { connectReadWrite, grantTypes, pastingSession, tamper } from './helpers.ts';
import { claims } from '../../support/claims.ts';

test(
  'with no localhost listener, pasting the callback URL completes the sign-in and the step-up',
  claims(
    {
      'edge.paste-fallback':
        'with no loopback listener at all, a pasted callback URL completes both the first sign-in and the step-up',
      'edge.paste-fallback.user':
        'Pasting the address completes the sign-in, and a later step-up, just as the redirect would have',
    },
    { tag: '@transcript' },
  ),
  async ({ servers, user }) => {
    const { session, transcript } = pastingSession(servers, user);
    const { client, write, error } = await connectReadWrite(session);
    await client.close();
    expect(error).toBeUndefined();
    expect(write!.text).toMatch(/^Added note #\d+$/);
    // The browser's redirect went nowhere; both sign-ins finished from the pasted URLs.
    expect(await user.page.evaluate(() => location.href)).toMatch(/^chrome-error:/);
    expect(new Set(user.callbackUrls).size).toBe(2);
    expect(grantTypes(transcript)).toEqual(['authorization_code', 'authorization_code']);
    expect(transcript.toString().match(/· callback \(paste\): /g)).toHaveLength(2);
    await expectRecordedOutput('paste-fallback.txt', transcript.toString());
  },
);

test(
  'a pasted URL with the wrong state is rejected with state_mismatch, and the right one is then accepted',
  claims(
    {
      'edge.paste-wrong-state-rejected':
        'a URL from another sign-in is rejected with `state_mismatch`, and the right one is still accepted afterwards',
      'edge.paste-wrong-state-rejected.user':
        'an address from another attempt is rejected, and you can then paste the right one',
    },
    { tag: '@transcript' },
  ),
  async ({ servers, user }) => {
    // At the step-up: first a URL from some other sign-in, then the right one.
    const { session, transcript, rejected } = pastingSession(servers, user, (real) =>
      user.screens.length === 2
        ? [tamper(real, 'state', 'state-of-another-sign-in'), real]
        : [real],
    );
    const { client, write, error } = await connectReadWrite(session);
    await client.close();
    expect(error).toBeUndefined();
    expect(write!.text).toMatch(/^Added note #\d+$/);
    expect(rejected.map((e) => e.code)).toEqual(['state_mismatch']);
    expect(rejected[0]!.message).toBe(
      'That callback URL belongs to a different sign-in (its state does not match). Paste the address from the tab this sign-in opened.',
    );
    await expectRecordedOutput('paste-wrong-state.txt', transcript.toString());
  },
);
