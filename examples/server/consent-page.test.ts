// The consent page's HTML, exactly, without a browser: what it says about the
// client (id, kind, where the browser goes next), the heading and intro for a
// first sign-in, a step-up and a renewal, each scope's words, the forms, and
// the escaping of everything the client or the request chose.
// (As a person reads it, in a browser: tests/protections/consent-screen.spec.ts.)
import { expect, test } from '../../tests/support/fixtures.ts';
import { renderConsentPage, renderErrorPage, type ConsentView } from './consent-page.ts';
import { sampleConsentView } from './consent-view.fixture.ts';

const view = (over: Partial<ConsentView> = {}): ConsentView =>
  sampleConsentView({ csrf: 'tok', ...over });

/** The client details block as rendered, from the three values it shows. */
const details = (clientId: string, kind: string, label: string, host: string) => `<dl id="client">
  <dt>Client id</dt><dd><code data-client-id>${clientId}</code></dd>
  <dt>Client</dt><dd data-client-kind="${kind}">${label}</dd>
  <dt>After you answer, your browser goes to</dt><dd><code data-redirect-host>${host}</code></dd>
</dl>`;

test('consent page HTML: each kind of client is described in its own words, with its id and redirect host', () => {
  const kinds = {
    'pre-registered': 'pre-registered by the operator of this server',
    'metadata-document': 'identified by its metadata document at this URL',
    dynamic: 'registered itself automatically (dynamic registration): its name is not verified',
  } as const;
  for (const [kind, label] of Object.entries(kinds) as [keyof typeof kinds, string][]) {
    expect(renderConsentPage(view({ clientKind: kind })), kind).toContain(
      details('client-1', kind, label, '127.0.0.1:8765'),
    );
  }
});

test('consent page HTML: the redirect host is host:port of a URL, the raw value when there is no host', () => {
  const host = (redirectUri: string) =>
    /<code data-redirect-host>([^<]*)<\/code>/.exec(renderConsentPage(view({ redirectUri })))![1];
  expect(host('https://attacker.example/callback')).toBe('attacker.example');
  expect(host('http://127.0.0.1:51234/callback?x=1')).toBe('127.0.0.1:51234');
  expect(host('not a url')).toBe('not a url');
  expect(host('com.example.app:/callback')).toBe('com.example.app:/callback');
  expect(host('')).toBe('');
  expect(host('https://<b>"x"/')).toBe('https://&lt;b&gt;&quot;x&quot;/');
  expect(host('<b>&')).toBe('&lt;b&gt;&amp;');
});

test('consent page HTML: heading and intro for a first sign-in, a step-up and a renewal of held scopes', () => {
  const first = renderConsentPage(view({ alreadyGranted: new Set() }));
  expect(first).toContain('<title>Allow access?</title>');
  expect(first).toContain('<h1>Allow access?</h1>');
  expect(first).toContain(
    '<p><strong>Notes client</strong> wants to use <code>http://127.0.0.1:9001/mcp</code> as <strong>alice</strong>.</p>',
  );

  const stepUp = renderConsentPage(view());
  expect(stepUp).toContain('<title>Allow additional access?</title>');
  expect(stepUp).toContain('<h1>Allow additional access?</h1>');
  expect(stepUp).toContain(
    '<p><strong>Notes client</strong> wants to use <code>http://127.0.0.1:9001/mcp</code> as <strong>alice</strong>.</p>',
  );

  const renewal = renderConsentPage(view({ requested: ['notes:read'] }));
  expect(renewal).toContain('<h1>Allow additional access?</h1>');
  expect(renewal).toContain(
    '<p><strong>Notes client</strong> asks you to confirm access you granted before.</p>',
  );
  expect(renewal).not.toContain('wants to use');

  // A first sign-in that names no scope (the client sent none) is not a renewal: nothing was granted before.
  const noScope = renderConsentPage(view({ requested: [], alreadyGranted: new Set() }));
  expect(noScope).toContain('<h1>Allow access?</h1>');
  expect(noScope).toContain(
    '<p><strong>Notes client</strong> wants to use <code>http://127.0.0.1:9001/mcp</code> as <strong>alice</strong>.</p>',
  );
});

