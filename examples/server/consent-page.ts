// The HTML consent screen. It lists every scope the client asks for and marks
// the ones the user has not granted before, so a step-up prompt shows plainly
// what is new.
import type { ClientKind } from './clients.ts';
import { SCOPE_DESCRIPTIONS } from './scopes.ts';

export interface ConsentView {
  uid: string;
  /** Anti-CSRF token the Approve and Deny forms send back; the routes always set it. */
  csrf?: string;
  /** Self-declared by the client: anyone can borrow it, so the page also shows what cannot be borrowed. */
  clientName: string;
  clientId: string;
  clientKind: ClientKind;
  /** Where the browser goes after Approve or Deny. */
  redirectUri: string;
  resource: string;
  account: string;
  requested: readonly string[];
  alreadyGranted: ReadonlySet<string>;
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

// Object.hasOwn: a scope named "constructor" or "__proto__" is just an unknown scope.
const describe = (scope: string): string =>
  Object.hasOwn(SCOPE_DESCRIPTIONS, scope)
    ? SCOPE_DESCRIPTIONS[scope as keyof typeof SCOPE_DESCRIPTIONS]
    : scope;

const KIND_LABELS: Readonly<Record<ClientKind, string>> = {
  'pre-registered': 'pre-registered by the operator of this server',
  'metadata-document': 'identified by its metadata document at this URL',
  dynamic: 'registered itself automatically (dynamic registration): its name is not verified',
};

/** host[:port] of the redirect URI, or the raw value if it is not a URL. */
const redirectHost = (uri: string): string => URL.parse(uri)?.host || uri;

function clientDetails(view: ConsentView): string {
  return `<dl id="client">
  <dt>Client id</dt><dd><code data-client-id>${escapeHtml(view.clientId)}</code></dd>
  <dt>Client</dt><dd data-client-kind="${view.clientKind}">${escapeHtml(KIND_LABELS[view.clientKind])}</dd>
  <dt>After you answer, your browser goes to</dt><dd><code data-redirect-host>${escapeHtml(redirectHost(view.redirectUri))}</code></dd>
</dl>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1f; }
  ul { padding-left: 1.2rem; }
  .badge { font-size: .8rem; padding: .1rem .4rem; border-radius: .3rem; background: #ffe8a3; margin-left: .4rem; }
  .granted { color: #555; }
  form { display: inline; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .2rem .8rem; font-size: .9rem; color: #333; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  button { font: inherit; padding: .5rem 1.2rem; margin-right: .5rem; border-radius: .4rem; border: 1px solid #444; cursor: pointer; }
  button.primary { background: #2a5bd7; color: #fff; border-color: #2a5bd7; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

export function renderConsentPage(view: ConsentView): string {
  const newScopes = view.requested.filter((s) => !view.alreadyGranted.has(s));
  const items = view.requested
    .map((scope) => {
      const isNew = !view.alreadyGranted.has(scope);
      return `<li data-scope="${escapeHtml(scope)}" data-state="${isNew ? 'new' : 'granted'}" class="${isNew ? 'new' : 'granted'}">
  <code>${escapeHtml(scope)}</code>: ${escapeHtml(describe(scope))}${isNew ? '<span class="badge">new</span>' : ' (already granted)'}
</li>`;
    })
    .join('\n');
  const heading = view.alreadyGranted.size > 0 ? 'Allow additional access?' : 'Allow access?';
  const intro =
    view.alreadyGranted.size > 0 && newScopes.length === 0
      ? `<p><strong>${escapeHtml(view.clientName)}</strong> asks you to confirm access you granted before.</p>`
      : `<p><strong>${escapeHtml(view.clientName)}</strong> wants to use <code>${escapeHtml(view.resource)}</code> as <strong>${escapeHtml(view.account)}</strong>.</p>`;
  return page(
    heading,
    `<main>
<h1>${heading}</h1>
${intro}
${clientDetails(view)}
<p>It asks for:</p>
<ul id="scopes">
${items}
</ul>
<form method="post" action="/interaction/${escapeHtml(view.uid)}/confirm"><input type="hidden" name="csrf" value="${escapeHtml(view.csrf ?? '')}"><button class="primary" type="submit">Approve</button></form>
<form method="post" action="/interaction/${escapeHtml(view.uid)}/abort"><input type="hidden" name="csrf" value="${escapeHtml(view.csrf ?? '')}"><button type="submit">Deny</button></form>
</main>`,
  );
}

export function renderErrorPage(title: string, message: string): string {
  return page(title, `<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main>`);
}
