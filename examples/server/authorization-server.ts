// The authorization server: oidc-provider (an OpenID-certified implementation)
// configured for MCP: discovery (RFC 8414), pre-registered clients, Client ID
// Metadata Documents and dynamic client registration (RFC 7591), authorization
// code with PKCE S256 only, refresh tokens, and JWT access tokens bound to the
// MCP server as resource (RFC 8707).
import { randomBytes } from 'node:crypto';
import express from 'express';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { allowLoopbackMetadataDocuments, clientKind, dropRegisteredScope, preRegisteredClients, staticClientMetadata, type PreRegisteredClients } from './clients.ts';
import { interactionPolicyWithFreshness, memoryConsentLog, type ConsentFreshness, type ConsentLog } from './consent-freshness.ts';
import { renderConsentPage, renderErrorPage } from './consent-page.ts';
import { isSupportedScope, OIDC_SCOPES, SCOPES_SUPPORTED } from './scopes.ts';

/** The one demo account. Signing in is not the subject here, so it is automatic. */
export const DEMO_ACCOUNT = 'alice';

export interface AuthorizationServerOptions {
  issuer: string;
  /** The MCP server URL: the only resource this server issues tokens for. */
  resource: string;
  accessTokenTtlSeconds: number;
  /** If set, the first access token each client gets lives this long (the short-lived-token scenario). */
  firstAccessTokenTtlSeconds?: number;
  /** Consent given before `consentRequiredAfter` must be given again; shared with the MCP server. */
  consentFreshness?: ConsentFreshness;
  consentLog?: ConsentLog;
  preRegistered?: PreRegisteredClients;
}

export interface AuthorizationServer {
  provider: Provider;
  app: express.Express;
  /** When each grant last received the user's consent. */
  consentLog: ConsentLog;
  preRegistered: PreRegisteredClients;
}

async function signingKeys() {
  const keys = [];
  for (const alg of ['RS256', 'ES256'] as const) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    keys.push({ ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}` });
  }
  return keys;
}

export async function createAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const consentLog = options.consentLog ?? memoryConsentLog();
  const consentFreshness = options.consentFreshness ?? {};
  const preRegistered = options.preRegistered ?? preRegisteredClients();

  // Only the first code exchange per client is short-lived, so a refreshed or
  // stepped-up token never expires in the middle of a slow test.
  const gotShortToken = new Set<string>();
  const accessTokenTtl = (ctx: KoaContextWithOIDC): number => {
    const clientId = ctx.oidc.client?.clientId;
    if (options.firstAccessTokenTtlSeconds === undefined || ctx.oidc.params?.grant_type !== 'authorization_code' || !clientId || gotShortToken.has(clientId)) {
      return options.accessTokenTtlSeconds;
    }
    gotShortToken.add(clientId);
    return options.firstAccessTokenTtlSeconds;
  };

  const configuration: Configuration = {
    jwks: { keys: await signingKeys() },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    responseTypes: ['code'],
    clients: staticClientMetadata(preRegistered),
    // A registered `scope` would become an allow-list; see clients.ts.
    extraClientMetadata: { properties: ['scope'], validator: dropRegisteredScope },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    // Every client must use PKCE; oidc-provider only offers S256.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      // URL-formatted client_ids (MCP 2025-11-25): https ones here, loopback http ones in clients.ts.
      clientIdMetadataDocument: { enabled: true, ack: 'draft-02' },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo(ctx, resourceIndicator) {
          if (resourceIndicator !== options.resource) throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
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
    // Lets the MCP server tell a renewed consent from a refreshed token.
    extraTokenClaims: async (_ctx, token) => {
      const grantId = 'grantId' in token ? token.grantId : undefined;
      const at = grantId ? await consentLog.get(grantId) : undefined;
      return at === undefined ? undefined : { consented_at: at };
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? options.accessTokenTtlSeconds,
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
      (ctx.body as Record<string, unknown>).scopes_supported = [...OIDC_SCOPES, ...SCOPES_SUPPORTED];
    }
  });
  const app = express();
  app.disable('x-powered-by');
  const form = express.urlencoded({ extended: false });

  // Consent screen. Login is automatic for the demo account.
  app.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: DEMO_ACCOUNT } }, { mergeWithLastSubmission: false });
        return;
      }
      const client = await provider.Client.find(String(details.params.client_id));
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
      const resource = String(details.params.resource ?? options.resource);
      const granted = new Set((grant?.getResourceScope(resource) ?? '').split(' ').filter(Boolean));
      const requested = String(details.params.scope ?? '').split(' ').filter(Boolean);
      res.type('html').send(
        renderConsentPage({
          uid: details.uid,
          clientName: client?.clientName ?? String(details.params.client_id),
          clientId: String(details.params.client_id),
          clientKind: clientKind(client, preRegistered),
          redirectUri: String(details.params.redirect_uri ?? ''),
          resource,
          account: DEMO_ACCOUNT,
          requested,
          alreadyGranted: granted,
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  app.post('/interaction/:uid/confirm', form, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'consent') throw new errors.InvalidRequest('no consent is pending for this sign-in');
      const accountId = details.session?.accountId ?? DEMO_ACCOUNT;
      const clientId = String(details.params.client_id);
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId });
      if (!grant) throw new errors.InvalidRequest('the grant for this sign-in no longer exists');
      const resource = String(details.params.resource ?? options.resource);
      const requested = String(details.params.scope ?? '').split(' ').filter(Boolean);
      const resourceScopes = requested.filter(isSupportedScope);
      if (resourceScopes.length) grant.addResourceScope(resource, resourceScopes.join(' '));
      // offline_access and openid, when asked for, are granted with the rest in
      // this one Approve; left out, the consent prompt would come back forever.
      const oidcScopes = requested.filter((s) => (OIDC_SCOPES as readonly string[]).includes(s));
      if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
      const missingClaims = (details.prompt.details as { missingOIDCClaims?: string[] }).missingOIDCClaims;
      if (missingClaims?.length) grant.addOIDCClaims(missingClaims);
      const grantId = await grant.save();
      await consentLog.set(grantId, Date.now());
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (err) {
      next(err);
    }
  });

  app.post('/interaction/:uid/abort', form, async (req, res, next) => {
    try {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user denied the request' },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      next(err);
    }
  });

  // An expired or unknown interaction is a user-facing page, never a stack trace.
  app.use('/interaction', (err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const message = err instanceof errors.OIDCProviderError ? err.error_description ?? err.message : 'Something went wrong.';
    res.status(err instanceof errors.OIDCProviderError ? err.statusCode : 500)
      .type('html')
      .send(renderErrorPage('This sign-in cannot continue', `${message} Start again from your MCP client.`));
  });

  app.use(provider.callback());
  return { provider, app, consentLog, preRegistered };
}
