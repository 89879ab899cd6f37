// An OAuth session for one remote MCP server, built on oauth4webapi. Its
// `fetch` goes in front of the MCP SDK's transport: it signs the user in on
// the first 401, refreshes silently on a later 401, and on 403
// insufficient_scope runs the browser consent flow again for the union of
// granted and challenged scopes (never a refresh), then retries once.
import * as oauth from 'oauth4webapi';
import { CALLBACK_PATH, REGISTERED_REDIRECT_URI, startCallbackReceiver } from './callback.ts';
import { parseChallenges } from './challenge.ts';
import { decide, DEFAULT_MAX_REAUTHORIZATIONS, type Decision } from './decide.ts';
import { clientSecretBasic } from './client-auth.ts';
import { StepUpError } from './errors.ts';
import { MemoryStore, type AuthStore, type StoredAuth } from './store.ts';
import { Transcript } from './transcript.ts';
import { isLoopbackHost } from '../shared/loopback.ts';

export interface SessionOptions {
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
  clientName?: string;
  consentTimeoutMs?: number;
  maxReauthorizations?: number;
  /** A client id registered with the authorization server beforehand (no dynamic registration). */
  clientId?: string;
  /** The pre-registered client's secret, if it is a confidential client. */
  clientSecret?: string;
  /** How the pre-registered client authenticates at the token endpoint; default: chosen from the server's metadata. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /**
   * An https URL serving this client's metadata (a Client ID Metadata Document):
   * used as the client id when the authorization server advertises
   * `client_id_metadata_document_supported`, instead of registering.
   */
  clientMetadataUrl?: string;
}

export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';
const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'none',
  'client_secret_basic',
  'client_secret_post',
];

/** The client id and how it proves itself at the token endpoint. */
interface ClientCredentials {
  client: oauth.Client;
  auth: oauth.ClientAuth;
  /** How this client id was obtained, for the transcript and error messages. */
  kind: 'pre-registered' | 'metadata-document' | 'registered';
}

interface Discovered {
  resourceMetadataUrl: string;
  resource: oauth.ResourceServer;
  as: oauth.AuthorizationServer;
}

