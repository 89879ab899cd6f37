// The inputs that used to get a 500 each get the standard 4xx with a clear
// message: prototype-named tools and scopes, unsupported charsets and content
// encodings, an oversized consent form, a malformed percent-escape.
import { expect, test } from '../support/fixtures.ts';
import { HttpUser } from './http-user.ts';
import { authorizationRequest, httpSignIn, mcpToolCall, registerClient } from './oauth-helpers.ts';
import type { ReferenceServers } from '../../examples/server/start.ts';
import { claims } from '../support/claims.ts';

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];

const mcpPost = (
  servers: ReferenceServers,
  accessToken: string,
  headers: Record<string, string>,
  body: string,
) =>
  fetch(servers.mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });

test(
  'tools named like Object.prototype members are unknown tools (JSON-RPC -32602), not a 500',
  claims({
    'server.prototype-names':
      'A tool named `constructor`, `__proto__`, `toString`, `valueOf` or `hasOwnProperty` is an unknown tool (JSON-RPC error `-32602`), not a `500`',
  }),
  async ({ servers }) => {
    const { accessToken } = await httpSignIn(servers, 'notes:read');
    for (const name of PROTOTYPE_NAMES) {
      const response = await mcpToolCall(servers, accessToken, name);
      expect(response.status, name).toBe(200);
      const body = (await response.json()) as { error: { code: number; message: string } };
      expect(body.error, name).toEqual({ code: -32602, message: `Unknown tool: ${name}` });
    }
  },
);

test('scopes named like Object.prototype members are listed as unknown on the consent page and never granted', async ({
  servers,
}) => {
  const clientId = String((await registerClient(servers.issuer)).body.client_id);
  const user = new HttpUser();
  const request = await authorizationRequest(
    servers,
    clientId,
    `notes:read ${PROTOTYPE_NAMES.join(' ')}`,
  );
  const step = await user.follow(request.url);
  if (!('consentPage' in step)) throw new Error('no consent page');
  for (const name of PROTOTYPE_NAMES) expect(step.consentPage).toContain(`data-scope="${name}"`);
  const outcome = await user.authorize(step.pageUrl);
  const code = outcome.callback.searchParams.get('code');
  expect(code).toBeTruthy();
});

test(
  'JSON in another charset gets 415, an unknown Content-Encoding 415, bad JSON 400',
  claims({
    'server.mcp-body-4xx':
      'JSON in another charset gets `415` "Unsupported charset: send JSON as UTF-8", an unknown `Content-Encoding` gets `415`, and malformed JSON gets `400`',
  }),
  async ({ servers }) => {
    const { accessToken } = await httpSignIn(servers, 'notes:read');
    const latin1 = await mcpPost(
      servers,
      accessToken,
      { 'content-type': 'application/json; charset=latin1' },
      '{}',
    );
    expect(latin1.status).toBe(415);
    expect(((await latin1.json()) as { error: { message: string } }).error.message).toBe(
      'Unsupported charset: send JSON as UTF-8',
    );
    const encoded = await mcpPost(
      servers,
      accessToken,
      { 'content-type': 'application/json', 'content-encoding': 'zz' },
      '{}',
    );
    expect(encoded.status).toBe(415);
    expect(((await encoded.json()) as { error: { message: string } }).error.message).toContain(
      'Unsupported Content-Encoding',
    );
    expect(
      (await mcpPost(servers, accessToken, { 'content-type': 'application/json' }, '{"a":')).status,
    ).toBe(400);
  },
);

test.describe('the consent endpoints', () => {
  async function consentForm(servers: ReferenceServers) {
    const clientId = String((await registerClient(servers.issuer)).body.client_id);
    const user = new HttpUser();
    const step = await user.follow(
      (await authorizationRequest(servers, clientId, 'notes:read')).url,
    );
    if (!('consentPage' in step)) throw new Error('no consent page');
    const form = HttpUser.form(step.consentPage, 'approve');
    return {
      user,
      url: new URL(form.action, step.pageUrl).href,
      csrf: form.csrf,
      origin: new URL(servers.issuer).origin,
    };
  }

  test(
    'a 200 KB form gets 413',
    claims({
      'server.consent-form-413': 'A 200 KB form posted to the consent endpoint gets `413`',
    }),
    async ({ servers }) => {
      const { user, url, csrf, origin } = await consentForm(servers);
      const response = await user.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: `csrf=${csrf}&pad=${'x'.repeat(200 * 1024)}`,
      });
      expect(response.status).toBe(413);
      expect(await response.text()).toContain('The form is too large.');
    },
  );

  test('a form in another charset or with an unknown Content-Encoding gets 415', async ({
    servers,
  }) => {
    const { user, url, csrf, origin } = await consentForm(servers);
    for (const headers of [
      { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' },
      { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'zz' },
    ] as Record<string, string>[]) {
      const response = await user.fetch(url, {
        method: 'POST',
        headers: { ...headers, origin },
        body: `csrf=${csrf}`,
      });
      expect(response.status, JSON.stringify(headers)).toBe(415);
      expect(await response.text()).toContain('UTF-8 without a content encoding');
    }
  });

  test(
    'a malformed percent-escape in an interaction URL gets 400',
    claims({
      'server.interaction-escape-400':
        'A malformed percent-escape in a consent page address gets `400`',
    }),
    async ({ servers }) => {
      for (const path of [
        '/interaction/%E0%A4%A',
        '/interaction/%',
        '/interaction/%E0%A4%A/confirm',
      ]) {
        const response = await fetch(`${servers.issuer}${path}`, {
          method: path.endsWith('confirm') ? 'POST' : 'GET',
        });
        expect(response.status, path).toBe(400);
        expect(await response.text()).toContain('The address is malformed.');
      }
    },
  );
});
