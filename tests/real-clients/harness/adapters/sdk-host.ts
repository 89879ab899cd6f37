// What an MCP host does around the official SDKs' OAuth: an in-memory
// OAuthClientProvider, a loopback redirect URI, and the documented pattern
// "on UnauthorizedError, wait for the callback, finishAuth, retry".
// Written against the shape both SDK generations share, so one host serves
// 1.x and 2.x; each adapter passes its own SDK's classes.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { listenOnLoopback } from '../../../../examples/shared/loopback.ts';

/** How often the host retries one operation after completing a sign-in the SDK asked for. */
export const HOST_RETRIES = 3;
const CALLBACK_TIMEOUT_MS = 10_000;

export interface LoopbackCallback {
  redirectUrl: string;
  /** The next authorization response's query. */
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export async function startLoopbackCallback(): Promise<LoopbackCallback> {
  let waiting: ((params: URLSearchParams) => void) | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>Signed in</title><p>You can close this tab.</p>');
    waiting?.(url.searchParams);
    waiting = undefined;
  });
  const port = await listenOnLoopback(server);
  return {
    redirectUrl: `http://127.0.0.1:${port}/callback`,
    next: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no authorization response (the user did not finish signing in)')),
          CALLBACK_TIMEOUT_MS,
        );
        waiting = (params) => {
          clearTimeout(timer);
          resolve(params);
        };
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Tokens {
  access_token: string;
  refresh_token?: string;
  scope?: string;
}

/** The provider state and methods both SDKs call; spread into each SDK's provider type. */
export class MemoryOAuthProvider {
  clientInfo: Record<string, unknown> | undefined;
  stored: Tokens | undefined;
  verifier = '';
  /** The authorization the SDK started and the host has not completed yet. */
  pending: Promise<URLSearchParams> | undefined;
  readonly #callback: LoopbackCallback;
  readonly #openBrowser: (url: string) => Promise<void>;
  readonly #grantTypes: string[];

  constructor(
    callback: LoopbackCallback,
    openBrowser: (url: string) => Promise<void>,
    options: { refreshTokens: boolean },
  ) {
    this.#callback = callback;
    this.#openBrowser = openBrowser;
    // A client that does not register for refresh_token gets none from the server.
    this.#grantTypes = options.refreshTokens
      ? ['authorization_code', 'refresh_token']
      : ['authorization_code'];
  }

  get redirectUrl(): string {
    return this.#callback.redirectUrl;
  }

  get clientMetadata() {
    return {
      client_name: 'compat harness host',
      redirect_uris: [this.#callback.redirectUrl],
      grant_types: this.#grantTypes,
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation = () => this.clientInfo as never;
  saveClientInformation = (info: unknown) => {
    this.clientInfo = info as Record<string, unknown>;
  };
  tokens = () => this.stored as never;
  saveTokens = (tokens: unknown) => {
    this.stored = tokens as Tokens;
  };
  saveCodeVerifier = (verifier: string) => {
    this.verifier = verifier;
  };
  codeVerifier = () => this.verifier;
  // 2.x binds the callback to the authorization server it started with (SEP-2352); 1.x ignores these.
  discovery: unknown;
  saveDiscoveryState = (state: unknown) => {
    this.discovery = state;
  };
  discoveryState = () => this.discovery as never;
  redirectToAuthorization = (url: URL) => {
    const response = this.#callback.next();
    response.catch(() => {});
    this.pending = this.#openBrowser(url.href).then(() => response);
    this.pending.catch(() => {});
  };
}

// #region host-retries
/**
 * Runs an operation; when it fails after the SDK started a browser sign-in,
 * completes that sign-in with `finish` and tries again (at most HOST_RETRIES).
 */
export async function withHostRetries<T>(
  provider: MemoryOAuthProvider,
  finish: (params: URLSearchParams) => Promise<void>,
  operation: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      const pending = provider.pending;
      if (!pending || attempt >= HOST_RETRIES) throw err;
      provider.pending = undefined;
      const params = await pending;
      const error = params.get('error');
      if (error)
        throw new Error(
          `Authorization failed: ${error}` +
            (params.get('error_description') ? ` (${params.get('error_description')})` : ''),
          { cause: err },
        );
      await finish(params);
    }
  }
}
// #endregion host-retries

export const toolText = (result: { content?: unknown; isError?: unknown }) => ({
  text: ((result.content ?? []) as { text?: string }[]).map((c) => c.text ?? '').join('\n'),
  isError: Boolean(result.isError),
});

/** The installed version of a package (its exports may not include package.json). */
export function installedVersion(name: string): string {
  const file = new URL(`../../../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
