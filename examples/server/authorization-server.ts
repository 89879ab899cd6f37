// The authorization server: oidc-provider (an OpenID-certified implementation)
// configured for MCP: discovery (RFC 8414), pre-registered clients, Client ID
// Metadata Documents and dynamic client registration (RFC 7591), authorization
// code with PKCE S256 only, refresh tokens, and JWT access tokens bound to the
// MCP server as resource (RFC 8707).
import { randomBytes } from 'node:crypto';
import express from 'express';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import {
  allowLoopbackMetadataDocuments,
  dropRegisteredScope,
  preRegisteredClients,
  staticClientMetadata,
  type PreRegisteredClients,
} from './clients.ts';
import {
  interactionPolicyWithFreshness,
  memoryConsentLog,
  type ConsentFreshness,
  type ConsentLog,
} from './consent-freshness.ts';
import { renderErrorPage } from './consent-page.ts';
import { consentRoutes } from './consent-routes.ts';
import type { Store } from './store/sqlite-store.ts';
import { BASELINE_SCOPES, OIDC_SCOPES, SCOPES_SUPPORTED } from './scopes.ts';

export { DEMO_ACCOUNT } from './consent-routes.ts';

export interface AuthorizationServerOptions {
  issuer: string;
  /** The MCP server URL: the only resource this server issues tokens for. */
  resource: string;
  accessTokenTtlSeconds: number;
  /** If set, the first access token each client gets lives this long (the short-lived-token scenario). */
  firstAccessTokenTtlSeconds?: number;
  /** Consent given before `consentRequiredAfter` must be given again; shared with the MCP server. */
  consentFreshness?: ConsentFreshness;
  preRegistered?: PreRegisteredClients;
  /** Keys to sign with, as a deployment loads them from its secrets; without them, the store's (made once). */
  keys?: ServerKeys;
  /** Where clients, grants and tokens live; without one, oidc-provider's development memory store (evicts, forgets on restart). */
  store?: Store;
}

export interface AuthorizationServer {
  provider: Provider;
  app: express.Express;
  /** When each grant last received the user's consent. */
  consentLog: ConsentLog;
  preRegistered: PreRegisteredClients;
}

async function newSigningKeys() {
  const keys = [];
  for (const alg of ['RS256', 'ES256'] as const) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    keys.push({
      ...(await exportJWK(privateKey)),
      alg,
      use: 'sig',
      kid: `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`,
    });
  }
  return keys;
}

/** What the authorization server signs tokens and cookies with. */
export interface ServerKeys {
  jwks: Awaited<ReturnType<typeof newSigningKeys>>;
  cookies: string[];
  csrf: string;
}

/** New signing and cookie keys (an RSA key takes some 60 ms of CPU to make). */
export async function newServerKeys(): Promise<ServerKeys> {
  return {
    jwks: await newSigningKeys(),
    cookies: [randomBytes(32).toString('base64url')],
    csrf: randomBytes(32).toString('base64url'),
  };
}

/** Signing and cookie keys, kept in the store so a restart does not invalidate issued tokens. */
async function keysFrom(store: Store | undefined): Promise<ServerKeys> {
  const saved = store?.getSetting('keys');
  if (saved) return JSON.parse(saved) as ServerKeys;
  const keys = await newServerKeys();
  store?.setSetting('keys', JSON.stringify(keys));
  return keys;
}