type RecordingFetch = (
  url: string,
  // oauth4webapi types customFetch per endpoint; the recorder handles them all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  options: oauth.CustomFetchOptions<any, any>,
) => Promise<Response>;

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

  get #http(): { [oauth.customFetch]: RecordingFetch; [oauth.allowInsecureRequests]: boolean } {
    // http:// is accepted for loopback only (checked in the constructor).
    return {
      [oauth.customFetch]: this.transcript.fetch,
      [oauth.allowInsecureRequests]: this.#resource.protocol === 'http:',
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
        ? await this.#credentials(as, stored, { register: false }).catch(() => undefined)
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

  // #region discover
  /**
   * RFC 9728 then RFC 8414 / OpenID Connect Discovery, in the order the MCP
   * 2025-11-25 spec lists. A challenge may point at new metadata: fetch and
   * validate it again.
   */
  async #discover(resourceMetadataUrl?: string): Promise<Discovered> {
    if (
      this.#discovered &&
      (!resourceMetadataUrl || resourceMetadataUrl === this.#discovered.resourceMetadataUrl)
    )
      return this.#discovered;
    const { url, resource } = resourceMetadataUrl
      ? await this.#resourceMetadataAt(resourceMetadataUrl)
      : await this.#findResourceMetadata();
    const issuer = resource.authorization_servers?.[0];
    if (!issuer)
      throw new StepUpError(
        'resource_mismatch',
        `The protected resource metadata at ${url} names no authorization server`,
      );
    const as =
      this.#discovered?.as.issuer === issuer
        ? this.#discovered.as
        : await this.#authorizationServerMetadata(issuer);
    // MCP: refuse an authorization server that does not advertise PKCE S256.
    if (!as.code_challenge_methods_supported?.includes('S256')) {
      throw new StepUpError(
        'invalid_input',
        `The authorization server ${issuer} does not advertise PKCE S256; ` +
          'MCP clients must not use it',
      );
    }
    this.#discovered = { resourceMetadataUrl: url, resource, as };
    return this.#discovered;
  }
  // #endregion discover

  /** The document a challenge's resource_metadata names: its resource must be this MCP server. */
  async #resourceMetadataAt(
    resourceMetadataUrl: string,
  ): Promise<{ url: string; resource: oauth.ResourceServer }> {
    const parsed = URL.parse(resourceMetadataUrl);
    if (!parsed)
      throw new StepUpError(
        'invalid_challenge',
        `The challenge's resource_metadata is not a URL: ${JSON.stringify(resourceMetadataUrl.slice(0, 120))}`,
      );
    if (!isSecureUrl(parsed))
      throw new StepUpError(
        'resource_mismatch',
        `The challenge points at resource metadata over plain http: ${resourceMetadataUrl}`,
      );
    const response = await this.transcript.fetch(parsed, {
      headers: { accept: 'application/json' },
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new StepUpError(
        'metadata_not_found',
        `The challenge points at protected resource metadata that is not there: GET ${resourceMetadataUrl} answered ${response.status}`,
      );
    }
    return {
      url: resourceMetadataUrl,
      resource: await this.#validResourceMetadata(resourceMetadataUrl, response, [this.#resource]),
    };
  }

  /**
   * RFC 9728 §3.1: the path-inserted location first
   * (/.well-known/oauth-protected-resource/mcp), then the root, whose metadata
   * describes the origin. Only a failed fetch falls back; a document for
   * another resource is refused at once.
   */
  async #findResourceMetadata(): Promise<{ url: string; resource: oauth.ResourceServer }> {
    const pathInserted = await oauth.resourceDiscoveryRequest(this.#resource, this.#http);
    if (pathInserted.status === 200)
      return {
        url: pathInserted.url,
        resource: await this.#validResourceMetadata(pathInserted.url, pathInserted, [
          this.#resource,
        ]),
      };
    await pathInserted.body?.cancel();
    const tried = [`GET ${pathInserted.url} answered ${pathInserted.status}`];
    const rootUrl = new URL('/.well-known/oauth-protected-resource', this.#resource);
    if (rootUrl.href !== pathInserted.url) {
      const root = await this.transcript.fetch(rootUrl, {
        headers: { accept: 'application/json' },
      });
      // The root document may name the origin (RFC 9728) or the MCP endpoint itself.
      if (root.status === 200)
        return {
          url: rootUrl.href,
          resource: await this.#validResourceMetadata(rootUrl.href, root, [
            this.#resource,
            new URL(this.#resource.origin),
          ]),
        };
      await root.body?.cancel();
      tried.push(`GET ${rootUrl.href} answered ${root.status}`);
    }
    throw new StepUpError(
      'metadata_not_found',
      `The MCP server publishes no protected resource metadata (RFC 9728), so the client cannot find its authorization server: ${tried.join('; ')}`,
    );
  }

  async #validResourceMetadata(
    url: string,
    response: Response,
    accepted: URL[],
  ): Promise<oauth.ResourceServer> {
    for (const [i, expected] of accepted.entries()) {
      try {
        return await oauth.processResourceDiscoveryResponse(
          expected,
          i < accepted.length - 1 ? response.clone() : response,
        );
      } catch (err) {
        const mismatch =
          err instanceof oauth.OperationProcessingError &&
          err.code === oauth.JSON_ATTRIBUTE_COMPARISON;
        if (!mismatch)
          throw new StepUpError(
            'metadata_invalid',
            `The protected resource metadata at ${url} is not valid: ${(err as Error).message}`,
            { cause: err },
          );
        if (i === accepted.length - 1) {
          throw new StepUpError(
            'resource_mismatch',
            `The protected resource metadata at ${url} is not for ${this.#resource.href}: its "resource" must equal the MCP server URL exactly, so the client will not send tokens there`,
            { cause: err },
          );
        }
      }
    }
    throw new Error('unreachable');
  }

  /**
   * RFC 8414 path insertion, then OpenID Connect Discovery with the path
   * inserted and appended (MCP 2025-11-25, "Authorization Server Metadata
   * Discovery"). The first document found must name the issuer exactly.
   */
  async #authorizationServerMetadata(issuer: string): Promise<oauth.AuthorizationServer> {
    const issuerUrl = URL.parse(issuer);
    if (!issuerUrl || !isSecureUrl(issuerUrl))
      throw new StepUpError(
        'metadata_invalid',
        `The authorization server ${JSON.stringify(issuer)} is not an https URL (http is allowed only for loopback)`,
      );
    const tried: string[] = [];
    for (const url of authorizationServerMetadataUrls(issuerUrl)) {
      const response = await this.transcript.fetch(url, {
        headers: { accept: 'application/json' },
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        tried.push(`GET ${url.href} answered ${response.status}`);
        continue;
      }
      try {
        return await oauth.processDiscoveryResponse(issuerUrl, response);
      } catch (err) {
        throw new StepUpError(
          'metadata_invalid',
          `The authorization server metadata at ${url.href} is not valid for the issuer ${issuer}: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    throw new StepUpError(
      'metadata_not_found',
      `The authorization server ${issuer} publishes no metadata (RFC 8414 or OpenID Connect Discovery): ${tried.join('; ')}`,
    );
  }

  // #region register
  /**
   * The client id, in the order MCP 2025-11-25 ranks them: pre-registered
   * credentials, then a Client ID Metadata Document URL when the server
   * supports it, then a stored or new dynamic registration (RFC 7591).
   */
  async #credentials(
    as: oauth.AuthorizationServer,
    stored: StoredAuth,
    { register }: { register: boolean },
  ): Promise<ClientCredentials | undefined> {
    const { clientId, clientSecret, clientMetadataUrl } = this.#options;
    if (clientId) {
      const method =
        this.#options.tokenEndpointAuthMethod ??
        preferredAuthMethod(as.token_endpoint_auth_methods_supported, Boolean(clientSecret));
      return credentials(clientId, method, clientSecret, 'pre-registered');
    }
    if (clientMetadataUrl && as.client_id_metadata_document_supported === true)
      return credentials(clientMetadataUrl, 'none', undefined, 'metadata-document');
    // A registration is bound to the authorization server that issued it (SEP-2352):
    // after a move to another one, register there instead of presenting this id.
    if (stored.clientId && (stored.clientIssuer ?? as.issuer) === as.issuer) {
      const method = stored.tokenEndpointAuthMethod ?? 'none';
      return credentials(stored.clientId, method, stored.clientSecret, 'registered');
    }
    return register ? this.#register(as) : undefined;
  }

  async #register(as: oauth.AuthorizationServer): Promise<ClientCredentials> {
    if (!as.registration_endpoint) {
      throw new StepUpError(
        'invalid_input',
        `The authorization server ${as.issuer} offers no dynamic client registration` +
          (as.client_id_metadata_document_supported
            ? ' (it accepts Client ID Metadata Documents: pass clientMetadataUrl)'
            : '') +
          '; configure a pre-registered clientId',
      );
    }
    const requested = registrationAuthMethod(as.token_endpoint_auth_methods_supported);
    // No `scope` here: a registered scope becomes an allow-list that would block later step-ups.
    const registered = await oauth.processDynamicClientRegistrationResponse(
      await withDefaultSecretExpiry(
        await oauth.dynamicClientRegistrationRequest(
          as,
          {
            client_name: this.#options.clientName ?? 'MCP step-up reference client',
            application_type: 'native',
            redirect_uris: [REGISTERED_REDIRECT_URI],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: requested,
          },
          this.#http,
        ),
      ),
    );
    const method = AUTH_METHODS.find(
      (m) => m === (registered.token_endpoint_auth_method ?? requested),
    );
    if (!method)
      throw new StepUpError(
        'invalid_input',
        'The authorization server registered this client for token endpoint authentication ' +
          `${JSON.stringify(registered.token_endpoint_auth_method)}, ` +
          'which this client does not support',
      );
    const secret =
      method === 'none' || typeof registered.client_secret !== 'string'
        ? undefined
        : registered.client_secret;
    if (method !== 'none' && !secret)
      throw new StepUpError(
        'invalid_input',
        `The authorization server registered this client for ${method} but issued no client_secret`,
      );
    await this.#store.save({
      ...(await this.#store.load()),
      clientId: registered.client_id,
      clientSecret: secret,
      tokenEndpointAuthMethod: method,
      clientIssuer: as.issuer,
    });
    this.#confirmedClients.add(registered.client_id);
    return credentials(registered.client_id, method, secret, 'registered');
  }
  // #endregion register

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
      await this.#forgetRegistration();
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
    const credentials = (await this.#credentials(as, stored, { register: true }))!;
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

  async #forgetRegistration(): Promise<void> {
    const {
      clientId: _id,
      clientSecret: _secret,
      tokenEndpointAuthMethod: _method,
      clientIssuer: _issuer,
      refreshToken: _refresh,
      ...rest
    } = await this.#store.load();
    await this.#store.save(rest);
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
    const credentials = await this.#credentials(as, stored, { register: false });
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
        await this.#forgetRegistration();
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

/** The authorization server no longer knows the registered client id. */
class RegistrationGone extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`registration gone: ${reason}`);
    this.reason = reason;
  }
}

/** A failed code redemption, as an error the user can act on. */
function tokenEndpointError(err: unknown, credentials: ClientCredentials): Error {
  if (err instanceof oauth.ResponseBodyError) {
    const described = `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
    if (err.error === 'invalid_client') {
      if (credentials.kind === 'registered')
        return new RegistrationGone(`the token endpoint answered ${described}`);
      return new StepUpError(
        'invalid_client',
        `The authorization server refused the ${credentials.kind} client ${credentials.client.client_id} (${described}); check its client id and secret`,
        { cause: err },
      );
    }
    if (err.error === 'invalid_grant') {
      return new StepUpError(
        'code_rejected',
        `The authorization server refused the authorization code (${described}): it was already used, has expired, or belongs to another sign-in. Nothing was changed; run the tool again to sign in afresh.`,
        { cause: err },
      );
    }
    return new StepUpError(
      'token_error',
      `The token endpoint refused the authorization code with HTTP ${err.status} (${described})`,
      { cause: err },
    );
  }
  if (
    err instanceof oauth.OperationProcessingError ||
    err instanceof oauth.UnsupportedOperationError
  ) {
    return new StepUpError(
      'token_error',
      `The token endpoint's answer is not a valid token response: ${err.message}`,
      { cause: err },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** https, or http to a loopback host (RFC 8252 §8.3). */
function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** Where an issuer's metadata may be, in the order MCP 2025-11-25 lists them. */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname.replace(/\/+$/, '');
  const at = (pathname: string) => new URL(pathname, issuer.origin);
  if (!path)
    return [at('/.well-known/oauth-authorization-server'), at('/.well-known/openid-configuration')];
  return [
    at(`/.well-known/oauth-authorization-server${path}`),
    at(`/.well-known/openid-configuration${path}`),
    at(`${path}/.well-known/openid-configuration`),
  ];
}

/**
 * A pre-registered client's method: with a secret, client_secret_basic unless
 * the server lists only client_secret_post (RFC 8414: an absent list means
 * client_secret_basic); without one, none.
 */
export function preferredAuthMethod(
  supported: readonly string[] | undefined,
  hasSecret: boolean,
): TokenEndpointAuthMethod {
  if (!hasSecret) return 'none';
  if (!supported || supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  throw new StepUpError(
    'invalid_input',
    `The authorization server accepts none of client_secret_basic, client_secret_post at its token endpoint (it lists ${supported.join(', ')})`,
  );
}

/** What to ask for when registering: a public client (none) if the server allows it, else a client secret. */
export function registrationAuthMethod(
  supported: readonly string[] | undefined,
): TokenEndpointAuthMethod {
  if (!supported || supported.includes('none')) return 'none';
  return preferredAuthMethod(supported, true);
}

function credentials(
  clientId: string,
  method: TokenEndpointAuthMethod,
  secret: string | undefined,
  kind: ClientCredentials['kind'],
): ClientCredentials {
  const client: oauth.Client = { client_id: clientId, token_endpoint_auth_method: method };
  if (method === 'none') return { client, auth: oauth.None(), kind };
  if (!secret)
    throw new StepUpError(
      'invalid_input',
      `The ${kind} client ${clientId} authenticates with ${method} but no client secret was given`,
    );
  return {
    client,
    auth:
      method === 'client_secret_basic' ? clientSecretBasic(secret) : oauth.ClientSecretPost(secret),
    kind,
  };
}

/**
 * RFC 7591 requires client_secret_expires_at with a client_secret; some servers
 * omit it. Read the omission as 0 ("does not expire"): if the secret does
 * expire, the token endpoint answers invalid_client and the client registers again.
 */
async function withDefaultSecretExpiry(response: Response): Promise<Response> {
  if (response.status !== 201) return response;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return response; // oauth4webapi reports the broken body
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return response;
  const fields = body as Record<string, unknown>;
  if (typeof fields.client_secret !== 'string' || 'client_secret_expires_at' in fields)
    return response;
  return new Response(JSON.stringify({ ...fields, client_secret_expires_at: 0 }), {
    status: 201,
    headers: response.headers,
  });
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