test('consent page HTML: each scope in its words, marked new or already granted; unknown and prototype names shown as themselves', () => {
  const html = renderConsentPage(
    view({
      requested: ['notes:read', 'notes:admin', 'offline_access', 'constructor', '__proto__', 'x"y'],
      alreadyGranted: new Set(['notes:read']),
    }),
  );
  const items = [...html.matchAll(/<li[^>]*>\n {2}(.*)\n<\/li>/g)].map((m) => m[0]);
  expect(items).toEqual([
    '<li data-scope="notes:read" data-state="granted" class="granted">\n  <code>notes:read</code>: Read your notes (already granted)\n</li>',
    '<li data-scope="notes:admin" data-state="new" class="new">\n  <code>notes:admin</code>: Delete notes<span class="badge">new</span>\n</li>',
    '<li data-scope="offline_access" data-state="new" class="new">\n  <code>offline_access</code>: Stay connected when you are away (a refresh token)<span class="badge">new</span>\n</li>',
    '<li data-scope="constructor" data-state="new" class="new">\n  <code>constructor</code>: constructor<span class="badge">new</span>\n</li>',
    '<li data-scope="__proto__" data-state="new" class="new">\n  <code>__proto__</code>: __proto__<span class="badge">new</span>\n</li>',
    '<li data-scope="x&quot;y" data-state="new" class="new">\n  <code>x&quot;y</code>: x&quot;y<span class="badge">new</span>\n</li>',
  ]);
  expect(html).toContain('<ul id="scopes">\n<li data-scope="notes:read"');
  expect(html).toContain('</li>\n<li data-scope="notes:admin"');
});

test('consent page HTML: Approve and Deny post the page token to this interaction; no token means an empty one', () => {
  const html = renderConsentPage(view({ uid: 'a"b', csrf: 'c<d' }));
  expect(html).toContain(
    '<form method="post" action="/interaction/a&quot;b/confirm"><input type="hidden" name="csrf" value="c&lt;d"><button class="primary" type="submit">Approve</button></form>',
  );
  expect(html).toContain(
    '<form method="post" action="/interaction/a&quot;b/abort"><input type="hidden" name="csrf" value="c&lt;d"><button type="submit">Deny</button></form>',
  );
  const { csrf: _csrf, ...noToken } = view();
  const without = renderConsentPage(noToken);
  expect(without.match(/<input type="hidden" name="csrf" value="">/g)).toHaveLength(2);
});

test('consent page HTML: every character HTML gives meaning to is escaped, in the client name, id and account', () => {
  const html = renderConsentPage(
    view({ clientName: `&<>"'`, clientId: `'id'`, account: '<a>', alreadyGranted: new Set() }),
  );
  expect(html).toContain('<title>Allow access?</title>');
  expect(html).toContain(
    '<p><strong>&amp;&lt;&gt;&quot;&#39;</strong> wants to use <code>http://127.0.0.1:9001/mcp</code> as <strong>&lt;a&gt;</strong>.</p>',
  );
  expect(html).toContain('<code data-client-id>&#39;id&#39;</code>');
  const renewal = renderConsentPage(view({ clientName: '<i>', requested: ['notes:read'] }));
  expect(renewal).toContain(
    '<p><strong>&lt;i&gt;</strong> asks you to confirm access you granted before.</p>',
  );
});

test('consent page HTML: a whole document, in English, that fits a phone screen', () => {
  const html = renderConsentPage(view());
  expect(
    html.startsWith(
      '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>',
    ),
  ).toBe(true);
  expect(html.endsWith('</main>\n</body>\n</html>')).toBe(true);
  expect(html).toContain('<p>It asks for:</p>');
});

test('error page HTML: the title and message, escaped', () => {
  const html = renderErrorPage('Sign-in <failed>', 'a & b');
  expect(html).toContain('<title>Sign-in &lt;failed&gt;</title>');
  expect(html).toContain('<main><h1>Sign-in &lt;failed&gt;</h1><p>a &amp; b</p></main>');
});
