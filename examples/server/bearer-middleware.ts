// Bearer-token protection for an MCP endpoint on Express, ready to copy:
// verifies the access token (a JWT from your authorization server), answers
// 401 with a challenge a client can sign in from, and 403 insufficient_scope
// naming the scopes a tool call needs (RFC 6750 §3, RFC 9728 §5.1, MCP
// authorization). It knows nothing about the reference server's scenarios:
// what to answer for a tool call is a policy you pass in; `fullSetPolicy` is
// the one to use.
import type { AuthInfo, ScopeChallengeHandler } from '@modelcontextprotocol/server';
import type express from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

export interface VerifiedToken {
  scopes: ReadonlySet<string>;
  claims: JWTPayload & {
    scope?: string;
    client_id?: string;
    grant_id?: string;
    consented_at?: number;
  };
}

export interface ChallengeParams {
  error: string;
  scope?: string;
  error_description: string;
}

// #region bearer-challenge
/** Serializes a Bearer challenge; quoted-string escaping per RFC 9110 §5.6.4. */
export function bearerChallenge(params: Record<string, string | undefined>): string {
  const quoted = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}="${value!.replace(/["\\]/g, '\\$&')}"`);
  return quoted.length ? `Bearer ${quoted.join(', ')}` : 'Bearer';
}
// #endregion bearer-challenge

const jsonRpcError = (code: number, message: string, id: unknown = null, data?: unknown) => ({
  jsonrpc: '2.0',
  id,
  error: { code, message, ...(data === undefined ? {} : { data }) },
});

export interface BearerOptions {
  /** Your MCP endpoint, e.g. https://mcp.example.com/mcp: the token's audience. */
  resource: string;
  issuer: string;
  jwksUri: string;
  /** Where your protected resource metadata is (RFC 9728). */
  resourceMetadataUrl: string;
  /** What the 401 asks for: the scopes a first sign-in should take. */
  firstSignInScopes: readonly string[];
  /** JWS algorithms your authorization server signs access tokens with. */
  algorithms?: string[];
  /** Whether the grant behind a token still exists; makes revocation take effect before the JWT expires. */
  isGrantActive?: (grantId: string) => Promise<boolean>;
}

// #region verify-token
/**
 * 401 unless the request carries a valid access token for this resource;
 * the token lands in res.locals.token.
 */
export function requireBearerToken(options: BearerOptions): express.RequestHandler {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri));
  const unauthorized = (res: express.Response, params: Partial<ChallengeParams> = {}) => {
    res
      .status(401)
      .set(
        'WWW-Authenticate',
        bearerChallenge({
          ...params,
          scope: options.firstSignInScopes.join(' '),
          resource_metadata: options.resourceMetadataUrl,
        }),
      )
      .json(jsonRpcError(-32001, params.error_description ?? 'Authentication required'));
  };

  return async (req, res, next) => {
    const header = req.get('authorization');
    if (!header) return unauthorized(res); // no token: no error code (RFC 6750 §3.1)
    // RFC 6750 §2.1: the token comes in the Authorization header only.
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match)
      return unauthorized(res, {
        error: 'invalid_request',
        error_description: 'Malformed Authorization header',
      });
    let claims: VerifiedToken['claims'];
    try {
      ({ payload: claims } = await jwtVerify<VerifiedToken['claims']>(match[1]!, jwks, {
        issuer: options.issuer,
        // A token for another resource is refused (MCP token audience binding).
        audience: options.resource,
        typ: 'at+jwt',
        algorithms: options.algorithms ?? ['ES256'],
      }));
    } catch (err) {
      const reason =
        err instanceof joseErrors.JWTExpired
          ? 'The access token expired'
          : err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud'
            ? 'The access token is for another resource'
            : 'The access token is invalid';
      return unauthorized(res, { error: 'invalid_token', error_description: reason });
    }
    if (
      options.isGrantActive &&
      !(typeof claims.grant_id === 'string' && (await options.isGrantActive(claims.grant_id)))
    ) {
      return unauthorized(res, {
        error: 'invalid_token',
        error_description: 'The access token was revoked',
      });
    }
    const token: VerifiedToken = {
      scopes: new Set((claims.scope ?? '').split(' ').filter(Boolean)),
      claims,
    };
    res.locals.token = token;
    next();
  };
}
// #endregion verify-token

/** What to answer for one tool call. */
export type ToolVerdict =
  | { allowed: true }
  /** HTTP 403 with this challenge; `resourceMetadataUrl` overrides the usual one. */
  | { allowed: false; status: 403; challenge: ChallengeParams; resourceMetadataUrl?: string }
  /** HTTP 200 with a JSON-RPC error (not a step-up signal under the MCP spec). */
  | { allowed: false; status: 200; message: string; data?: unknown };

export type ToolPolicy = (call: { tool: string; token: VerifiedToken }) => ToolVerdict;

