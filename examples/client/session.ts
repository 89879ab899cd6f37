// An OAuth session for one remote MCP server, built on oauth4webapi. Its
// `fetch` goes in front of the MCP SDK's transport: it signs the user in on
// the first 401, refreshes silently on a later 401, and on 403
// insufficient_scope runs the browser consent flow again for the union of
// granted and challenged scopes (never a refresh), then retries once.
import * as oauth from 'oauth4webapi';
import { CALLBACK_PATH, REGISTERED_REDIRECT_URI, startCallbackReceiver } from './callback.ts';
import { parseChallenges } from './challenge.ts';
import { decide, DEFAULT_MAX_REAUTHORIZATIONS, type Decision } from './decide.ts';
import { StepUpError } from './errors.ts';
import { MemoryStore, type AuthStore, type StoredAuth } from './store.ts';
import { Transcript } from './transcript.ts';

export interface SessionOptions {
  /** The MCP server endpoint; also the OAuth resource indicator (RFC 8707). */
  mcpUrl: string;
  /** Shows the consent URL to the user (open a browser, print it, or both). */
  openBrowser: (url: string) => void | Promise<void>;
  /** Reads a callback URL the user pastes (the fallback when the redirect fails). */
  readPastedUrl?: () => Promise<string>;
  /** Tells the user why a pasted URL was not accepted; the session keeps waiting for another. */
  onPasteRejected?: (error: StepUpError) => void;
  /** false: do not listen on loopback; the user must paste the callback URL. */
  loopbackCallback?: boolean;
  store?: AuthStore;
  transcript?: Transcript;
  clientName?: string;
  consentTimeoutMs?: number;
  maxReauthorizations?: number;
}

interface Discovered {
  resourceMetadataUrl: string;
  resource: oauth.ResourceServer;
  as: oauth.AuthorizationServer;
}

