// Counts what a client does on the server side, so the figures do not depend
// on the client reporting them: every HTTP request the two reference servers
// receive (Node's http.server diagnostics channel) and every token grant the
// authorization server handles (oidc-provider events). Browser requests are
// told apart by the user agent the harness gives Chromium.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ReferenceServers } from '../../../examples/server/start.ts';

export const BROWSER_USER_AGENT = 'mcp-step-up-compat-browser';

export interface ObservedRequest {
  at: number;
  from: 'client' | 'browser';
  server: 'as' | 'mcp';
  method: string;
  path: string;
  status: number;
  /** For the authorization endpoint: the scope and prompt asked for. */
  detail?: string;
  grantType?: string;
  /** The authorization server's error, for a refused registration or grant. */
  error?: string;
  wwwAuthenticate?: string;
  /** The MCP response carried a successful add_note result. */
  wroteNote: boolean;
}

type RequestMessage = { request: IncomingMessage; response: ServerResponse; server: Server };

const portOf = (server: Server) => (server.address() as AddressInfo | null)?.port;

export class ServerObserver {
  readonly requests: ObservedRequest[] = [];
  readonly #open = new Map<IncomingMessage, ObservedRequest>();
  readonly #asPort: number;
  readonly #mcpPort: number;
  readonly #started = performance.now();
  readonly #onStart = (message: unknown) => this.#start(message as RequestMessage);
  readonly #onFinish = (message: unknown) => this.#finish(message as RequestMessage);
  readonly #detach: () => void;

