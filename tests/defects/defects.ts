// Planted defects: for every claim (and every documented protection), a small
// code change that breaks exactly what the claim says. `npm run test:defects`
// plants each one in a throwaway copy, runs only the tests that state the
// claim, and fails, naming the claim, when they still pass: then the test no
// longer proves its sentence (a hollowed test, or one that checks too little).
//
// Each defect replaces `find` (which must occur exactly once in `file`) with
// `replace`. When the code changes, update `find` here; the runner says which.

export interface Defect {
  /** The claims whose tests must catch it (one test run: they share a test). */
  claims?: string[];
  /** Or: a documented protection, and the title of the test that must catch it. */
  protection?: { name: string; test: string };
  /** What the defect does, in words. */
  what: string;
  file: string;
  find: string;
  replace: string;
  /** The test reads the built site: build the copy first (slow). */
  build?: true;
}

const DECIDE = 'examples/client/decide.ts';
const SESSION = 'examples/client/session.ts';
const DISCOVERY = 'examples/client/discovery.ts';
const CLIENT_CREDENTIALS = 'examples/client/client-credentials.ts';
const CALLBACK = 'examples/client/callback.ts';
const CC117 = 'tests/real-clients/records/claude-code-2.1.117.json';
const CC118 = 'tests/real-clients/records/claude-code-2.1.118.json';
const CC332 = 'tests/real-clients/records/claude-code-2.1.332.json';
const REFRESH_ON_403 =
  "  if (input.status === 403 && input.hasRefreshToken) return { action: 'refresh', reason: 'defect: refresh first' };\n";

/**
 * Claims with no defect of their own, and why. These describe what other
 * clients (published packages) do against the reference server: the code that
 * would break them is not in this repository.
 */
export const NO_DEFECT: Record<string, string> = {
  'compat.sdk1-refresh-first': 'observes @modelcontextprotocol/sdk 1.x (a published package)',
  'compat.sdk1-no-refresh': 'observes @modelcontextprotocol/sdk 1.x (a published package)',
  'compat.sdk1-before-1-23': 'observes @modelcontextprotocol/sdk 1.22.0 (a published package)',
  'compat.client2-new-scope': 'observes @modelcontextprotocol/client 2.x (a published package)',
  'compat.client2-held-scope-refresh':
    'observes @modelcontextprotocol/client 2.x (a published package)',
  'compat.mcp-remote': 'observes mcp-remote (a published package)',
  'compat.gemini-headless-no-sign-in':
    'observes a published client (@google/gemini-cli 0.61.0, from its records)',
  'compat.gemini-mcp-auth-every-scope':
    'observes a published client (@google/gemini-cli 0.61.0, from its records)',
  'compat.gemini-403-refresh-new-client':
    'observes a published client (@google/gemini-cli 0.61.0, from its records)',
  'compat.gemini-registers':
    'observes a published client (@google/gemini-cli 0.61.0, from its records)',
  'compat.codex-no-step-up': 'observes a published client (Codex CLI 0.171.0), from its records',
  'compat.codex-login-same-scope':
    'observes a published client (Codex CLI 0.171.0), from its records',
  'compat.codex-client-id': 'observes a published client (Codex CLI 0.171.0), from its records',
  'compat.codex-scope-from-metadata':
    'observes a published client (Codex CLI 0.171.0), from its records',
  'compat.codex-refresh-scope': 'observes a published client (Codex CLI 0.171.0), from its records',
  'compat.opencode-refresh-first':
    'observes a published client (opencode 1.18.33), from its records',
  'compat.opencode-auth-again': 'observes a published client (opencode 1.18.33), from its records',
  'sdk.client2-options-held-scope':
    'observes @modelcontextprotocol/client 2.x with its default step-up options (a published package)',
  // Claude Code's journey (tests/real-clients/claude-code-journey.spec.ts): proprietary, recorded
  // by `npm run compat -- --journey`; its tests compare each sentence with the committed record.
  'cc.journey.332-prompt':
    'observes Claude Code 2.1.332 (a published, proprietary client) through its journey record',
  'cc.journey.332-mcp-menu':
    'observes Claude Code 2.1.332 (a published, proprietary client) through its journey record',
  'cc.journey.332-mcp-login':
    'observes Claude Code 2.1.332 (a published, proprietary client) through its journey record',
  'cc.journey.332-first-sign-in':
    'observes Claude Code 2.1.332 (a published, proprietary client) through its journey record',
  'cc.journey.118-mcp-menu':
    'observes Claude Code 2.1.118 (a published, proprietary client) through its journey record',
  'cc.journey.118-decline-clear':
    'observes Claude Code 2.1.118 (a published, proprietary client) through its journey record',
  'cc.journey.117-mcp-menu':
    'observes Claude Code 2.1.117 (a published, proprietary client) through its journey record',
  'cc.journey.216-mcp-menu':
    'observes Claude Code 2.1.216 (a published, proprietary client) through its journey record',
  'cc.journey.pinned-scopes':
    'observes Claude Code 2.1.118, 2.1.216 and 2.1.332 (a published, proprietary client) through its journey records',
  'cc.journey.mcp-menu-no-revocation':
    'observes Claude Code 2.1.216 and 2.1.332 (a published, proprietary client) through its journey records',
  'cc.journey.332-deny-signs-out':
    'observes Claude Code 2.1.332 (a published, proprietary client) through its journey record',
  'cc.journey.332-sign-out':
    'observes Claude Code 2.1.332 (a published, proprietary client) through its journey record',
  'cc.journey.332-headless-login':
    'observes Claude Code 2.1.332 (a published, proprietary client) through its journey record',
};

