// An OAuth session for one remote MCP server, built on oauth4webapi. Its
// `fetch` goes in front of the MCP SDK's transport: it signs the user in on
// the first 401, refreshes silently on a later 401, and on 403
// insufficient_scope runs the browser consent flow again for the union of
// granted and challenged scopes (never a refresh), then retries once.
// Discovery is in discovery.ts; the client id and its token endpoint
// authentication are in client-credentials.ts.
import * as oauth from 'oauth4webapi';
import { CALLBACK_PATH, startCallbackReceiver } from './callback.ts';
import { parseChallenges } from './challenge.ts';
import {
  clientCredentials,
  forgetRegistration,
  RegistrationGone,
  tokenEndpointError,
  type ClientContext,
  type ClientCredentials,
  type ClientOptions,
} from './client-credentials.ts';
import { decide, DEFAULT_MAX_REAUTHORIZATIONS, type Decision } from './decide.ts';
import { discover, type Discovered, type DiscoveryContext, type OAuthHttp } from './discovery.ts';
import { StepUpError } from './errors.ts';
import { MemoryStore, type AuthStore, type StoredAuth } from './store.ts';
import { Transcript } from './transcript.ts';
import { isLoopbackHost } from '../shared/loopback.ts';

export interface SessionOptions extends ClientOptions {
  /** The MCP server endpoint; also the OAuth resource indicator (RFC 8707). */
  mcpUrl: string;
  /** Shows the consent URL to the user (open a browser, print it, or both). */
  openBrowser: (url: string) => void | Promise<void>;
  /** Tells the user something the session is doing on its own (such as registering again). */
  onNotice?: (message: string) => void;
  /** Reads a callback URL the user pastes (the fallback when the redirect fails). */
  readPastedUrl?: () => Promise<string>;
  /** Tells the user why a pasted URL was not accepted; the session keeps waiting for another. */
  onPasteRejected?: (error: StepUpError) => void;
  /** false: do not listen on loopback; the user must paste the callback URL. */
  loopbackCallback?: boolean;
  store?: AuthStore;
  transcript?: Transcript;
  consentTimeoutMs?: number;
  maxReauthorizations?: number;
}

// Exported from here before discovery and client credentials had files of their own.
export { authorizationServerMetadataUrls } from './discovery.ts';
export {
  preferredAuthMethod,
  registrationAuthMethod,
  type TokenEndpointAuthMethod,
} from './client-credentials.ts';

export class McpAuthSession {
  readonly transcript: Transcript;
  readonly #options: SessionOptions;
  readonly #store: AuthStore;
  readonly #resource: URL;
  #discovered: Discovered | undefined;
  /** The refresh or consent round in progress, shared by every request that needs one. */
  #round: Promise<void> | undefined;
  /** Counts completed rounds, so a request can tell its 401/403 answered a token already replaced. */
  #generation = 0;
  /** Registered client ids the authorization server accepted during this session. */
  readonly #confirmedClients = new Set<string>();

  constructor(options: SessionOptions) {
    let resource: URL;
    try {
      resource = new URL(options.mcpUrl);
    } catch {
      throw new StepUpError(
        'invalid_input',
        `The MCP server URL is not a valid URL: ${JSON.stringify(options.mcpUrl)}`,
      );
    }
    if (
      resource.protocol !== 'https:' &&
      !(resource.protocol === 'http:' && isLoopbackHost(resource.hostname))
    ) {
      throw new StepUpError(
        'invalid_input',
        `The MCP server URL must use https (http is allowed only for loopback): ${resource.href}`,
      );
    }
    if (resource.hash)
      throw new StepUpError(
        'invalid_input',
        'The MCP server URL must not contain a fragment (#...)',
      );
    if (options.clientMetadataUrl !== undefined) {
      // Client ID Metadata Documents: an https URL with a path (draft-ietf-oauth-client-id-metadata-document).
      const url = URL.parse(options.clientMetadataUrl);
      if (!url || url.protocol !== 'https:' || url.pathname === '/' || url.hash) {
        throw new StepUpError(
          'invalid_input',
          `clientMetadataUrl must be an https URL with a path and no fragment: ${JSON.stringify(options.clientMetadataUrl)}`,
        );
      }
    }
    if (options.clientSecret !== undefined && !options.clientId)
      throw new StepUpError('invalid_input', 'clientSecret is given without clientId');
    this.#options = options;
    this.#resource = resource;
    this.#store = options.store ?? new MemoryStore();
    this.transcript = options.transcript ?? new Transcript();
  }

