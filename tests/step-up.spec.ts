// The core documented behaviour: a 403 insufficient_scope leads to a second
// browser consent for the union of scopes, not to a refresh, and the retried
// call succeeds.
import { runStepUpExample } from '../examples/client/step-up.ts';
import { expect, stableTranscript, test } from './support/fixtures.ts';
import { expectRecordedOutput } from './support/recorded-output.ts';

test('403 insufficient_scope opens a second consent screen for the new scope, then the call succeeds', {
  tag: ['@transcript', '@claim:step-up.reconsent-in-browser', '@claim:step-up.union-of-scopes', '@claim:step-up.not-refresh', '@claim:step-up.retry-succeeds'],
}, async ({ servers, user }) => {
  const transcript = stableTranscript(servers);
  const { outcomes } = await runStepUpExample({ mcpUrl: servers.mcpUrl, openBrowser: user.openBrowser, transcript });

  expect(user.screens).toHaveLength(2);
  expect(user.screens[0]!.scopes).toEqual([{ scope: 'notes:read', state: 'new' }]);
  expect(user.screens[1]!.scopes).toEqual([
    { scope: 'notes:read', state: 'granted' },
    { scope: 'notes:write', state: 'new' },
  ]);
  expect(outcomes.map((o) => [o.tool, o.isError])).toEqual([['list_notes', false], ['add_note', false]]);
  expect(outcomes[1]!.text).toMatch(/^Added note #\d+$/);

  const grants = transcript.exchanges.flatMap((e) => (e.form?.grant_type ? [e.form.grant_type] : []));
  expect(grants).toEqual(['authorization_code', 'authorization_code']);
  await expectRecordedOutput('step-up.txt', transcript.toString());
});