// #region full-set
/**
 * The policy to copy. A call the token does not cover gets a 403 naming what
 * the token has plus what the call needs, in one challenge: clients that
 * replace their scope (MCP 2025-11-25) and clients that union it (2026-07-28)
 * both end up with everything, without a consent screen per missing scope.
 */
export function fullSetPolicy(
  toolScopes: ReadonlyMap<string, readonly string[]>,
  scopeOrder: readonly string[],
): ToolPolicy {
  return ({ tool, token }) => {
    const needed = toolScopes.get(tool) ?? [];
    if (needed.every((s) => token.scopes.has(s))) return { allowed: true };
    const wanted = new Set([...token.scopes, ...needed]);
    return {
      allowed: false,
      status: 403,
      challenge: {
        error: 'insufficient_scope',
        scope: scopeOrder.filter((s) => wanted.has(s)).join(' '),
        error_description: `${tool} requires ${needed.join(' and ')}`,
      },
    };
  };
}
// #endregion full-set

export interface ToolScopeOptions {
  resourceMetadataUrl: string;
  /** Every tool the server has; any other name is answered as unknown (JSON-RPC -32602). */
  knownTools: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  policy: ToolPolicy;
  /**
   * The MCP SDK 2.x answers plain insufficient_scope challenges itself, from
   * each tool's `scopeChallenge` hook (see toolScopeChallenge): pass them on.
   */
  sdkAnswersScopeChallenges?: boolean;
}

type SdkChallenge = { scopes: [string, ...string[]]; errorDescription: string };

/** A verdict the SDK 2.x hook can express: 403 insufficient_scope naming scopes, usual metadata. */
function sdkChallenge(verdict: ToolVerdict): SdkChallenge | undefined {
  if (verdict.allowed || verdict.status !== 403 || verdict.resourceMetadataUrl) return undefined;
  const scopes = (verdict.challenge.scope ?? '').split(' ').filter(Boolean);
  if (verdict.challenge.error !== 'insufficient_scope' || !scopes.length) return undefined;
  const errorDescription = verdict.challenge.error_description;
  return { scopes: scopes as [string, ...string[]], errorDescription };
}

/** The AuthInfo the MCP SDK 2.x hands to handlers and scope hooks, from a verified token. */
export function authInfo(
  token: VerifiedToken,
  resource: string,
  resourceMetadataUrl: string,
): AuthInfo {
  return {
    token: '[verified]', // the hooks need the scopes, not the token itself
    clientId: token.claims.client_id ?? '',
    scopes: [...token.scopes],
    ...(token.claims.exp === undefined ? {} : { expiresAt: token.claims.exp }),
    resource: new URL(resource),
    resourceMetadataUrl,
    extra: { verified: token },
  };
}

// #region scope-challenge-hook
/**
 * The same policy as a tool's `scopeChallenge` hook in the MCP SDK 2.x
 * (@modelcontextprotocol/server): the SDK answers 403 insufficient_scope
 * with these scopes, for 2025-11-25 and 2026-07-28 requests alike.
 */
export function toolScopeChallenge(tool: string, policy: ToolPolicy): ScopeChallengeHandler {
  return ({ authInfo }) => {
    const token = authInfo?.extra?.verified as VerifiedToken | undefined;
    return token ? sdkChallenge(policy({ tool, token })) : undefined;
  };
}
// #endregion scope-challenge-hook

// #region require-scopes
/**
 * Runs after requireBearerToken and express.json(), before the MCP transport,
 * so a tool call the token does not cover can still get HTTP 403.
 */
export function requireToolScopes(options: ToolScopeOptions): express.RequestHandler {
  return (req, res, next) => {
    const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    for (const message of messages as {
      method?: unknown;
      id?: unknown;
      params?: { name?: unknown };
    }[]) {
      if (message?.method !== 'tools/call') continue;
      const tool = String(message.params?.name ?? '');
      const id = message.id ?? null;
      // A Map or Set: a tool named "constructor" is just unknown.
      if (!options.knownTools.has(tool))
        return void res
          .status(200)
          .json(jsonRpcError(-32602, `Unknown tool: ${tool.slice(0, 100)}`, id));
      const verdict = options.policy({ tool, token: res.locals.token as VerifiedToken });
      if (verdict.allowed) continue;
      if (options.sdkAnswersScopeChallenges && sdkChallenge(verdict)) continue;
      if (verdict.status === 200)
        return void res.status(200).json(jsonRpcError(-32003, verdict.message, id, verdict.data));
      res
        .status(403)
        .set(
          'WWW-Authenticate',
          bearerChallenge({
            ...verdict.challenge,
            resource_metadata: verdict.resourceMetadataUrl ?? options.resourceMetadataUrl,
          }),
        )
        .json(jsonRpcError(-32003, verdict.challenge.error_description, id));
      return;
    }
    next();
  };
}
// #endregion require-scopes
