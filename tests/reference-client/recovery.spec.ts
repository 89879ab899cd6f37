// The client recovers when the authorization server forgets its registration
// (a restart on a fresh store, an evicted client): it registers again and
// restarts the sign-in once, with one consent screen and no timeout wait.
// Code redemption failures become specific StepUpErrors.
import { inspect } from 'node:util';
import { startReferenceServers, type ReferenceServers } from '../../examples/server/start.ts';
import { isStepUpError } from '../../examples/client/errors.ts';
import { callTool, connect } from '../../examples/client/step-up.ts';
import { MemoryStore } from '../../examples/client/store.ts';
import { Transcript } from '../../examples/client/transcript.ts';
import { expect, test } from '../support/fixtures.ts';
import { newSession } from './edge-cases/helpers.ts';
import { claims } from '../support/claims.ts';

const portOf = (url: string) => Number(new URL(url).port);

test(
  'after the servers restart on a fresh store, the client registers again: one consent, then success',
  claims({
    'client.reregister-after-restart':
      'When the servers restart and have forgotten the client, the refresh is refused with `invalid_client`; the client tells the user, registers again, shows one consent screen, and the call succeeds',
  }),
  async ({ user }, testInfo) => {
    let servers: ReferenceServers = await startReferenceServers({
      host: '127.0.0.1',
      authorizationServerPort: 0,
      mcpPort: 0,
    });
    const store = new MemoryStore();
    const notices: string[] = [];
    const { session, transcript } = newSession(servers, user, {
      store,
      onNotice: (m) => notices.push(m),
    });
    try {
      const first = await connect(session);
      expect((await callTool(first, 'list_notes')).isError).toBe(false);
      await first.close();
      const before = await store.load();

      // Same URLs, nothing remembered: no clients, no grants, new signing keys.
      await servers.close();
      servers = await startReferenceServers({
        host: '127.0.0.1',
        authorizationServerPort: portOf(servers.issuer),
        mcpPort: portOf(servers.mcpUrl),
      });
      const mark = transcript.exchanges.length;
      const started = Date.now();
      const again = await connect(session);
      expect((await callTool(again, 'list_notes')).isError).toBe(false);
      await again.close();
      await session.transcript.settled();
      testInfo.annotations.push({ type: 'recovery', description: `${Date.now() - started} ms` });

      const after = transcript.exchanges.slice(mark);
      expect(
        after.filter((e) => e.form?.grant_type).map((e) => [e.form!.grant_type, e.status]),
      ).toEqual([
        ['refresh_token', 401],
        ['authorization_code', 200],
      ]);
      expect(after.filter((e) => e.url.endsWith('/reg')).map((e) => e.status)).toEqual([201]);
      expect(user.screens).toHaveLength(2); // one before the restart, one after
      expect((await store.load()).clientId).not.toBe(before.clientId);
      expect(notices).toEqual([
        'The authorization server no longer knows this client (invalid_client). Registering again and restarting the sign-in.',
      ]);
      expect(transcript.toString()).toContain(
        'refresh refused with invalid_client: the registration is gone',
      );
    } finally {
      await servers.close();
    }
  },
);

test(
  'a stored registration the server no longer knows is detected before the browser opens: re-register, one consent',
  claims({
    'client.reregister-before-browser':
      'A stored registration the authorization server no longer knows is detected before the browser opens (the authorization endpoint answers `400` instead of redirecting): the client registers again, and the user sees one consent screen, not an error page',
  }),
  async ({ servers, user }) => {
    const store = new MemoryStore();
    await store.save({ clientId: 'a-client-the-server-forgot' });
    const notices: string[] = [];
    const { session, transcript } = newSession(servers, user, {
      store,
      onNotice: (m) => notices.push(m),
    });
    const client = await connect(session);
    expect((await callTool(client, 'list_notes')).isError).toBe(false);
    await client.close();
    // The probe of the authorization endpoint did not redirect (RFC 6749 §4.1.2.1), so the browser never saw the error page.
    const probe = transcript.exchanges.find((e) =>
      e.url.includes('client_id=a-client-the-server-forgot'),
    );
    expect(probe?.status).toBe(400);
    expect(transcript.exchanges.filter((e) => e.url.endsWith('/reg')).map((e) => e.status)).toEqual(
      [201],
    );
    expect(user.screens).toHaveLength(1);
    expect(user.screens[0]!.authorizationUrl.searchParams.get('client_id')).not.toBe(
      'a-client-the-server-forgot',
    );
    expect(notices[0]).toMatch(
      /^The authorization server no longer knows this client \(the authorization endpoint answered 400 instead of redirecting\)/,
    );
  },
);

/** A transcript whose fetch rewrites or replays the authorization code grant before the client's own request. */
function tamperingTranscript(
  servers: ReferenceServers,
  tamper: (body: URLSearchParams) => Promise<void>,
) {
  const transcript = new Transcript({
    fetch: async (input, init) => {
      if (
        String(input).endsWith('/token') &&
        (typeof init?.body === 'string' || init?.body instanceof URLSearchParams)
      ) {
        const body = new URLSearchParams(init.body);
        if (body.get('grant_type') === 'authorization_code') {
          await tamper(body);
          return fetch(input, { ...init, body: body.toString() });
        }
      }
      return fetch(input, init);
    },
  });
  transcript.replace(servers.issuer, 'http://127.0.0.1:9000');
  return transcript;
}

test(
  'an authorization code redeemed already is refused with code_rejected, not a raw library error',
  claims({
    'client.code-rejected':
      'An authorization code that was already redeemed, or is garbage, ends the sign-in with `code_rejected` and a message saying why, not a raw library error',
  }),
  async ({ servers, user }) => {
    const transcript = tamperingTranscript(servers, async (body) => {
      // Someone else redeems the code first (a replay).
      await fetch(`${servers.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    });
    const { session } = newSession(servers, user, { transcript });
    const error = await connect(session).then(
      () => 'connected',
      (err: unknown) => err,
    );
    expect(isStepUpError(error) && error.code, inspect(error)).toBe('code_rejected');
    expect((error as Error).message).toMatch(
      /^The authorization server refused the authorization code \(invalid_grant/,
    );
  },
);

test(
  'a garbage authorization code is refused with code_rejected',
  claims({
    'client.code-rejected':
      'An authorization code that was already redeemed, or is garbage, ends the sign-in with `code_rejected` and a message saying why, not a raw library error',
  }),
  async ({ servers, user }) => {
    const transcript = tamperingTranscript(servers, async (body) => {
      body.set('code', 'not-a-code');
    });
    const { session } = newSession(servers, user, { transcript });
    const error = await connect(session).then(
      () => 'connected',
      (err: unknown) => err,
    );
    expect(isStepUpError(error) && error.code, inspect(error)).toBe('code_rejected');
    expect((error as Error).message).toContain(
      'already used, has expired, or belongs to another sign-in',
    );
  },
);