  get mcpUrl(): string {
    return this.#resource.href;
  }

  /**
   * The `resource` parameter (RFC 8707): the identifier exactly as the
   * protected resource metadata publishes it. A URL parser would append "/"
   * to a pathless one (http://host:port), which the server may not accept.
   */
  get #resourceIndicator(): string {
    return this.#discovered?.resource.resource ?? this.#resource.href;
  }

  get #http(): OAuthHttp {
    // http:// is accepted for loopback only (checked in the constructor).
    return {
      [oauth.customFetch]: this.transcript.fetch,
      [oauth.allowInsecureRequests]: this.#resource.protocol === 'http:',
    };
  }

  /** What discovery needs: the MCP server URL and the recording fetch. */
  get #discovery(): DiscoveryContext {
    return { resource: this.#resource, fetch: this.transcript.fetch, http: this.#http };
  }

  /** What finding or registering the client id needs. */
  get #clients(): ClientContext {
    return {
      options: this.#options,
      store: this.#store,
      confirmedClients: this.#confirmedClients,
      http: this.#http,
    };
  }

  // #region fetch
  /** The fetch to give the MCP transport. */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    this.transcript.track(this.#fetch(input, init));

  async #fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // Per request: parallel calls never use up each other's attempts.
    const attempts = { refreshes: 0, reauthorizations: 0 };
    for (;;) {
      const generation = this.#generation;
      const stored = await this.#store.load();
      const headers = new Headers(init?.headers);
      if (stored.accessToken) headers.set('authorization', `Bearer ${stored.accessToken}`);
      const response = await this.transcript.fetch(input, { ...init, headers });
      if (response.status !== 401 && response.status !== 403) return response;
      // Another request renewed the token while this one was on its way: retry with the new one.
      if ((await this.#store.load()).accessToken !== stored.accessToken) {
        await response.body?.cancel();
        continue;
      }
      const decision = decide({
        status: response.status,
        challenges: await parseChallenges(
          response.status,
          response.headers.get('www-authenticate'),
        ),
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
      if (decision.action === 'fail') throw decision.error;
      // Single flight: one refresh or consent round per session at a time. A
      // request that needs one while another runs waits for it, then retries.
      // (No await between these checks and starting the round.)
      if (this.#round) {
        this.transcript.note(
          'another request is already renewing authorization: wait for it, then retry',
        );
        await this.#round;
        continue;
      }
      // A round finished after this request was sent: retry with its token.
      if (this.#generation !== generation) continue;
      const round = this.#renew(decision, stored, attempts, response.status);
      this.#round = round;
      try {
        await round;
        this.#generation++;
      } finally {
        if (this.#round === round) this.#round = undefined;
      }
    }
  }
  // #endregion fetch

  /** The refresh, or the consent round, one 401/403 decision asks for. */
  async #renew(
    decision: Extract<Decision, { action: 'refresh' | 'reauthorize' }>,
    stored: StoredAuth,
    attempts: { refreshes: number; reauthorizations: number },
    status: number,
  ): Promise<void> {
    if (decision.action === 'refresh') {
      attempts.refreshes++;
      if (await this.#refresh()) return;
      this.transcript.note('refresh failed: sign in again');
    }
    // The server no longer accepts a token: its metadata may name another
    // authorization server now (MCP 2026-07-28, SEP-2352), so read it again.
    if (status === 401 && stored.accessToken) this.#discovered = undefined;
    const discovered = await this.#discover(
      decision.action === 'reauthorize' ? decision.resourceMetadata : undefined,
    );
    if (stored.accessToken) attempts.reauthorizations++;
    const scopes =
      decision.action === 'reauthorize' ? decision.scopes : (stored.grantedScopes ?? []);
    if (!scopes.length) scopes.push(...(discovered.resource.scopes_supported ?? []));
    await this.#authorize(scopes, { renewConsent: Boolean(stored.accessToken) });
  }

  // #region clear
  /** "Clear authentication": revoke what the server will revoke, then forget everything. */
  async clearAuthentication(): Promise<void> {
    const stored = await this.#store.load();
    const as = this.#discovered?.as;
    const credentials =
      as?.revocation_endpoint && stored.refreshToken
        ? await clientCredentials(this.#clients, as, stored, { register: false }).catch(
            () => undefined,
          )
        : undefined;
    if (as && credentials && stored.refreshToken) {
      const response = await oauth
        .revocationRequest(
          as,
          credentials.client,
          credentials.auth,
          stored.refreshToken,
          this.#http,
        )
        .catch(() => undefined);
      if (response) await oauth.processRevocationResponse(response).catch(() => undefined);
    }
    await this.#store.clear();
    this.#discovered = undefined;
    this.transcript.note('authentication cleared: tokens and client registration deleted');
  }
  // #endregion clear

  /** Discovery (discovery.ts), remembered for the session. */
  async #discover(resourceMetadataUrl?: string): Promise<Discovered> {
    this.#discovered = await discover(this.#discovery, this.#discovered, resourceMetadataUrl);
    return this.#discovered;
  }

  /**
   * Signs in through the browser. When the authorization server no longer
   * knows the registered client (a restart, an evicted registration), it
   * registers again and restarts the sign-in once.
   */
  async #authorize(scopes: string[], options: { renewConsent: boolean }): Promise<void> {
    try {
      return await this.#authorizeOnce(scopes, options);
    } catch (err) {
      if (!(err instanceof RegistrationGone)) throw err;
      this.transcript.note(`${err.message}: register again and restart the sign-in`);
      this.#options.onNotice?.(
        `The authorization server no longer knows this client (${err.reason}). Registering again and restarting the sign-in.`,
      );
      await forgetRegistration(this.#store);
    }
    try {
      return await this.#authorizeOnce(scopes, options);
    } catch (err) {
      if (err instanceof RegistrationGone)
        throw new StepUpError(
          'invalid_client',
          `The authorization server refused a client it registered moments ago (${err.reason}); check its client store`,
        );
      throw err;
    }
  }

  /** Authorization code + PKCE S256 + resource + state, through the browser. */
  async #authorizeOnce(
    scopes: string[],
    { renewConsent }: { renewConsent: boolean },
  ): Promise<void> {
    const { as } = await this.#discover();
    const stored = await this.#store.load();
    const credentials = (await clientCredentials(this.#clients, as, stored, { register: true }))!;
    const { client, auth } = credentials;
    const state = oauth.generateRandomState();
    const receiver = await startCallbackReceiver({
      loopback: this.#options.loopbackCallback ?? true,
      state,
      readPastedUrl: this.#options.readPastedUrl,
      onPasteRejected: (err) => this.#pasteRejected(err),
    });
    try {
      // #region authorization-request
      const verifier = oauth.generateRandomCodeVerifier();
      const url = new URL(as.authorization_endpoint!);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: receiver.redirectUri,
        // No scope at all when none is known (MCP: omit it rather than send an empty one).
        ...(scopes.length ? { scope: scopes.join(' ') } : {}),
        resource: this.#resourceIndicator,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        // Step-up: the user must see the consent screen even for scopes already held.
        ...(renewConsent ? { prompt: 'consent' } : {}),
      }).toString();
      this.transcript.replace(new URL(receiver.redirectUri).origin, 'http://127.0.0.1:{port}');
      await this.#checkClientKnown(credentials, url);
      this.transcript.note(`browser: consent for ${scopes.join(' ') || '(default scopes)'}`);
      this.transcript.note(`open ${this.transcript.url(url)}`);
      await this.#options.openBrowser(url.href);
      // #endregion authorization-request

      // #region token-request
      const params = await this.#awaitAuthorizationResponse(
        as,
        client,
        receiver,
        state,
        scopes,
        stored,
      );
      let tokens: oauth.TokenEndpointResponse;
      try {
        tokens = await oauth.processAuthorizationCodeResponse(
          as,
          client,
          await oauth.authorizationCodeGrantRequest(
            as,
            client,
            auth,
            params,
            receiver.redirectUri,
            verifier,
            {
              ...this.#http,
              additionalParameters: { resource: this.#resourceIndicator },
            },
          ),
        );
      } catch (err) {
        throw tokenEndpointError(err, credentials);
      }
      this.#confirmedClients.add(client.client_id);
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

  /**
   * A registration loaded from the store may be gone from the server, whose
   * authorization endpoint then shows an error page instead of redirecting
   * (RFC 6749 §4.1.2.1): the browser would never come back. Ask once, before
   * opening the browser, whether it redirects.
   */
  async #checkClientKnown(credentials: ClientCredentials, url: URL): Promise<void> {
    if (
      credentials.kind !== 'registered' ||
      this.#confirmedClients.has(credentials.client.client_id)
    )
      return;
    const response = await this.transcript.fetch(url, { redirect: 'manual' });
    await response.body?.cancel();
    if (response.status >= 400 && response.status < 500) {
      throw new RegistrationGone(
        `the authorization endpoint answered ${response.status} instead of redirecting`,
      );
    }
    this.#confirmedClients.add(credentials.client.client_id);
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
        this.#pasteRejected(
          new StepUpError(
            'invalid_callback',
            `That URL's path is ${url.pathname}, expected ${CALLBACK_PATH}. Copy the address of the tab the sign-in redirected to.`,
          ),
        );
        continue;
      }
      // #region callback-check
      try {
        // Checks state, and iss where the server sends it (RFC 9207).
        return oauth.validateAuthResponse(as, client, url.searchParams, state);
      } catch (err) {
        if (err instanceof oauth.AuthorizationResponseError && err.error === 'access_denied') {
          const kept = stored.grantedScopes?.length
            ? ` Tools covered by what you already granted (${stored.grantedScopes.join(' ')})` +
              ' keep working.'
            : '';
          throw new StepUpError(
            'access_denied',
            `Access denied: consent for ${scopes.join(' ')} was declined in the browser.${kept}`,
            { cause: err },
          );
        }
        if (err instanceof oauth.AuthorizationResponseError) {
          throw new StepUpError(
            'access_denied',
            `Access denied: the authorization server answered ${err.error}` +
              (err.error_description ? ` (${err.error_description})` : ''),
            { cause: err },
          );
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
    if (!stored.refreshToken) return false;
    const { as } = await this.#discover();
    const credentials = await clientCredentials(this.#clients, as, stored, { register: false });
    if (!credentials) return false;
    const { client, auth } = credentials;
    try {
      const tokens = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, stored.refreshToken, {
          ...this.#http,
          additionalParameters: { resource: this.#resourceIndicator },
        }),
      );
      await this.#store.save({
        ...stored,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? stored.refreshToken,
      });
      this.#confirmedClients.add(client.client_id);
      return true;
    } catch (err) {
      if (
        err instanceof oauth.ResponseBodyError &&
        err.error === 'invalid_client' &&
        credentials.kind === 'registered'
      ) {
        // The server forgot the registration (restart, eviction): sign in afresh with a new one.
        this.transcript.note('refresh refused with invalid_client: the registration is gone');
        this.#options.onNotice?.(
          'The authorization server no longer knows this client (invalid_client). ' +
            'Registering again and restarting the sign-in.',
        );
        await forgetRegistration(this.#store);
        return false;
      }
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
    return new StepUpError(
      'issuer_mismatch',
      `That callback URL was not issued by ${issuer} (its iss parameter is wrong or missing), so it is not used. Paste the address from the tab this sign-in opened.`,
      { cause: err },
    );
  }
  if (/"state"/.test(message)) {
    return new StepUpError(
      'state_mismatch',
      'That callback URL belongs to a different sign-in (its state does not match). Paste the address from the tab this sign-in opened.',
      { cause: err },
    );
  }
  return new StepUpError(
    'invalid_callback',
    `That callback URL is not a valid authorization response (${message}).`,
    { cause: err },
  );
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
