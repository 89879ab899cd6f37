// The core documented behaviour: a 403 insufficient_scope leads to a second
// browser consent for the union of scopes, not to a refresh, and the retried
// call succeeds.
import { runStepUpExample } from '../../examples/client/step-up.ts';
import { expect, stableTranscript, test } from '../support/fixtures.ts';
import { expectRecordedOutput } from '../support/recorded-output.ts';
import { claims } from '../support/claims.ts';

test(
  '403 insufficient_scope opens a second consent screen for the new scope, then the call succeeds',
  claims(
    {
      'step-up.reconsent-in-browser':
        'The client starts the browser authorization flow again and lists the new scope on the consent screen',
      'step-up.not-refresh':
        'It does not try a silent token refresh first, even though it holds a refresh token: a refresh keeps your old consent and cannot add scopes',
      'step-up.retry-succeeds': 'The refused call then succeeds',
      'step-up.retry-succeeds.user':
        'The client then retries the call that was refused, and it succeeds',
    },
    { tag: '@transcript' },
  ),
  async ({ servers, user }) => {
    const transcript = stableTranscript(servers);
    const { outcomes } = await runStepUpExample({
      mcpUrl: servers.mcpUrl,
      openBrowser: user.openBrowser,
      transcript,
    });

    expect(user.screens).toHaveLength(2);
    expect(user.screens[0]!.scopes).toEqual([{ scope: 'notes:read', state: 'new' }]);
    expect(user.screens[1]!.scopes).toEqual([
      { scope: 'notes:read', state: 'granted' },
      { scope: 'notes:write', state: 'new' },
    ]);
    expect(outcomes.map((o) => [o.tool, o.isError])).toEqual([
      ['list_notes', false],
      ['add_note', false],
    ]);
    expect(outcomes[1]!.text).toMatch(/^Added note #\d+$/);

    const grants = transcript.exchanges.flatMap((e) =>
      e.form?.grant_type ? [e.form.grant_type] : [],
    );
    expect(grants).toEqual(['authorization_code', 'authorization_code']);
    await expectRecordedOutput('step-up.txt', transcript.toString());
  },
);
