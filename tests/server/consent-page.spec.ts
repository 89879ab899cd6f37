// The consent page is safe to copy: it cannot be framed or cached, Approve and
// Deny need the page's anti-CSRF token and a same-origin POST, and an impostor
// that borrows a client's name is visibly a different client.
import { expect, test } from '../support/fixtures.ts';
import { HttpUser } from './http-user.ts';
import { authorizationRequest, registerClient } from './oauth-helpers.ts';
import type { ReferenceServers } from '../../examples/server/start.ts';
import { claims } from '../support/claims.ts';

/** A user with a consent page open for a fresh dynamically registered client. */
async function openConsent(servers: ReferenceServers) {
  const clientId = String((await registerClient(servers.issuer)).body.client_id);
  const user = new HttpUser();
  const step = await user.follow((await authorizationRequest(servers, clientId, 'notes:read')).url);
  if (!('consentPage' in step)) throw new Error('no consent page');
  return {
    user,
    ...step,
    approve: HttpUser.form(step.consentPage, 'approve'),
    deny: HttpUser.form(step.consentPage, 'deny'),
  };
}

const post = (user: HttpUser, url: string, body: Record<string, string>, origin?: string) =>
  user.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams(body),
  });

test(
  'the consent page cannot be framed or cached, and sends no referrer to other sites',
  claims({
    'server.consent-headers':
      "The consent page is sent with `X-Frame-Options: DENY`, a `Content-Security-Policy` with `frame-ancestors 'none'`, `Cache-Control: no-store` and `Referrer-Policy: same-origin`",
  }),
  async ({ servers }) => {
    const { user, pageUrl } = await openConsent(servers);
    const response = await user.fetch(pageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  },
);

test(
  'Approve and Deny without the page token, with a wrong one, or from another origin are refused with 403',
  claims({
    'server.consent-csrf':
      "Approve and Deny sent without the page's anti-CSRF token, with a wrong one, or with another site's `Origin` are refused with `403`, and the page's own form still works afterwards",
  }),
  async ({ servers }) => {
    const { user, pageUrl, approve, deny } = await openConsent(servers);
    const origin = new URL(servers.issuer).origin;
    for (const form of [approve, deny]) {
      const url = new URL(form.action, pageUrl).href;
      const missing = await post(user, url, {}, origin);
      expect(missing.status).toBe(403);
      expect(await missing.text()).toContain('did not come from the consent page');
      expect(
        (
          await post(
            user,
            url,
            { csrf: form.csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
            origin,
          )
        ).status,
      ).toBe(403);
      const crossSite = await post(user, url, { csrf: form.csrf }, 'https://attacker.example');
      expect(crossSite.status).toBe(403);
      expect(await crossSite.text()).toContain('sent from another site');
    }
    // The page's own form still works after all that.
    const approved = await post(
      user,
      new URL(approve.action, pageUrl).href,
      { csrf: approve.csrf },
      origin,
    );
    expect(approved.status).toBe(303);
  },
);

test(
  'an impostor that borrows a client name shows a different client id, kind and redirect host',
  claims({
    'server.consent-impostor':
      'A dynamically registered client that borrows a pre-registered client\'s name shows the same name, but its own client id, the kind "dynamic" marked as not verified, and its own redirect host (`attacker.example` instead of `127.0.0.1`)',
  }),
  async ({ servers, page }) => {
    const name = 'Notes desktop (pre-registered)';
    const genuine = servers.authorizationServer.preRegistered.publicClientId;
    const impostor = await registerClient(servers.issuer, {
      client_name: name,
      redirect_uris: ['https://attacker.example/callback'],
    });
    expect(impostor.status).toBe(201);

    const shown = async (clientId: string, redirectUri: string) => {
      const request = await authorizationRequest(servers, clientId, 'notes:read', {
        redirect_uri: redirectUri,
      });
      await page.goto(request.url);
      await expect(page.locator('#scopes')).toBeVisible();
      return {
        name: await page.locator('main strong').first().textContent(),
        clientId: await page.locator('[data-client-id]').textContent(),
        kind: await page.locator('[data-client-kind]').getAttribute('data-client-kind'),
        kindText: await page.locator('[data-client-kind]').textContent(),
        redirectHost: await page.locator('[data-redirect-host]').textContent(),
      };
    };
    const real = await shown(genuine, 'http://127.0.0.1:51234/callback');
    const fake = await shown(String(impostor.body.client_id), 'https://attacker.example/callback');
    expect(fake.name).toBe(real.name);
    expect(real).toMatchObject({
      clientId: genuine,
      kind: 'pre-registered',
      redirectHost: '127.0.0.1:51234',
    });
    expect(fake).toMatchObject({
      clientId: impostor.body.client_id,
      kind: 'dynamic',
      redirectHost: 'attacker.example',
    });
    expect(fake.kindText).toContain('not verified');
  },
);
