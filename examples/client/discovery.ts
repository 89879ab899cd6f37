// Discovery for one MCP server: its protected resource metadata (RFC 9728),
// then its authorization server's metadata (RFC 8414 / OpenID Connect
// Discovery), each checked before the client trusts it. Plain functions: the
// session passes in the MCP server URL and the recording fetch.
import * as oauth from 'oauth4webapi';
import { StepUpError } from './errors.ts';
import { isLoopbackHost } from '../shared/loopback.ts';

/** What the client learned about the MCP server and its authorization server. */
export interface Discovered {
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

/** oauth4webapi's request options: the recording fetch, and whether plain http is allowed. */
export interface OAuthHttp {
  [oauth.customFetch]: RecordingFetch;
  [oauth.allowInsecureRequests]: boolean;
}

/** What discovery needs from the session. */
export interface DiscoveryContext {
  /** The MCP server URL: the resource its metadata must name. */
  resource: URL;
  /** The recording fetch (the session's transcript). */
  fetch: (input: URL, init: RequestInit) => Promise<Response>;
  /** The same fetch, as oauth4webapi takes it. */
  http: OAuthHttp;
}

type ResourceMetadata = { url: string; resource: oauth.ResourceServer };

// #region discover
/**
 * RFC 9728 then RFC 8414 / OpenID Connect Discovery, in the order the MCP
 * 2025-11-25 spec lists. A challenge may point at new metadata: fetch and
 * validate it again. `known` is what the session discovered before, if anything.
 */
export async function discover(
  ctx: DiscoveryContext,
  known: Discovered | undefined,
  resourceMetadataUrl?: string,
): Promise<Discovered> {
  if (known && (!resourceMetadataUrl || resourceMetadataUrl === known.resourceMetadataUrl))
    return known;
  const { url, resource } = resourceMetadataUrl
    ? await resourceMetadataAt(ctx, resourceMetadataUrl)
    : await findResourceMetadata(ctx);
  const issuer = resource.authorization_servers?.[0];
  if (!issuer)
    throw new StepUpError(
      'resource_mismatch',
      `The protected resource metadata at ${url} names no authorization server`,
    );
  const as =
    known?.as.issuer === issuer ? known.as : await authorizationServerMetadata(ctx, issuer);
  // MCP: refuse an authorization server that does not advertise PKCE S256.
  if (!as.code_challenge_methods_supported?.includes('S256')) {
    throw new StepUpError(
      'invalid_input',
      `The authorization server ${issuer} does not advertise PKCE S256; ` +
        'MCP clients must not use it',
    );
  }
  return { resourceMetadataUrl: url, resource, as };
}
// #endregion discover

/** The document a challenge's resource_metadata names: its resource must be this MCP server. */
export async function resourceMetadataAt(
  ctx: DiscoveryContext,
  resourceMetadataUrl: string,
): Promise<ResourceMetadata> {
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
  const response = await ctx.fetch(parsed, {
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
    resource: await validResourceMetadata(ctx.resource, resourceMetadataUrl, response, [
      ctx.resource,
    ]),
  };
}

/**
 * RFC 9728 §3.1: the path-inserted location first
 * (/.well-known/oauth-protected-resource/mcp), then the root, whose metadata
 * describes the origin. Only a failed fetch falls back; a document for
 * another resource is refused at once.
 */
export async function findResourceMetadata(ctx: DiscoveryContext): Promise<ResourceMetadata> {
  const pathInserted = await oauth.resourceDiscoveryRequest(ctx.resource, ctx.http);
  if (pathInserted.status === 200)
    return {
      url: pathInserted.url,
      resource: await validResourceMetadata(ctx.resource, pathInserted.url, pathInserted, [
        ctx.resource,
      ]),
    };
  await pathInserted.body?.cancel();
  const tried = [`GET ${pathInserted.url} answered ${pathInserted.status}`];
  const rootUrl = new URL('/.well-known/oauth-protected-resource', ctx.resource);
  if (rootUrl.href !== pathInserted.url) {
    const root = await ctx.fetch(rootUrl, {
      headers: { accept: 'application/json' },
    });
    // The root document may name the origin (RFC 9728) or the MCP endpoint itself.
    if (root.status === 200)
      return {
        url: rootUrl.href,
        resource: await validResourceMetadata(ctx.resource, rootUrl.href, root, [
          ctx.resource,
          new URL(ctx.resource.origin),
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

/**
 * The metadata document at `url`, valid and naming one of the `accepted`
 * resources (the last one tried reports the mismatch with the MCP server URL).
 */
export async function validResourceMetadata(
  mcpUrl: URL,
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
          `The protected resource metadata at ${url} is not for ${mcpUrl.href}: its "resource" must equal the MCP server URL exactly, so the client will not send tokens there`,
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
export async function authorizationServerMetadata(
  ctx: Pick<DiscoveryContext, 'fetch'>,
  issuer: string,
): Promise<oauth.AuthorizationServer> {
  const issuerUrl = URL.parse(issuer);
  if (!issuerUrl || !isSecureUrl(issuerUrl))
    throw new StepUpError(
      'metadata_invalid',
      `The authorization server ${JSON.stringify(issuer)} is not an https URL (http is allowed only for loopback)`,
    );
  const tried: string[] = [];
  for (const url of authorizationServerMetadataUrls(issuerUrl)) {
    const response = await ctx.fetch(url, {
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

/** https, or http to a loopback host (RFC 8252 §8.3). */
export function isSecureUrl(url: URL): boolean {
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