// oauth4webapi types customFetch per endpoint; the recorder handles them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RecordingFetch = (url: string, options: oauth.CustomFetchOptions<any, any>) => Promise<Response>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class McpAuthSession {
  readonly transcript: Transcript;
  readonly #options: SessionOptions;
  readonly #store: AuthStore;
  readonly #resource: URL;
  #discovered: Discovered | undefined;
  /** Attempts per operation (JSON-RPC method and tool), reset when it succeeds. */
  readonly #attempts = new Map<string, { refreshes: number; reauthorizations: number }>();

  constructor(options: SessionOptions) {
    let resource: URL;
    try {
      resource = new URL(options.mcpUrl);
    } catch {
      throw new StepUpError('invalid_input', `The MCP server URL is not a valid URL: ${JSON.stringify(options.mcpUrl)}`);
    }
    if (resource.protocol !== 'https:' && !(resource.protocol === 'http:' && LOOPBACK.has(resource.hostname))) {
      throw new StepUpError('invalid_input', `The MCP server URL must use https (http is allowed only for loopback): ${resource.href}`);
    }
    if (resource.hash) throw new StepUpError('invalid_input', 'The MCP server URL must not contain a fragment (#...)');
    this.#options = options;
    this.#resource = resource;
    this.#store = options.store ?? new MemoryStore();
    this.transcript = options.transcript ?? new Transcript();
  }

  get mcpUrl(): string {
    return this.#resource.href;
  }

  get #http(): { [oauth.customFetch]: RecordingFetch; [oauth.allowInsecureRequests]: boolean } {
    // http:// is accepted for loopback only (checked in the constructor).
    return { [oauth.customFetch]: this.transcript.fetch, [oauth.allowInsecureRequests]: this.#resource.protocol === 'http:' };
  }

  // #region fetch
  /** The fetch to give the MCP transport. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const operation = operationOf(init);
    for (;;) {
      const stored = await this.#store.load();
      const headers = new Headers(init?.headers);
      if (stored.accessToken) headers.set('authorization', `Bearer ${stored.accessToken}`);
      const response = await this.transcript.fetch(input, { ...init, headers });
      if (response.status !== 401 && response.status !== 403) {
        if (response.ok) this.#attempts.delete(operation);
        return response;
      }
      const attempts = this.#attempts.get(operation) ?? { refreshes: 0, reauthorizations: 0 };
      this.#attempts.set(operation, attempts);
      const decision = decide({
        status: response.status,
        challenges: await parseChallenges(response.status, response.headers.get('www-authenticate')),
        sentToken: Boolean(stored.accessToken),
        grantedScopes: stored.grantedScopes ?? [],
        scopesSupported: this.#discovered?.resource.scopes_supported,
        hasRefreshToken: Boolean(stored.refreshToken),
        attempts,
        maxReauthorizations: this.#options.maxReauthorizations ?? DEFAULT_MAX_REAUTHORIZATIONS,
      });
      this.transcript.note(`decision: ${describeDecision(decision)}`);
      await response.body?.cancel();
      if (decision.action === 'use') return response;
      if (decision.action === 'fail') {
        this.#attempts.delete(operation);
        throw decision.error;
      }
      if (decision.action === 'refresh') {
        attempts.refreshes++;
        if (await this.#refresh()) continue;
        this.transcript.note('refresh failed: sign in again');
      }
      const discovered = await this.#discover(decision.action === 'reauthorize' ? decision.resourceMetadata : undefined);
      if (stored.accessToken) attempts.reauthorizations++;
      const scopes = decision.action === 'reauthorize' ? decision.scopes : stored.grantedScopes ?? [];
      if (!scopes.length) scopes.push(...(discovered.resource.scopes_supported ?? []));
      await this.#authorize(scopes, { renewConsent: Boolean(stored.accessToken) });
    }
  };
  // #endregion fetch

  // #region clear
  /** "Clear authentication": revoke what the server will revoke, then forget everything. */
  async clearAuthentication(): Promise<void> {
    const stored = await this.#store.load();
    const endpoint = this.#discovered?.as.revocation_endpoint;
    if (endpoint && stored.clientId && stored.refreshToken) {
      const client: oauth.Client = { client_id: stored.clientId, token_endpoint_auth_method: 'none' };
      const response = await oauth.revocationRequest(this.#discovered!.as, client, oauth.None(), stored.refreshToken, this.#http).catch(() => undefined);
      if (response) await oauth.processRevocationResponse(response).catch(() => undefined);
    }
    await this.#store.clear();
    this.#discovered = undefined;
    this.#attempts.clear();
    this.transcript.note('authentication cleared: tokens and client registration deleted');
  }
  // #endregion clear

  // #region discover
  /** RFC 9728 then RFC 8414. A challenge may point at new metadata: fetch and validate it again. */
  async #discover(resourceMetadataUrl?: string): Promise<Discovered> {
    if (this.#discovered && (!resourceMetadataUrl || resourceMetadataUrl === this.#discovered.resourceMetadataUrl)) return this.#discovered;
    let response: Response;
    let url: string;
    if (resourceMetadataUrl) {
      url = resourceMetadataUrl;
      const parsed = URL.parse(resourceMetadataUrl);
      if (!parsed) throw new StepUpError('invalid_challenge', `The challenge's resource_metadata is not a URL: ${JSON.stringify(resourceMetadataUrl.slice(0, 120))}`);
      if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))) {
        throw new StepUpError('resource_mismatch', `The challenge points at resource metadata over plain http: ${resourceMetadataUrl}`);
      }
      response = await this.transcript.fetch(parsed, { headers: { accept: 'application/json' } });
    } else {
      response = await oauth.resourceDiscoveryRequest(this.#resource, this.#http);
      url = response.url;
    }
    let resource: oauth.ResourceServer;
    try {
      resource = await oauth.processResourceDiscoveryResponse(this.#resource, response);
    } catch (err) {
      throw new StepUpError('resource_mismatch', `The protected resource metadata at ${url} is not for ${this.#resource.href}: its "resource" must equal the MCP server URL exactly, so the client will not send tokens there`, { cause: err });
    }
    const issuer = resource.authorization_servers?.[0];
    if (!issuer) throw new StepUpError('resource_mismatch', `The protected resource metadata at ${url} names no authorization server`);
    const issuerUrl = new URL(issuer);
    const as = this.#discovered?.as.issuer === issuer
      ? this.#discovered.as
      : await oauth.processDiscoveryResponse(issuerUrl, await oauth.discoveryRequest(issuerUrl, { ...this.#http, algorithm: 'oauth2' }));
    // MCP: refuse an authorization server that does not advertise PKCE S256.
    if (!as.code_challenge_methods_supported?.includes('S256')) {
      throw new StepUpError('invalid_input', `The authorization server ${issuer} does not advertise PKCE S256; MCP clients must not use it`);
    }
    this.#discovered = { resourceMetadataUrl: url, resource, as };
    return this.#discovered;
  }
  // #endregion discover

  // #region register
  async #client(as: oauth.AuthorizationServer, stored: StoredAuth): Promise<oauth.Client> {
    if (stored.clientId) return { client_id: stored.clientId, token_endpoint_auth_method: 'none' };
    if (!as.registration_endpoint) throw new StepUpError('invalid_input', `The authorization server ${as.issuer} offers no dynamic client registration`);
    // No `scope` here: a registered scope becomes an allow-list that would block later step-ups.
    const registered = await oauth.processDynamicClientRegistrationResponse(
      await oauth.dynamicClientRegistrationRequest(
        as,
        {
          client_name: this.#options.clientName ?? 'MCP step-up reference client',
          application_type: 'native',
          redirect_uris: [REGISTERED_REDIRECT_URI],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
        },
        this.#http,
      ),
    );
    await this.#store.save({ ...(await this.#store.load()), clientId: registered.client_id });
    return { client_id: registered.client_id, token_endpoint_auth_method: 'none' };
  }
  // #endregion register

  /** Authorization code + PKCE S256 + resource + state, through the browser. */
  async #authorize(scopes: string[], { renewConsent }: { renewConsent: boolean }): Promise<void> {
    const { as } = await this.#discover();
    const stored = await this.#store.load();
    const client = await this.#client(as, stored);
    const receiver = await startCallbackReceiver({
      loopback: this.#options.loopbackCallback ?? true,
      readPastedUrl: this.#options.readPastedUrl,
      onPasteRejected: (err) => this.#pasteRejected(err),
    });
    try {
      // #region authorization-request
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const url = new URL(as.authorization_endpoint!);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: receiver.redirectUri,
        scope: scopes.join(' '),
        resource: this.#resource.href,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        // Step-up: the user must see the consent screen even for scopes already held.
        ...(renewConsent ? { prompt: 'consent' } : {}),
      }).toString();
      this.transcript.replace(new URL(receiver.redirectUri).origin, 'http://127.0.0.1:{port}');
      this.transcript.note(`browser: consent for ${scopes.join(' ') || '(default scopes)'}`);
      this.transcript.note(`open ${this.transcript.url(url)}`);
      await this.#options.openBrowser(url.href);
      // #endregion authorization-request

      // #region token-request
      const params = await this.#awaitAuthorizationResponse(as, client, receiver, state, scopes, stored);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, receiver.redirectUri, verifier, {
          ...this.#http,
          additionalParameters: { resource: this.#resource.href },
        }),
      );
      // Only now are the old credentials replaced: a failed sign-in loses nothing.
      await this.#store.save({
        ...(await this.#store.load()),
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? stored.refreshToken,
        grantedScopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : scopes,
      });
      // #endregion token-request
    } finally {
      await receiver.close();
    }
  }

  async #awaitAuthorizationResponse(
    as: oauth.AuthorizationServer,
    client: oauth.Client,
    receiver: Awaited<ReturnType<typeof startCallbackReceiver>>,
    state: string,
    scopes: string[],
    stored: StoredAuth,
  ): Promise<URLSearchParams> {
    const timeoutMs = this.#options.consentTimeoutMs ?? 5 * 60_000;
    for (;;) {
      const { url, source } = await receiver.next(timeoutMs);
      this.transcript.note(`callback (${source}): ${this.transcript.url(url)}`);
      if (url.pathname !== CALLBACK_PATH) {
        this.#pasteRejected(new StepUpError('invalid_callback', `That URL's path is ${url.pathname}, expected ${CALLBACK_PATH}. Copy the address of the tab the sign-in redirected to.`));
        continue;
      }
      // #region callback-check
      try {
        // Checks state, and iss where the server sends it (RFC 9207).
        return oauth.validateAuthResponse(as, client, url.searchParams, state);
      } catch (err) {
        if (err instanceof oauth.AuthorizationResponseError && err.error === 'access_denied') {
          const kept = stored.grantedScopes?.length ? ` Tools covered by what you already granted (${stored.grantedScopes.join(' ')}) keep working.` : '';
          throw new StepUpError('access_denied', `Access denied: consent for ${scopes.join(' ')} was declined in the browser.${kept}`, { cause: err });
        }
        if (err instanceof oauth.AuthorizationResponseError) {
          throw new StepUpError('access_denied', `Access denied: the authorization server answered ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`, { cause: err });
        }
        const error = callbackError(err, as.issuer);
        // A bad paste is the user's typo until proven otherwise: say why, keep waiting.
        // The code in a rejected URL is never redeemed.
        if (source === 'paste' && this.#options.readPastedUrl) {
          this.#pasteRejected(error);
          continue;
        }
        this.transcript.note(`callback rejected: ${error.message}`);
        throw error;
      }
      // #endregion callback-check
    }
  }

  #pasteRejected(error: StepUpError): void {
    this.transcript.note(`pasted URL rejected (${error.code}): ${error.message}`);
    this.#options.onPasteRejected?.(error);
  }

  // #region refresh
  async #refresh(): Promise<boolean> {
    const stored = await this.#store.load();
    if (!stored.refreshToken || !stored.clientId) return false;
    const { as } = await this.#discover();
    const client: oauth.Client = { client_id: stored.clientId, token_endpoint_auth_method: 'none' };
    try {
      const tokens = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, oauth.None(), stored.refreshToken, {
          ...this.#http,
          additionalParameters: { resource: this.#resource.href },
        }),
      );
      await this.#store.save({ ...stored, accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? stored.refreshToken });
      return true;
    } catch (err) {
      if (err instanceof oauth.ResponseBodyError) {
        await this.#store.save({ ...stored, refreshToken: undefined });
        return false;
      }
      throw err;
    }
  }
  // #endregion refresh
}