export async function createAuthorizationServer(
  options: AuthorizationServerOptions,
): Promise<AuthorizationServer> {
  const consentLog = options.store?.consentLog ?? memoryConsentLog();
  const keys = options.keys ?? (await keysFrom(options.store));
  const consentFreshness = options.consentFreshness ?? {};
  const preRegistered = options.preRegistered ?? preRegisteredClients();

  // Only the first code exchange per client is short-lived, so a refreshed or
  // stepped-up token never expires in the middle of a slow test.
  const gotShortToken = new Set<string>();
  const accessTokenTtl = (ctx: KoaContextWithOIDC): number => {
    const clientId = ctx.oidc.client?.clientId;
    if (
      options.firstAccessTokenTtlSeconds === undefined ||
      ctx.oidc.params?.grant_type !== 'authorization_code' ||
      !clientId ||
      gotShortToken.has(clientId)
    ) {
      return options.accessTokenTtlSeconds;
    }
    gotShortToken.add(clientId);
    return options.firstAccessTokenTtlSeconds;
  };

  const configuration: Configuration = {
    jwks: { keys: keys.jwks },
    cookies: { keys: keys.cookies },
    ...(options.store ? { adapter: options.store.adapter } : {}),
    responseTypes: ['code'],
    clients: staticClientMetadata(preRegistered),
    // A registered `scope` would become an allow-list; see clients.ts.
    extraClientMetadata: { properties: ['scope'], validator: dropRegisteredScope },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    // Browser-based clients (the Inspector) call the token endpoint from the
    // origin of their redirect URI; only public clients, as oidc-provider's default.
    clientBasedCORS: (_ctx, origin, client) =>
      origin !== 'null' &&
      client.clientAuthMethod === 'none' &&
      (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin),
    // Every client must use PKCE; oidc-provider only offers S256.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      registration: { enabled: true },
      // URL-formatted client_ids (MCP 2025-11-25): https ones here, loopback http ones in clients.ts.
      clientIdMetadataDocument: { enabled: true, ack: 'draft-02' },
      // A client may revoke only its own tokens (RFC 7009 §2.1).
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo(ctx, resourceIndicator) {
          if (resourceIndicator !== options.resource)
            throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
          return {
            scope: SCOPES_SUPPORTED.join(' '),
            audience: options.resource,
            accessTokenTTL: accessTokenTtl(ctx),
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    // A refresh token for every client allowed to use the grant; MCP clients
    // do not ask for offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // consented_at lets the MCP server tell a renewed consent from a refreshed
    // token; grant_id lets it check that the grant was not revoked since.
    extraTokenClaims: async (_ctx, token) => {
      const grantId = 'grantId' in token ? token.grantId : undefined;
      if (!grantId) return undefined;
      const at = await consentLog.get(grantId);
      return { grant_id: grantId, ...(at === undefined ? {} : { consented_at: at }) };
    },
    ttl: {
      AccessToken: (_ctx, token) =>
        token.resourceServer?.accessTokenTTL ?? options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Grant: 14 * 24 * 3600,
      Interaction: 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
    },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      // The default prompts, plus: consent older than the resource accepts is asked again.
      policy: interactionPolicyWithFreshness(consentFreshness, consentLog),
    },
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage('Sign-in failed', `${out.error}: ${out.error_description ?? ''}`);
    },
  };

  const provider = new Provider(options.issuer, configuration);
  allowLoopbackMetadataDocuments(provider);
  // RFC 8414 scopes_supported: oidc-provider lists only its OpenID scopes; the
  // notes:* scopes it issues for the MCP server belong there too.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'discovery' && ctx.body && typeof ctx.body === 'object') {
      (ctx.body as Record<string, unknown>).scopes_supported = [
        ...OIDC_SCOPES,
        ...SCOPES_SUPPORTED,
      ];
    }
  });
  // #region default-scope
  // RFC 6749 §3.3: a request without `scope` gets a default one, the first
  // sign-in's (MCP clients omit it when nothing names a scope). oidc-provider
  // would otherwise end it with access_denied, since no scope was granted.
  provider.use(async (ctx, next) => {
    const authorize = ctx.path === '/auth' && ctx.method === 'GET' && ctx.query.client_id;
    if (authorize && ctx.query.scope === undefined) {
      ctx.query = { ...ctx.query, scope: BASELINE_SCOPES.join(' ') };
    }
    await next();
  });
  // #endregion default-scope
  const app = express();
  app.disable('x-powered-by');
  app.use(
    consentRoutes({
      provider,
      issuer: options.issuer,
      resource: options.resource,
      consentLog,
      preRegistered,
      csrfSecret: keys.csrf,
    }),
  );
  app.use(provider.callback());
  return { provider, app, consentLog, preRegistered };
}