  constructor(servers: ReferenceServers) {
    this.#asPort = Number(new URL(servers.issuer).port);
    this.#mcpPort = Number(new URL(servers.mcpUrl).port);
    subscribe('http.server.request.start', this.#onStart);
    subscribe('http.server.response.finish', this.#onFinish);
    const provider = servers.authorizationServer.provider;
    const grant = (
      ctx: KoaContextWithOIDC,
      err?: { error?: string; error_description?: string },
    ) => {
      const entry = this.#open.get(ctx.req);
      if (!entry) return;
      entry.grantType = String(ctx.oidc?.params?.grant_type ?? '');
      if (err) entry.error = `${err.error}: ${err.error_description ?? ''}`.trim();
      // A refused grant: the scope the client asked for says why (no record has one otherwise).
      const asked = ctx.oidc?.params?.scope;
      if (err && typeof asked === 'string') entry.detail = `scope="${asked}"`;
    };
    const onSuccess = (ctx: KoaContextWithOIDC) => grant(ctx);
    const onError = (
      ctx: KoaContextWithOIDC,
      err: { error?: string; error_description?: string },
    ) => grant(ctx, err);
    const onOtherError = (
      ctx: KoaContextWithOIDC,
      err: { error?: string; error_description?: string },
    ) => {
      const entry = this.#open.get(ctx.req);
      if (entry) entry.error = `${err.error}: ${err.error_description ?? ''}`.trim();
    };
    provider.on('grant.success', onSuccess);
    provider.on('grant.error', onError);
    provider.on('registration_create.error', onOtherError);
    provider.on('authorization.error', onOtherError);
    this.#detach = () => {
      provider.off('grant.success', onSuccess);
      provider.off('grant.error', onError);
      provider.off('registration_create.error', onOtherError);
      provider.off('authorization.error', onOtherError);
    };
  }

  close(): void {
    unsubscribe('http.server.request.start', this.#onStart);
    unsubscribe('http.server.response.finish', this.#onFinish);
    this.#detach();
  }

  #start({ request, response, server }: RequestMessage): void {
    const port = portOf(server);
    if (port !== this.#asPort && port !== this.#mcpPort) return;
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') return; // the browser's, not part of any flow
    const entry: ObservedRequest = {
      at: 0,
      from: request.headers['user-agent']?.includes(BROWSER_USER_AGENT) ? 'browser' : 'client',
      server: port === this.#asPort ? 'as' : 'mcp',
      method: request.method ?? 'GET',
      path: url.pathname,
      status: 0,
      wroteNote: false,
    };
    if (url.pathname === '/auth' && url.searchParams.has('client_id')) {
      entry.detail = `scope="${url.searchParams.get('scope') ?? ''}"${url.searchParams.has('prompt') ? ` prompt=${url.searchParams.get('prompt')}` : ''}`;
    }
    this.#open.set(request, entry);
    if (entry.server === 'mcp') this.#sniffBody(response, entry);
  }

  /** Looks for a successful add_note result in the MCP response (JSON or SSE). */
  #sniffBody(response: ServerResponse, entry: ObservedRequest): void {
    let seen = '';
    const look = (chunk: unknown) => {
      if (
        seen.length > 8192 ||
        chunk === undefined ||
        chunk === null ||
        typeof chunk === 'function'
      )
        return;
      seen += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (/Added note #\d+/.test(seen) && !/"isError":true/.test(seen)) entry.wroteNote = true;
    };
    const write = response.write.bind(response);
    const end = response.end.bind(response);
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      look(chunk);
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      look(chunk);
      return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as typeof response.end;
  }

  #finish({ request, response }: RequestMessage): void {
    const entry = this.#open.get(request);
    if (!entry) return;
    this.#open.delete(request);
    entry.at = Math.round(performance.now() - this.#started);
    entry.status = response.statusCode;
    const challenge = response.getHeader('www-authenticate');
    if (challenge) entry.wwwAuthenticate = String(challenge);
    this.requests.push(entry);
  }

  /** The first 403 insufficient_scope the MCP server sent. */
  get first403(): ObservedRequest | undefined {
    return this.requests.find(
      (r) =>
        r.server === 'mcp' &&
        r.status === 403 &&
        /insufficient_scope/.test(r.wwwAuthenticate ?? ''),
    );
  }

  get successfulWrite(): ObservedRequest | undefined {
    return this.requests.find((r) => r.wroteNote);
  }

  // #region figures
  /** Figures for the record, all from what the servers saw. */
  figures(): {
    refreshAfter403: number;
    requestsAfter403: number | null;
    msAfter403: number | null;
    browserRoundTrips: number;
  } {
    const first = this.first403;
    const firstIndex = first ? this.requests.indexOf(first) : -1;
    const after = firstIndex < 0 ? [] : this.requests.slice(firstIndex + 1);
    const write = this.successfulWrite;
    const writeIndex = write ? this.requests.indexOf(write) : -1;
    const untilWrite =
      first && write && writeIndex > firstIndex
        ? this.requests.slice(firstIndex + 1, writeIndex + 1)
        : undefined;
    return {
      refreshAfter403: after.filter((r) => r.grantType === 'refresh_token').length,
      requestsAfter403: untilWrite ? untilWrite.filter((r) => r.from === 'client').length : null,
      msAfter403: untilWrite ? write!.at - first!.at : null,
      browserRoundTrips: this.requests.filter(
        (r) => r.from === 'browser' && r.path === '/auth' && r.detail !== undefined,
      ).length,
    };
  }
  // #endregion figures

  /** The run as lines a reader can follow; ports and ids are stable, no secrets. */
  transcript(): string[] {
    return this.requests.map((r) => {
      const who = r.from === 'browser' ? 'browser' : 'client ';
      const server = r.server === 'as' ? 'AS ' : 'MCP';
      const path = r.path
        .replace(/\/interaction\/[^/]+/, '/interaction/<uid>')
        .replace(/\/auth\/[^/]+$/, '/auth/<uid>');
      const extras = [
        r.detail,
        r.grantType && `grant_type=${r.grantType}`,
        r.error && `error: ${r.error}`,
        r.status === 401 || r.status === 403
          ? r.wwwAuthenticate?.replace(/resource_metadata="[^"]*"/, 'resource_metadata="…"')
          : undefined,
        r.wroteNote ? 'add_note succeeded' : undefined,
      ].filter(Boolean);
      return `${who} → ${server} ${r.method} ${path} ← ${r.status}${extras.length ? `  ${extras.join('; ')}` : ''}`;
    });
  }
}
