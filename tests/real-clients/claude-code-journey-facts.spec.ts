// Short, user-facing facts of Claude Code's recorded journeys (the interactive
// session, `claude mcp login/logout`, `-p`), for the guide, the troubleshooting
// page and the text proposed for the Claude Code docs. Checked against the
// committed journey record, like tests/real-clients/claude-code-journey.spec.ts
// (which states the full detail for the compatibility page).
import { claims } from '../support/claims.ts';
import { expect, test } from '../support/fixtures.ts';
import { journeyRun } from './harness/claude-code-journey-records.ts';

const SIGN_IN_AGAIN = 'needs you to sign in again (run /mcp to re-authenticate)';

test(
  'Claude Code 2.1.332: declining the consent screen signs you out of the server',
  claims(
    {
      'cc.journey.332-deny-signs-out':
        'Declining the consent screen in 2.1.332 leaves you signed out of the server: its tokens are deleted, and even a call your earlier approval covered fails with "needs you to sign in again (run /mcp to re-authenticate)"',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.332.json'] },
  ),
  () => {
    for (const way of ['prompt', 'mcp-menu', 'mcp-login']) {
      const run = journeyRun('2.1.332', `${way} × held-scope × deny`);
      expect(
        run.consentAfter403.map((c) => c.answer),
        way,
      ).toEqual(['deny']);
      expect(run.credentials.before, `${way}: signed in before`).toMatchObject({
        accessToken: true,
      });
      expect(run.credentials.after, `${way}: tokens deleted`).toMatchObject({
        accessToken: false,
        refreshToken: false,
      });
      // list_notes needs only notes:read, which the first sign-in granted.
      expect(run.nextCall, way).toMatchObject({ tool: 'list_notes', outcome: 'fails' });
      expect(run.nextCall?.userSees, way).toContain(SIGN_IN_AGAIN);
    }
  },
);

test(
  'Claude Code 2.1.332: Clear authentication and claude mcp logout delete what was stored and revoke',
  claims(
    {
      'cc.journey.332-sign-out':
        'In 2.1.332, **Clear authentication** in the `/mcp` menu deletes the stored tokens and the client registration, `claude mcp logout <name>` deletes everything stored for the server, and both ask the server to revoke the tokens',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.332.json'] },
  ),
  () => {
    const clear = journeyRun('2.1.332', 'clear-auth × full-set');
    expect(clear.credentials.before).toMatchObject({
      accessToken: true,
      refreshToken: true,
      clientId: true,
    });
    expect(clear.credentials.after).toMatchObject({
      accessToken: false,
      refreshToken: false,
      clientId: false,
    });
    expect(clear.screenAfter.join('\n')).toContain('Authentication cleared for notes');
    const logout = journeyRun('2.1.332', 'logout × full-set');
    expect(logout.credentials.before).toMatchObject({ accessToken: true });
    expect(logout.credentials.after, 'nothing stored for the server').toBeNull();
    for (const run of [clear, logout]) expect(run.revocations, run.id).toContain(200);
  },
);

test(
  'Claude Code 2.1.332 headless: claude mcp login completes the step-up for the next -p run',
  claims(
    {
      'cc.journey.332-headless-login':
        'With `-p`, 2.1.332 fails the call and names the scopes; `claude mcp login <name>` in a terminal then asks for those scopes together with the ones granted before, and after you approve, the next `-p` run works',
    },
    { proof: ['tests/real-clients/records/claude-code-journey/2.1.332.json'] },
  ),
  () => {
    const run = journeyRun('2.1.332', 'headless × full-set × approve');
    expect(run.screenAt403.join('\n')).toContain(
      'needs additional permissions (scope: "notes:read notes:write")',
    );
    expect(run.reauthorization).toHaveLength(1);
    const asked = run.reauthorization[0]!.scope.split(' ');
    expect(asked).toEqual(expect.arrayContaining(['notes:read', 'notes:write']));
    // ... together with what the token held before.
    expect(asked).toEqual(expect.arrayContaining(run.credentials.before!.scope!.split(' ')));
    expect(run.reauthorization[0]!.prompt).toBe('consent');
    expect(run.consentAfter403.map((c) => c.answer)).toEqual(['approve']);
    expect(run.screenAfter.join('\n')).toContain('Authenticated with "notes"');
    expect(run.nextCall).toMatchObject({ tool: 'add_note', outcome: 'works' });
    expect(run.refreshAfter403).toBe(0);
  },
);