/** oauth4webapi's reasons for refusing a callback URL, as StepUpErrors a user can act on. */
function callbackError(err: unknown, issuer: string): StepUpError {
  const message = err instanceof Error ? err.message : String(err);
  if (/"iss"/.test(message)) {
    // RFC 9207: the response names (or omits) its issuer; a different one means a mix-up.
    return new StepUpError('issuer_mismatch', `That callback URL was not issued by ${issuer} (its iss parameter is wrong or missing), so it is not used. Paste the address from the tab this sign-in opened.`, { cause: err });
  }
  if (/"state"/.test(message)) {
    return new StepUpError('state_mismatch', 'That callback URL belongs to a different sign-in (its state does not match). Paste the address from the tab this sign-in opened.', { cause: err });
  }
  return new StepUpError('invalid_callback', `That callback URL is not a valid authorization response (${message}).`, { cause: err });
}

/** "tools/call add_note", "initialize", ...: retry limits are kept per operation. */
function operationOf(init?: RequestInit): string {
  if (typeof init?.body !== 'string') return `${init?.method ?? 'GET'}`;
  try {
    const message = JSON.parse(init.body) as { method?: string; params?: { name?: string } };
    return message.method === 'tools/call' ? `tools/call ${message.params?.name}` : String(message.method);
  } catch {
    return 'POST';
  }
}

export function describeDecision(decision: Decision): string {
  switch (decision.action) {
    case 'reauthorize':
      return `re-authorize for ${decision.scopes.join(' ') || '(scopes_supported)'}${decision.newScopes.length ? ` (new: ${decision.newScopes.join(' ')})` : ''}: ${decision.reason}`;
    case 'fail':
      return `fail (${decision.error.code}): ${decision.reason}`;
    default:
      return `${decision.action}: ${decision.reason}`;
  }
}