export const DEFECTS: Defect[] = [
  // ---- step-up (tests/reference-client/step-up.spec.ts) ----
  {
    claims: ['step-up.reconsent-in-browser'],
    what: 'the consent screen marks no scope as new',
    file: 'examples/server/consent-page.ts',
    find: 'const isNew = !view.alreadyGranted.has(scope);',
    replace: 'const isNew = false;',
  },
  {
    claims: ['step-up.union-of-scopes'],
    what: 'the step-up asks for the new scopes only, dropping granted ones',
    file: DECIDE,
    find: 'const scopes = unionScopes(input.grantedScopes, wanted);',
    replace: 'const scopes = wanted.filter((s) => !input.grantedScopes.includes(s));',
  },
  {
    claims: ['step-up.not-refresh', 'edge.new-scope-not-refresh', 'decide.403-never-refreshes'],
    what: 'a 403 with a refresh token at hand is refreshed first',
    file: DECIDE,
    find: '  if (input.status === 401) {\n',
    replace: `${REFRESH_ON_403}  if (input.status === 401) {\n`,
  },
  {
    claims: ['step-up.retry-succeeds', 'step-up.retry-succeeds.user'],
    what: 'after the step-up consent the refused call is not retried',
    file: SESSION,
    find: '        await round;\n        this.#generation++;\n',
    replace:
      "        await round;\n        this.#generation++;\n        if (decision.action === 'reauthorize' && stored.accessToken) return new Response(null, { status: 403 });\n",
  },
  // ---- decide() unit tests ----
  {
    claims: ['decide.held-scope-reconsent'],
    what: 'a 403 naming only held scopes refreshes instead of asking again',
    file: DECIDE,
    find: '  const reason = newScopes.length',
    replace:
      "  if (!newScopes.length && input.hasRefreshToken) return { action: 'refresh', reason: 'defect' };\n  const reason = newScopes.length",
  },
  {
    claims: ['decide.fuzz-only-steperror'],
    what: 'a bad status crashes with a RangeError instead of a StepUpError',
    file: 'examples/client/challenge.ts',
    find: "throw new StepUpError('invalid_input', `HTTP status must be an integer from 200 to 599, got ${String(status)}`);",
    replace:
      'throw new RangeError(`HTTP status must be an integer from 200 to 599, got ${String(status)}`);',
  },
  // ---- refresh or consent ----
  {
    claims: ['edge.expired-token-refresh'],
    what: 'an expired token is never refreshed (the client signs in again)',
    file: DECIDE,
    find: 'if (input.hasRefreshToken && input.attempts.refreshes === 0) {',
    replace: 'if (input.hasRefreshToken && input.attempts.refreshes === 1) {',
  },
  {
    claims: ['edge.403-never-refreshes'],
    what: 'a 403 right after a refresh is refreshed again',
    file: DECIDE,
    find: '  if (input.status === 401) {\n',
    replace:
      "  if (input.status === 403 && input.hasRefreshToken && input.attempts.refreshes < 2) return { action: 'refresh', reason: 'defect' };\n  if (input.status === 401) {\n",
  },
  {
    claims: ['edge.held-scope-reconsent'],
    what: 'the step-up request omits prompt=consent',
    file: SESSION,
    find: "...(renewConsent ? { prompt: 'consent' } : {}),",
    replace: '...{},',
  },
  {
    claims: ['edge.refresh-cannot-renew-consent'],
    what: 'the authorization server stamps a refreshed token as freshly consented',
    file: 'examples/server/authorization-server.ts',
    find: 'return { grant_id: grantId, ...(at === undefined ? {} : { consented_at: at }) };',
    replace:
      'return { grant_id: grantId, ...(at === undefined ? {} : { consented_at: Date.now() }) };',
  },
  // ---- scopes ----
  {
    claims: ['edge.delta-only-union'],
    what: 'the step-up asks for the challenged scopes only',
    file: DECIDE,
    find: 'const scopes = unionScopes(input.grantedScopes, wanted);',
    replace: 'const scopes = unionScopes(wanted);',
  },
  {
    claims: ['edge.full-set-union'],
    what: 'the scope union keeps duplicates',
    file: DECIDE,
    find: 'export const unionScopes = (...lists: readonly (readonly string[])[]): string[] => [...new Set(lists.flat())];',
    replace:
      'export const unionScopes = (...lists: readonly (readonly string[])[]): string[] => lists.flat();',
  },
  {
    claims: ['edge.no-scope-fallback'],
    what: 'a 403 with no scope asks for nothing beyond what is granted',
    file: DECIDE,
    find: 'const wanted = challenged.length ? challenged : [...(input.scopesSupported ?? [])];',
    replace: 'const wanted = challenged.length ? challenged : [];',
  },
  // ---- metadata ----
  {
    claims: ['edge.changed-metadata-refetch'],
    what: 'a challenge naming new metadata is ignored; the old metadata is reused',
    file: DISCOVERY,
    find: 'if (known && (!resourceMetadataUrl || resourceMetadataUrl === known.resourceMetadataUrl)) return known;',
    replace: 'if (known) return known;',
  },
  {
    claims: ['edge.mismatched-metadata-rejected'],
    what: "the metadata's resource is not compared with the MCP server URL",
    file: DISCOVERY,
    find: "if (i === accepted.length - 1) {\n          throw new StepUpError('resource_mismatch'",
    replace:
      "if (i === accepted.length - 1) {\n          return (await response.json()) as oauth.ResourceServer;\n          throw new StepUpError('resource_mismatch'",
  },
  // ---- when to stop ----
  {
    claims: ['edge.repeat-bounded'],
    what: 'the retry limit allows one more consent round than configured',
    file: DECIDE,
    find: '  if (input.attempts.reauthorizations >= max) {\n    const asked',
    replace: '  if (input.attempts.reauthorizations > max) {\n    const asked',
  },
  {
    claims: ['edge.moving-target-bounded'],
    what: 'retry counters start again whenever the challenge names another scope',
    file: SESSION,
    find: '      const decision = decide({\n        status: response.status,',
    replace:
      "      if (response.headers.get('www-authenticate') !== (attempts as { last?: string | null }).last) Object.assign(attempts, { reauthorizations: 0, last: response.headers.get('www-authenticate') });\n      const decision = decide({\n        status: response.status,",
  },
  {
    claims: ['edge.other-403-no-step-up'],
    what: 'a 403 access_denied is treated as a step-up',
    file: DECIDE,
    find: "if (params.error !== 'insufficient_scope') {",
    replace: "if (params.error !== 'insufficient_scope' && params.error !== 'access_denied') {",
  },
  {
    claims: ['edge.jsonrpc-error-no-step-up'],
    what: 'a JSON-RPC error is swallowed instead of reaching the caller',
    file: 'examples/client/step-up.ts',
    find: 'const result = await client.callTool({ name: tool, arguments: args });',
    replace:
      'const result = await client.callTool({ name: tool, arguments: args }).catch(() => ({ content: [], isError: true }));',
  },
  // ---- consent refused ----
  {
    claims: ['edge.deny-access-denied'],
    what: 'a declined consent is reported with another error code',
    file: SESSION,
    find: "throw new StepUpError('access_denied', `Access denied: consent for ${scopes.join(' ')} was declined",
    replace:
      "throw new StepUpError('invalid_callback', `Access denied: consent for ${scopes.join(' ')} was declined",
  },
  {
    claims: ['edge.old-token-kept', 'edge.old-token-kept.user'],
    what: 'a declined step-up deletes the stored tokens',
    file: SESSION,
    find: "        if (err instanceof oauth.AuthorizationResponseError && err.error === 'access_denied') {\n",
    replace:
      "        if (err instanceof oauth.AuthorizationResponseError && err.error === 'access_denied') {\n          await this.#store.clear();\n",
  },
  {
    claims: ['edge.consent-timeout'],
    what: 'an unanswered consent is reported as an expired token',
    file: CALLBACK,
    find: '`Access denied: the browser consent was not completed',
    replace: '`Token expired: the browser consent was not completed',
  },
  // ---- paste fallback and callbacks ----
  {
    claims: ['edge.paste-fallback', 'edge.paste-fallback.user'],
    what: 'the client listens on loopback even when told not to, so nothing is pasted',
    file: SESSION,
    find: 'loopback: this.#options.loopbackCallback ?? true,',
    replace: 'loopback: true,',
  },
  {
    claims: ['edge.paste-wrong-state-rejected', 'edge.paste-wrong-state-rejected.user'],
    what: 'a pasted URL with the wrong state ends the sign-in instead of waiting for the right one',
    file: SESSION,
    find: "if (source === 'paste' && this.#options.readPastedUrl) {",
    replace: 'if (false) {',
  },
  {
    claims: ['edge.paste-fallback-every-sign-in'],
    what: 'each sign-in starts its own read of the pasted input',
    file: CALLBACK,
    find: 'let pending = pendingReads.get(read);',
    replace: 'let pending: Promise<string> | undefined;',
  },
  {
    claims: ['edge.iss-checked'],
    what: 'the callback iss is not checked',
    file: SESSION,
    find: 'return oauth.validateAuthResponse(as, client, url.searchParams, state);',
    replace:
      "url.searchParams.delete('iss');\n        return oauth.validateAuthResponse({ ...as, authorization_response_iss_parameter_supported: false }, client, url.searchParams, state);",
  },
  {
    claims: ['edge.step-up-request-params'],
    what: 'every sign-in reuses the same state',
    file: SESSION,
    find: 'const state = oauth.generateRandomState();',
    replace: "const state = 'defect-fixed-state-0123456789';",
  },
  {
    claims: ['edge.token-request-resource'],
    what: 'the token request omits resource',
    file: SESSION,
    find: 'params, receiver.redirectUri, verifier, {\n            ...this.#http,\n            additionalParameters: { resource: this.#resourceIndicator },\n',
    replace: 'params, receiver.redirectUri, verifier, {\n            ...this.#http,\n',
  },
  // ---- clear authentication ----
  {
    claims: ['edge.clear-auth-deletes', 'edge.clear-auth-deletes.user'],
    what: 'clear authentication keeps the stored tokens',
    file: SESSION,
    find: '    await this.#store.clear();\n    this.#discovered = undefined;',
    replace: '    this.#discovered = undefined;',
  },
  {
    claims: ['edge.clear-auth-baseline', 'edge.clear-auth-baseline.user'],
    what: 'the session remembers every scope it ever asked for, so the sign-in after Clear authentication asks for the step-up scopes too',
    file: SESSION,
    find: "const scopes = decision.action === 'reauthorize' ? decision.scopes : (stored.grantedScopes ?? []);",
    replace:
      "const memory = this as unknown as { asked?: string[] };\n    const scopes = decision.action === 'reauthorize' ? (memory.asked = [...new Set([...(memory.asked ?? []), ...decision.scopes])]) : stored.grantedScopes ?? [];",
  },
  // ---- other clients (tests/real-clients/) ----
  {
    claims: ['compat.reference-client'],
    what: 'the reference client refreshes first on a 403 when it holds a refresh token',
    file: DECIDE,
    find: '  if (input.status === 401) {\n',
    replace: `${REFRESH_ON_403}  if (input.status === 401) {\n`,
  },
  {
    claims: ['compat.sdk1-step-up-fetch'],
    what: 'the stepUpFetch snippet passes the challenge scope on as it is, instead of the union',
    file: 'examples/sdk/v1-step-up-fetch.ts',
    find: "const union = [...new Set([...store.grantedScopes(), ...scope.split(' ')])].join(' ');",
    replace: 'const union = scope;',
  },
  {
    claims: ['sdk.client2-ask-consent-again'],
    what: 'askConsentAgain lets auth() refresh instead of forcing a new authorization request',
    file: 'examples/sdk/v2-step-up.ts',
    find: 'forceReauthorization: true,',
    replace: 'forceReauthorization: false,',
  },
  // ---- the site ----
  {
    claims: ['diagram.from-transcript'],
    what: 'the diagram leaves out the last message of the run',
    file: 'src/components/SequenceDiagram.astro',
    find: 'const items = sliceSequence(parseSequence(readSource(file)), from, until);',
    replace:
      'const items = sliceSequence(parseSequence(readSource(file)), from, until).slice(0, -1);',
    build: true,
  },
  {
    claims: ['explainer.same-code'],
    what: 'the explainer ignores the scopes already granted',
    file: 'src/components/ChallengeExplainer.astro',
    find: "granted: granted.join(' '),",
    replace: "granted: '',",
    build: true,
  },
  // ---- the reference servers (tests/server/) ----
  {
    claims: ['server.prototype-names'],
    what: 'the unknown-tool check reads the tool name as an object key, so Object.prototype names pass it',
    file: 'examples/server/bearer-middleware.ts',
    find: 'if (!options.knownTools.has(tool)) return void',
    replace: 'if (!options.knownTools.has(tool) && !(tool in {})) return void',
  },
  {
    claims: ['server.mcp-body-4xx'],
    what: 'JSON in another charset gets the generic "Bad request" instead of the charset message',
    file: 'examples/server/mcp-server.ts',
    find: "    case 'charset.unsupported': return { status: 415, code: -32600, message: 'Unsupported charset: send JSON as UTF-8' };\n",
    replace: '',
  },
  {
    claims: ['server.consent-form-413'],
    what: 'the consent form accepts bodies up to 1 MB',
    file: 'examples/server/consent-routes.ts',
    find: "limit: '8kb'",
    replace: "limit: '1mb'",
  },
  {
    claims: ['server.interaction-escape-400', 'server.fuzz-no-500'],
    what: 'a malformed percent-escape in an interaction URL falls through to a 500',
    file: 'examples/server/consent-routes.ts',
    find: "if (err instanceof URIError) return { status: 400, message: 'The address is malformed.' };",
    replace: 'if (err instanceof URIError) return undefined;',
  },
  {
    claims: ['server.consent-headers'],
    what: "the consent page's Content-Security-Policy loses frame-ancestors 'none'",
    file: 'examples/server/consent-routes.ts',
    find: "style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    replace: "style-src 'unsafe-inline'; base-uri 'none'",
  },
  {
    claims: ['server.consent-csrf'],
    what: 'Approve and Deny accept a POST from another site that carries the page token',
    file: 'examples/server/consent-routes.ts',
    find: "if (origin !== undefined && origin !== 'null' && origin !== new URL(issuer).origin) throw",
    replace:
      "if (false && origin !== undefined && origin !== 'null' && origin !== new URL(issuer).origin) throw",
  },
  {
    claims: ['server.consent-impostor'],
    what: 'the client kind is read from the name the client chose, so an impostor is shown as pre-registered',
    file: 'examples/server/clients.ts',
    find: 'if ([clients.publicClientId, clients.confidentialClientId, clients.confidentialPostClientId].includes(client.clientId)) return',
    replace:
      "if (String((client as { clientName?: string }).clientName).includes('(pre-registered)')) return",
  },
  {
    claims: ['server.registration-scope'],
    what: 'the registered scope is kept, so it becomes an allow-list',
    file: 'examples/server/clients.ts',
    find: "if (key === 'scope') delete metadata.scope;",
    replace: "if (key === 'scope') return;",
  },
  {
    claims: ['server.offline-access-one-approve'],
    what: 'Approve does not grant openid and offline_access, so the consent prompt comes back',
    file: 'examples/server/consent-routes.ts',
    find: "if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));",
    replace: '',
  },
  {
    claims: ['server.as-metadata-scopes'],
    what: 'the metadata lists the notes:* scopes only',
    file: 'examples/server/authorization-server.ts',
    find: 'scopes_supported = [...OIDC_SCOPES, ...SCOPES_SUPPORTED];',
    replace: 'scopes_supported = [...SCOPES_SUPPORTED];',
  },
  {
    claims: ['server.prm-both-urls'],
    what: 'the protected resource metadata is served at the path-inserted URL only',
    file: 'examples/server/mcp-server.ts',
    find: "app.get([new URL(metadataUrl).pathname, '/.well-known/oauth-protected-resource'], (_req, res) => {",
    replace: 'app.get(new URL(metadataUrl).pathname, (_req, res) => {',
  },
  {
    claims: ['server.dns-rebinding'],
    what: 'the Host header is not checked',
    file: 'examples/server/mcp-server.ts',
    find: '    if (host.ok) return next();\n',
    replace: '    return next();\n',
  },
  {
    claims: ['server.pre-registered'],
    // (Not its auth method: oidc-provider accepts client_secret_basic and client_secret_post alike for either.)
    what: 'the form-auth client is left out of the pre-registered clients',
    file: 'examples/server/clients.ts',
    find: "    { ...common, client_id: clients.confidentialPostClientId, client_name: 'Notes service, form auth (pre-registered)', client_secret: clients.clientSecret, token_endpoint_auth_method: 'client_secret_post' },\n",
    replace: '',
  },
  {
    claims: ['server.cimd'],
    what: 'a loopback metadata-document client is not marked as one, so the consent page calls it dynamic',
    file: 'examples/server/clients.ts',
    find: "    Object.defineProperty(client, 'clientIdMetadataDocument', { value: true });\n",
    replace: '',
  },
  {
    claims: ['server.cimd-mismatch'],
    what: "a metadata document's client_id is not compared with its URL",
    file: 'examples/server/clients.ts',
    find: "if (properties.client_id !== id) throw failed('client_id does not match the document URL');",
    replace: 'properties.client_id = id;',
  },
  {
    claims: ['server.store-restart'],
    what: 'the signing keys are not read back from the store, so a restart makes new ones',
    file: 'examples/server/authorization-server.ts',
    find: "const saved = store?.getSetting('keys');",
    replace: 'const saved = undefined as string | undefined;',
  },
  {
    claims: ['server.store-no-eviction'],
    what: 'the store keeps the newest 1,000 rows and evicts the rest',
    file: 'examples/server/store/sqlite-store.ts',
    find: '      statements.upsert.run(model, id, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresAt);\n',
    replace:
      "      statements.upsert.run(model, id, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresAt);\n      db.exec('DELETE FROM oidc WHERE rowid IN (SELECT rowid FROM oidc ORDER BY rowid LIMIT max(0, (SELECT count(*) FROM oidc) - 1000))');\n",
  },
  {
    claims: ['server.revoke-refresh-stops-access'],
    what: 'the MCP server does not ask whether the grant behind a token still exists',
    file: 'examples/server/bearer-middleware.ts',
    find: 'if (options.isGrantActive && !(typeof claims.grant_id',
    replace: 'if (false && options.isGrantActive && !(typeof claims.grant_id',
  },
  {
    claims: ['server.revoke-access-token-refused'],
    what: 'access tokens are opaque, so revoking one succeeds',
    file: 'examples/server/authorization-server.ts',
    find: "accessTokenFormat: 'jwt',",
    replace: "accessTokenFormat: 'opaque',",
  },
  // ---- the reference client under load and after failures (tests/reference-client/, examples/client/store.test.ts) ----
  {
    claims: ['client.single-flight-refresh'],
    what: 'each parallel call that meets an expired token runs its own refresh',
    file: SESSION,
    find: 'if (this.#round) {',
    replace: "if (this.#round && decision.action !== 'refresh') {",
  },
  {
    claims: ['client.single-flight-consent'],
    what: 'each parallel call that needs the step-up opens its own consent screen',
    file: SESSION,
    find: 'if (this.#round) {',
    replace: "if (this.#round && decision.action !== 'reauthorize') {",
  },
  {
    claims: ['client.reregister-after-restart'],
    what: 'a refresh refused with invalid_client is treated as any refused refresh: the dead registration is kept',
    file: SESSION,
    find: "if (err instanceof oauth.ResponseBodyError && err.error === 'invalid_client' && credentials.kind === 'registered') {",
    replace: 'if (false) {',
  },
  {
    claims: ['client.reregister-before-browser'],
    what: 'a registration found gone before the browser opens is not forgotten, so the sign-in restarts with the same dead client id',
    file: SESSION,
    find: 'Registering again and restarting the sign-in.`);\n      await forgetRegistration(this.#store);\n',
    replace: 'Registering again and restarting the sign-in.`);\n',
  },
  {
    claims: ['client.code-rejected'],
    what: 'a refused authorization code is reported as a generic token_error',
    file: CLIENT_CREDENTIALS,
    find: "if (err.error === 'invalid_grant') {",
    replace: "if (err.error === 'defect_invalid_grant') {",
  },
  {
    claims: ['client.filestore-atomic'],
    what: 'saves are no longer applied one at a time, in order',
    file: 'examples/client/store.ts',
    find: 'const next = previous.then(work, work);',
    replace: 'const next = work();',
  },
  {
    claims: ['client.filestore-mode'],
    what: 'a save writes the file in place, keeping the mode the old file had',
    file: 'examples/client/store.ts',
    find: "        await writeFile(temp, JSON.stringify(value, null, 2), { mode: 0o600, flag: 'wx' });\n        await chmod(temp, 0o600); // in case a umask or filesystem widened it\n        await rename(temp, this.path);\n",
    replace:
      '        await writeFile(this.path, JSON.stringify(value, null, 2), { mode: 0o600 });\n        void chmod; void rename;\n',
  },
  {
    claims: ['client.filestore-symlink'],
    what: 'a symlink at the path is followed on save and clear',
    file: 'examples/client/store.ts',
    find: 'if (stat?.isSymbolicLink()) throw symlinkError(this.path);',
    replace: 'if (false) throw symlinkError(this.path);',
  },
  // ---- the official conformance suite (tests/conformance/) ----
  {
    claims: ['conformance.auth-suite'],
    what: "a 403 insufficient_scope asks for scopes_supported instead of the challenge's scope (no escalation in auth/scope-step-up)",
    file: DECIDE,
    find: 'const wanted = challenged.length ? challenged : [...(input.scopesSupported ?? [])];',
    replace: 'const wanted = [...(input.scopesSupported ?? [])];',
  },
  {
    claims: ['conformance.draft-suite'],
    what: 'the protected resource metadata is read without checking it, so a document for another resource is used (auth/resource-mismatch)',
    file: DISCOVERY,
    find: 'return await oauth.processResourceDiscoveryResponse(expected, i < accepted.length - 1 ? response.clone() : response);',
    replace:
      'return (await (i < accepted.length - 1 ? response.clone() : response).json()) as oauth.ResourceServer;',
  },
  {
    claims: ['conformance.next-auth-2025-11-25'],
    what: 'the resource parameter is the parsed MCP URL, not the metadata\'s identifier (auth/metadata-var2: "/" appended)',
    file: SESSION,
    find: 'return this.#discovered?.resource.resource ?? this.#resource.href;',
    replace: 'return this.#resource.href;',
  },
  {
    claims: ['conformance.next-2026-07-28'],
    what: 'a stored registration is presented to any authorization server (auth/authorization-server-migration)',
    file: CLIENT_CREDENTIALS,
    find: 'if (stored.clientId && (stored.clientIssuer ?? as.issuer) === as.issuer) {',
    replace: 'if (stored.clientId) {',
  },
  {
    claims: ['conformance.next-authorization-server'],
    what: 'a request without scope ends in access_denied (authorization-code-grant)',
    file: 'examples/server/authorization-server.ts',
    find: 'if (authorize && ctx.query.scope === undefined) {',
    replace: 'if (false) {',
  },
  {
    claims: ['server.both-versions'],
    what: 'the server refuses 2025-11-25 requests',
    file: 'examples/server/mcp-server.ts',
    find: "{ responseMode: 'json' }",
    replace: "{ responseMode: 'json', legacy: 'reject' }",
  },
  {
    claims: ['server.sdk-scope-hook'],
    what: 'add_note has no scopeChallenge hook, so the SDK runs the tool for a token without notes:write',
    file: 'examples/server/mcp-server.ts',
    find: "      scopeChallenge: scopeChallenge('add_note'),\n",
    replace: '',
  },
  // ---- protections (tests/protections/) ----
  {
    protection: {
      name: 'state check on loopback callbacks',
      test: "a loopback callback whose state is not this sign-in's",
    },
    what: "the loopback receiver no longer compares a callback's state with this sign-in's",
    file: CALLBACK,
    find: "if (!shaped || (options.state !== undefined && params.get('state') !== options.state)) {",
    replace: 'if (!shaped) {',
  },
  {
    protection: {
      name: 'https only for remote servers',
      test: 'a remote MCP server over plain http is refused',
    },
    what: 'any http URL is accepted',
    file: SESSION,
    find: "if (resource.protocol !== 'https:' && !(resource.protocol === 'http:' && isLoopbackHost(resource.hostname))) {",
    replace: "if (resource.protocol !== 'https:' && resource.protocol !== 'http:') {",
  },
  {
    protection: {
      name: 'loopback-only callback receiver',
      test: 'the callback receiver listens on 127.0.0.1 only',
    },
    what: 'the callback receiver listens on every address',
    file: CALLBACK,
    find: "port = await listenOnLoopback(server, 0, '127.0.0.1');",
    replace: "port = await listenOnLoopback(server, 0, '::');",
  },
  {
    protection: {
      name: 'authorization server must support S256',
      test: 'an authorization server that does not advertise PKCE S256',
    },
    what: 'PKCE S256 support is not checked',
    file: DISCOVERY,
    find: "if (!as.code_challenge_methods_supported?.includes('S256')) {",
    replace: 'if (false) {',
  },
  {
    protection: {
      name: 'attempt counters reset after success',
      test: 'after a call succeeds its attempt counters reset',
    },
    what: 'attempt counters are shared by every request of the session and never reset',
    file: SESSION,
    find: '    const attempts = { refreshes: 0, reauthorizations: 0 };\n',
    replace:
      '    const attempts = ((this as unknown as { shared?: { refreshes: number; reauthorizations: number } }).shared ??= { refreshes: 0, reauthorizations: 0 });\n',
  },
  {
    protection: {
      name: 'resource on the refresh request',
      test: 'the refresh request carries resource',
    },
    what: 'the refresh request omits resource',
    file: SESSION,
    find: 'stored.refreshToken, {\n          ...this.#http,\n          additionalParameters: { resource: this.#resourceIndicator },\n',
    replace: 'stored.refreshToken, {\n          ...this.#http,\n',
  },
  {
    protection: {
      name: 'HTML escaping on the consent page',
      test: 'the client name, account and scopes are escaped',
    },
    what: 'the client name is written into the consent page unescaped',
    file: 'examples/server/consent-page.ts',
    find: '<strong>${escapeHtml(view.clientName)}</strong> wants to use',
    replace: '<strong>${view.clientName}</strong> wants to use',
  },
  {
    protection: {
      name: 'consent labels a person reads',
      test: 'a step-up shows "(already granted)" for held scopes',
    },
    what: 'the visible "new" and "(already granted)" labels are swapped; data-state stays right',
    file: 'examples/server/consent-page.ts',
    find: "${isNew ? '<span class=\"badge\">new</span>' : ' (already granted)'}",
    replace: "${!isNew ? '<span class=\"badge\">new</span>' : ' (already granted)'}",
  },
  // ---- Claude Code's recorded runs (tests/real-clients/claude-code-records.spec.ts) ----
  // Claude Code is not run by npm test: its claims are checked against its
  // records, so each defect is a record that says something else.
  {
    claims: ['cc.record.117-refreshes-held'],
    what: 'the 2.1.117 held-scope record shows no refresh after the 403',
    file: CC117,
    find: '"scenario": "held-scope",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 1,',
    replace:
      '"scenario": "held-scope",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,',
  },
  {
    claims: ['cc.record.token-expired-message'],
    what: 'the 2.1.118 full-set record shows another message',
    file: CC118,
    find: '"scenario": "full-set",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,\n    "requestsAfter403": null,\n    "msAfter403": null,\n    "browserRoundTrips": 1,\n    "userSees": "MCP server \\"notes\\" requires re-authorization (token expired)"',
    replace:
      '"scenario": "full-set",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,\n    "requestsAfter403": null,\n    "msAfter403": null,\n    "browserRoundTrips": 1,\n    "userSees": "MCP server \\"notes\\" needs authentication"',
  },
  {
    claims: ['cc.record.118-no-refresh'],
    what: 'the 2.1.118 held-scope record shows a refresh after the 403',
    file: CC118,
    find: '"scenario": "held-scope",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,',
    replace:
      '"scenario": "held-scope",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 1,',
  },
  {
    claims: ['cc.record.332-p-message'],
    what: 'the 2.1.332 delta-only message names other scopes than the challenge',
    file: CC332,
    find: '"scenario": "delta-only",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,\n    "requestsAfter403": null,\n    "msAfter403": null,\n    "browserRoundTrips": 1,\n    "userSees": "MCP server \\"notes\\" needs additional permissions (scope: \\"notes:write\\")',
    replace:
      '"scenario": "delta-only",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,\n    "requestsAfter403": null,\n    "msAfter403": null,\n    "browserRoundTrips": 1,\n    "userSees": "MCP server \\"notes\\" needs additional permissions (scope: \\"notes:read notes:write\\")',
  },
  {
    claims: ['cc.record.headless-no-browser'],
    what: 'the 2.1.332 full-set record shows a second consent screen',
    file: CC332,
    find: '"scenario": "full-set",\n    "outcome": "fails",\n    "consentScreens": 1,',
    replace: '"scenario": "full-set",\n    "outcome": "fails",\n    "consentScreens": 2,',
  },
  {
    claims: ['cc.record.held-scope-fix'],
    what: 'the 2.1.332 held-scope record shows a refresh again',
    file: CC332,
    find: '"scenario": "held-scope",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,',
    replace:
      '"scenario": "held-scope",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 1,',
  },
  {
    claims: ['cc.record.first-sign-in'],
    what: 'the 2.1.118 no-scope first sign-in asks only for what the 401 names',
    file: CC118,
    find: 'scope=\\"notes:read notes:write notes:admin offline_access\\"',
    replace: 'scope=\\"notes:read offline_access\\"',
  },
  // ---- the text proposed for the Claude Code docs (tests/upstream/claude-code-text.spec.ts) ----
  {
    claims: ['upstream.cc-text-checked'],
    what: 'a sentence of the proposed text reversed (Claude Code refreshes)',
    file: 'upstream/claude-code-mcp-step-up.md',
    find: 'Claude Code does not silently refresh the token then',
    replace: 'Claude Code silently refreshes the token then',
  },
  {
    claims: ['upstream.cc-text-checked'],
    what: 'a record the proposed text rests on changed (2.1.332 names other scopes)',
    file: CC332,
    find: '"scenario": "delta-only",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,\n    "requestsAfter403": null,\n    "msAfter403": null,\n    "browserRoundTrips": 1,\n    "userSees": "MCP server \\"notes\\" needs additional permissions (scope: \\"notes:write\\")',
    replace:
      '"scenario": "delta-only",\n    "outcome": "fails",\n    "consentScreens": 1,\n    "refreshAfter403": 0,\n    "requestsAfter403": null,\n    "msAfter403": null,\n    "browserRoundTrips": 1,\n    "userSees": "MCP server \\"notes\\" needs additional permissions (scope: \\"notes:read notes:write\\")',
  },
];
