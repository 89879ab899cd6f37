// Clients whose client_id is an https Client ID Metadata Document (Codex CLI:
// https://chatgpt.com/oauth/codex/client.json) get two runs per scenario:
//   - "local copy": the authorization server offers metadata documents, and
//     its lookup of that one URL is answered, inside this run only, from a
//     local copy of the document (a loopback-only run cannot fetch it);
//   - "registers": the server's metadata does not offer them, so the client
//     registers dynamically (RFC 7591), as most servers make it do today.
// The reference servers are not changed: the lookup and the metadata are
// wrapped for the one server of the run.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReferenceServers } from '../../../examples/server/start.ts';

/** The fields of a public loopback client's metadata document. */
export interface MetadataDocument {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
  [field: string]: unknown;
}

type ClientClass = ReferenceServers['authorizationServer']['provider']['Client'];
type CimdClient = new (metadata: unknown, ctx: unknown, options: { cimd: boolean }) => unknown;

/** The authorization server's lookup of `document.client_id` answers from the local copy. */
export function serveLocalDocument(servers: ReferenceServers, document: MetadataDocument): string {
  const Client: ClientClass = servers.authorizationServer.provider.Client;
  const find = Client.find.bind(Client);
  let client: unknown;
  Client.find = (async (id: string) => {
    if (id !== document.client_id) return find(id);
    // Marked as a metadata-document client, as oidc-provider marks the ones it fetched.
    client ??= new (Client as unknown as CimdClient)(document, undefined, { cimd: true });
    return client;
  }) as typeof Client.find;
  return (
    `the authorization server offers Client ID Metadata Documents; its fetch of ` +
    `${document.client_id} is answered in this run from a local copy of the document ` +
    `(${document.client_name}, public loopback client: redirect URIs ` +
    `${document.redirect_uris.join(', ')}), because the run has no network`
  );
}

const hideOn = new Set<number>();
let hiding = false;

/** The authorization server's metadata drops `client_id_metadata_document_supported`. */
export function hideMetadataDocuments(servers: ReferenceServers, client: string): string {
  const port = Number(new URL(servers.issuer).port);
  hideOn.add(port);
  // A later run's server may get the same port: it must see the metadata as it is.
  const close = servers.close.bind(servers);
  servers.close = () => {
    hideOn.delete(port);
    return close();
  };
  if (!hiding) {
    hiding = true;
    // Rewritten on its way out (the server is not changed): the flag is dropped.
    subscribe('http.server.request.start', (message) => {
      const { request, response, server } = message as {
        request: IncomingMessage;
        response: ServerResponse;
        server: Server;
      };
      const port = (server.address() as AddressInfo | null)?.port;
      if (!port || !hideOn.has(port) || !request.url?.startsWith('/.well-known/')) return;
      const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
      response.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if ((typeof chunk === 'string' || Buffer.isBuffer(chunk)) && !response.headersSent) {
          const text = chunk
            .toString()
            .replace(/,?"client_id_metadata_document_supported":true/, '');
          response.setHeader('content-length', Buffer.byteLength(text));
          return end(text, ...rest);
        }
        return end(chunk, ...rest);
      }) as typeof response.end;
    });
  }
  return (
    `the authorization server's metadata does not offer Client ID Metadata Documents ` +
    `in this run, so ${client} registers dynamically`
  );
}
