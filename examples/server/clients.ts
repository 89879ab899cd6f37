// The three ways an MCP client can be known to the authorization server, as
// the MCP 2025-11-25 specification ranks them: pre-registered, a Client ID
// Metadata Document (a URL as client_id), and dynamic registration (RFC 7591).
import { randomBytes } from 'node:crypto';
import { errors, type ClientMetadata, type Provider } from 'oidc-provider';
import { isLoopbackHost } from '../shared/loopback.ts';

export type ClientKind = 'pre-registered' | 'metadata-document' | 'dynamic';

export interface PreRegisteredClients {
  /** A public client (PKCE, no secret), as a desktop app shipped with a known id. */
  publicClientId: string;
  /** A confidential client that authenticates with HTTP Basic (client_secret_basic). */
  confidentialClientId: string;
  /** A confidential client that sends its secret in the form (client_secret_post). */
  confidentialPostClientId: string;
  /** The secret of both confidential clients. Never logged. */
  clientSecret: string;
}

// Loopback redirect URIs: for native clients the port is free (RFC 8252 §7.3).
const LOOPBACK_REDIRECTS = ['http://127.0.0.1/callback', 'http://localhost/callback'];

export function preRegisteredClients(
  secret = process.env.PRE_REGISTERED_CLIENT_SECRET,
): PreRegisteredClients {
  return {
    publicClientId: 'notes-public-client',
    confidentialClientId: 'notes-confidential-client',
    confidentialPostClientId: 'notes-confidential-post-client',
    clientSecret: secret || randomBytes(24).toString('base64url'),
  };
}

export function staticClientMetadata(clients: PreRegisteredClients): ClientMetadata[] {
  const common = {
    application_type: 'native' as const,
    redirect_uris: LOOPBACK_REDIRECTS,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code' as const],
  };
  return [
    {
      ...common,
      client_id: clients.publicClientId,
      client_name: 'Notes desktop (pre-registered)',
      token_endpoint_auth_method: 'none',
    },
    {
      ...common,
      client_id: clients.confidentialClientId,
      client_name: 'Notes service (pre-registered)',
      client_secret: clients.clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      ...common,
      client_id: clients.confidentialPostClientId,
      client_name: 'Notes service, form auth (pre-registered)',
      client_secret: clients.clientSecret,
      token_endpoint_auth_method: 'client_secret_post',
    },
  ];
}

// #region registered-scope
/**
 * oidc-provider treats a client's registered `scope` as an allow-list, and
 * MCP clients register the scope of their first sign-in (RFC 7591 §2): kept,
 * it would refuse every later step-up. What a client may get is decided at
 * consent time instead, so the registered scope is dropped (RFC 7591 §3.2.1
 * lets the server replace requested metadata; the response shows the result).
 */
export function dropRegisteredScope(
  _ctx: unknown,
  key: string,
  _value: unknown,
  metadata: Record<string, unknown>,
): void {
  if (key === 'scope') delete metadata.scope;
}
// #endregion registered-scope

const MAX_DOCUMENT_BYTES = 5 * 1024;

/** An http:// client_id on a loopback host: allowed for local development and tests only. */
export function isLoopbackMetadataUrl(id: string): boolean {
  const url = URL.parse(id);
  return (
    url !== null &&
    url.protocol === 'http:' &&
    isLoopbackHost(url.hostname) &&
    url.pathname !== '/' &&
    !url.hash &&
    !url.username
  );
}

async function fetchLoopbackDocument(id: string): Promise<Record<string, unknown>> {
  const failed = (why: string) => new errors.InvalidClient(`client_id metadata document: ${why}`);
  let response: Response;
  try {
    response = await fetch(id, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(3000),
    });
  } catch {
    throw failed('fetch failed');
  }
  if (response.status !== 200) throw failed(`fetch answered ${response.status}`);
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) throw failed('document too large');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw failed('not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw failed('not a JSON object');
  const properties = document as Record<string, unknown>;
  if (properties.client_id !== id) throw failed('client_id does not match the document URL');
  if (
    'client_secret' in properties ||
    (properties.token_endpoint_auth_method !== undefined &&
      properties.token_endpoint_auth_method !== 'none')
  ) {
    throw failed(
      'a metadata document client must be public (token_endpoint_auth_method none, no secret)',
    );
  }
  return properties;
}

/**
 * oidc-provider fetches Client ID Metadata Documents only from https URLs on
 * public addresses (it refuses loopback to stop server-side request forgery).
 * Local clients and the tests serve theirs on http://127.0.0.1, so this adds
 * loopback http URLs, with the same checks, in front of oidc-provider's lookup.
 */
export function allowLoopbackMetadataDocuments(provider: Provider): void {
  const Client = provider.Client;
  const find = Client.find.bind(Client);
  Client.find = async (id: string) => {
    if (typeof id !== 'string' || !isLoopbackMetadataUrl(id)) return find(id);
    const properties = await fetchLoopbackDocument(id);
    let client;
    try {
      // The third argument marks it as a metadata-document client, as oidc-provider does for https ones.
      client = new (
        Client as unknown as new (
          m: unknown,
          ctx: unknown,
          o: { cimd: boolean },
        ) => InstanceType<typeof Client>
      )(properties, undefined, { cimd: true });
    } catch (err) {
      throw new errors.InvalidClient(
        `client_id metadata document: ${err instanceof Error ? err.message : 'invalid metadata'}`,
      );
    }
    Object.defineProperty(client, 'clientIdMetadataDocument', { value: true });
    return client;
  };
}

export function clientKind(
  client: { clientId: string } | undefined,
  clients: PreRegisteredClients,
): ClientKind {
  if (!client) return 'dynamic';
  if ((client as { clientIdMetadataDocument?: boolean }).clientIdMetadataDocument)
    return 'metadata-document';
  if (
    [
      clients.publicClientId,
      clients.confidentialClientId,
      clients.confidentialPostClientId,
    ].includes(client.clientId)
  )
    return 'pre-registered';
  return 'dynamic';
}
