// What the step-up sends and checks: resource, PKCE S256 and a fresh state on
// the authorization request (claim `edge.step-up-request-params`), resource on
// the token request (`edge.token-request-resource`), and the iss of the
// authorization response, RFC 9207 (`edge.iss-checked`).
import { expect, test } from '../../support/fixtures.ts';
import { connectReadWrite, newSession, pastingSession, tamper } from './helpers.ts';
import { claims } from '../../support/claims.ts';

test(
  'the step-up authorization request carries resource, PKCE S256 and a fresh state; the token request carries resource',
  claims({
    'edge.step-up-request-params':
      'Build the request, on a step-up as at first sign-in, with the scopes, `resource` ([RFC 8707](https://www.rfc-editor.org/rfc/rfc8707)), a PKCE `S256` challenge ([RFC 7636](https://www.rfc-editor.org/rfc/rfc7636)) and a fresh random `state`',
    'edge.token-request-resource': 'in the token request too, `resource`',
  }),
  async ({ servers, user }) => {
    const { session, transcript } = newSession(servers, user);
    const { client, error } = await connectReadWrite(session);
    await client.close();
    expect(error).toBeUndefined();
    expect(user.screens).toHaveLength(2);

    const [first, stepUp] = user.screens.map((s) => s.authorizationUrl.searchParams);
    expect(stepUp!.get('resource')).toBe(servers.mcpUrl);
    expect(stepUp!.get('code_challenge_method')).toBe('S256');
    expect(stepUp!.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/); // base64url SHA-256
    expect(stepUp!.get('code_challenge')).not.toBe(first!.get('code_challenge'));
    expect(stepUp!.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(stepUp!.get('state')).not.toBe(first!.get('state'));

    const tokenRequests = transcript.exchanges.filter(
      (e) => e.form?.grant_type === 'authorization_code',
    );
    expect(tokenRequests).toHaveLength(2);
    for (const request of tokenRequests) {
      expect(request.form!.resource).toBe(servers.mcpUrl);
      expect(request.form!.code_verifier).toBe('[redacted]'); // sent, never printed
    }
  },
);

test(
  'a callback whose iss names another authorization server is rejected',
  claims({
    'edge.iss-checked': 'a callback whose `iss` names another authorization server is rejected',
  }),
  async ({ servers, user }) => {
    // A mix-up: the same response claiming another issuer, then the real one.
    const { session, rejected } = pastingSession(servers, user, (real) => [
      tamper(real, 'iss', 'http://127.0.0.1:1'),
      real,
    ]);
    const { client, read } = await connectReadWrite(session);
    await client.close();
    expect(read.isError).toBe(false);
    expect(rejected.map((e) => e.code)).toEqual(['issuer_mismatch', 'issuer_mismatch']);
    expect(rejected[0]!.message).toContain(`was not issued by ${servers.issuer}`);
    expect(new URL(user.callbackUrls[0]!).searchParams.get('iss')).toBe(servers.issuer);
  },
);
