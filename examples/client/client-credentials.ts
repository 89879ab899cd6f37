// The client id and how it proves itself at the token endpoint: pre-registered
// credentials, a Client ID Metadata Document URL, or a dynamic registration
// (RFC 7591) kept in the store. Also what a refusal at the token endpoint
// means for them. Plain functions: the session passes in what they need.
import * as oauth from 'oauth4webapi';
import { REGISTERED_REDIRECT_URI } from './callback.ts';
import { clientSecretBasic } from './client-auth.ts';
import type { OAuthHttp } from './discovery.ts';
import { StepUpError } from './errors.ts';
import type { AuthStore, StoredAuth } from './store.ts';

export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';
export const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'none',
  'client_secret_basic',
  'client_secret_post',
];

/** The client id and how it proves itself at the token endpoint. */
export interface ClientCredentials {
  client: oauth.Client;
  auth: oauth.ClientAuth;
  /** How this client id was obtained, for the transcript and error messages. */
  kind: 'pre-registered' | 'metadata-document' | 'registered';
}

/** The session options that decide the client id (part of SessionOptions). */
export interface ClientOptions {
  clientName?: string;
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

/** What finding or registering a client needs from the session. */
export interface ClientContext {
  options: ClientOptions;
  /** Where a registration is kept. */
  store: AuthStore;
  /** Registered client ids the authorization server accepted during this session. */
  confirmedClients: Set<string>;
  http: OAuthHttp;
}

// #region register
/**
 * The client id, in the order MCP 2025-11-25 ranks them: pre-registered
 * credentials, then a Client ID Metadata Document URL when the server
 * supports it, then a stored or new dynamic registration (RFC 7591).
 */
export async function clientCredentials(
  ctx: ClientContext,
  as: oauth.AuthorizationServer,
  stored: StoredAuth,
  { register: registerIfNone }: { register: boolean },
): Promise<ClientCredentials | undefined> {
  const { clientId, clientSecret, clientMetadataUrl } = ctx.options;
  if (clientId) {
    const method =
      ctx.options.tokenEndpointAuthMethod ??
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
  return registerIfNone ? register(ctx, as) : undefined;
}

export async function register(
  ctx: ClientContext,
  as: oauth.AuthorizationServer,
): Promise<ClientCredentials> {
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
          client_name: ctx.options.clientName ?? 'MCP step-up reference client',
          application_type: 'native',
          redirect_uris: [REGISTERED_REDIRECT_URI],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: requested,
        },
        ctx.http,
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
  await ctx.store.save({
    ...(await ctx.store.load()),
    clientId: registered.client_id,
    clientSecret: secret,
    tokenEndpointAuthMethod: method,
    clientIssuer: as.issuer,
  });
  ctx.confirmedClients.add(registered.client_id);
  return credentials(registered.client_id, method, secret, 'registered');
}
// #endregion register

/** Deletes the stored registration (and the refresh token issued to it). */
export async function forgetRegistration(store: AuthStore): Promise<void> {
  const {
    clientId: _id,
    clientSecret: _secret,
    tokenEndpointAuthMethod: _method,
    clientIssuer: _issuer,
    refreshToken: _refresh,
    ...rest
  } = await store.load();
  await store.save(rest);
}

/** The authorization server no longer knows the registered client id. */
export class RegistrationGone extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`registration gone: ${reason}`);
    this.reason = reason;
  }
}

/** A failed code redemption, as an error the user can act on. */
export function tokenEndpointError(err: unknown, credentials: ClientCredentials): Error {
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

/** Credentials for a client id: oauth4webapi's client, and its token endpoint authentication. */
export function credentials(
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
export async function withDefaultSecretExpiry(response: Response): Promise<Response> {
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
