// Receives the authorization response: on a loopback HTTP server (RFC 8252
// §7.3), or as a URL the user pastes when the browser cannot reach that
// server. Both feed the same queue; the session checks each URL's `state`.
import { createServer, type Server } from 'node:http';
import { freePort } from '../shared/free-port.ts';
import { listenOnLoopback } from '../shared/loopback.ts';
import { StepUpError } from './errors.ts';

export const CALLBACK_PATH = '/callback';
/** Registered once; any loopback port is accepted for native clients. */
export const REGISTERED_REDIRECT_URI = `http://127.0.0.1${CALLBACK_PATH}`;

export type CallbackSource = 'loopback' | 'paste';
export interface CallbackResult {
  url: URL;
  source: CallbackSource;
}

export interface CallbackReceiver {
  redirectUri: string;
  /** The next authorization response, or consent_timeout after `timeoutMs`. */
  next(timeoutMs: number): Promise<CallbackResult>;
  close(): Promise<void>;
}

const DONE_PAGE = (
  ok: boolean,
) => `<!doctype html><html lang="en"><meta charset="utf-8"><title>${ok ? 'Signed in' : 'Sign-in not completed'}</title>
<body style="font:16px system-ui;margin:3rem"><h1>${ok ? 'Signed in' : 'Sign-in not completed'}</h1><p>You can close this tab and return to your MCP client.</p></body></html>`;

const ERROR_PAGE = (
  message: string,
) => `<!doctype html><html lang="en"><meta charset="utf-8"><title>Not the sign-in response</title>
<body style="font:16px system-ui;margin:3rem"><h1>Not the sign-in response</h1><p>${message}</p><p>The sign-in in progress is still waiting; finish it in the tab it opened.</p></body></html>`;

/**
 * Turns pasted text into a URL, or explains what a callback URL looks like.
 * With `redirectUri`, the URL must be for it: same scheme, host, port and
 * path, so a code pasted from another site's address bar is never redeemed.
 */
export function parsePastedCallback(text: string, redirectUri?: string): URL {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new StepUpError(
      'invalid_callback',
      'That is not a URL. Copy the whole address from the browser tab that failed to load (it starts with http://127.0.0.1 and contains code= and state=).',
    );
  }
  if (
    !url.searchParams.has('state') ||
    !(url.searchParams.has('code') || url.searchParams.has('error'))
  ) {
    throw new StepUpError(
      'invalid_callback',
      'That URL is not an authorization response: it needs code= (or error=) and state=. Copy the address of the tab the sign-in redirected to.',
    );
  }
  if (redirectUri) {
    const expected = new URL(redirectUri);
    for (const [part, got, want] of [
      ['scheme', url.protocol, expected.protocol],
      ['host', url.hostname, expected.hostname],
      ['port', url.port, expected.port],
      ['path', url.pathname, expected.pathname],
    ] as const) {
      if (got !== want) {
        throw new StepUpError(
          'callback_mismatch',
          `That URL is not for this sign-in's redirect address ${expected.origin}${expected.pathname}: its ${part} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}. It was not used. Copy the address of the tab the sign-in redirected to.`,
        );
      }
    }
  }
  return url;
}

// A receiver that closes while a read is pending leaves that read running
// (stdin cannot be un-read). The next receiver must wait on the same read, or
// the line the user pastes for the next sign-in would go to the closed one.
const pendingReads = new WeakMap<() => Promise<string>, Promise<string>>();
function sharedRead(read: () => Promise<string>): Promise<string> {
  let pending = pendingReads.get(read);
  if (!pending) {
    pending = read();
    pendingReads.set(read, pending);
    const forget = () => {
      if (pendingReads.get(read) === pending) pendingReads.delete(read);
    };
    pending.then(forget, forget);
  }
  return pending;
}

export async function startCallbackReceiver(options: {
  /** false: no loopback listener, as when the browser runs on another machine. */
  loopback: boolean;
  /** The sign-in's state: a loopback request without it is answered with an error page and ignored. */
  state?: string;
  /** Resolves with each URL the user pastes; called again after each one. */
  readPastedUrl?: () => Promise<string>;
  onPasteRejected?: (error: StepUpError) => void;
}): Promise<CallbackReceiver> {
  const queue: CallbackResult[] = [];
  let wake: (() => void) | undefined;
  const push = (result: CallbackResult) => {
    queue.push(result);
    wake?.();
  };
  let closed = false;

  let server: Server | undefined;
  let port: number;
  if (options.loopback) {
    server = createServer((req, res) => {
      const url = URL.parse(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (!url) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request');
        return;
      }
      if (url.pathname !== CALLBACK_PATH) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      // A stray or forged request (another tab, a port scan, an old sign-in)
      // must not end the sign-in in progress: answer it and keep waiting.
      const params = url.searchParams;
      const shaped =
        params.getAll('state').length === 1 && (params.has('code') || params.has('error'));
      if (!shaped || (options.state !== undefined && params.get('state') !== options.state)) {
        res
          .writeHead(400, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
          })
          .end(
            ERROR_PAGE(
              shaped
                ? 'This response belongs to a different sign-in (its state does not match).'
                : 'This address is not an authorization response (it needs code or error, and state).',
            ),
          );
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(DONE_PAGE(url.searchParams.has('code')));
      push({ url, source: 'loopback' });
    });
    port = await listenOnLoopback(server, 0, '127.0.0.1');
  } else {
    // Nothing listens here: the browser's redirect fails and the user pastes.
    port = await freePort();
  }

  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  if (options.readPastedUrl) {
    const read = options.readPastedUrl;
    void (async () => {
      while (!closed) {
        let text: string;
        try {
          text = await sharedRead(read);
        } catch {
          return; // input closed
        }
        if (closed) return;
        try {
          push({ url: parsePastedCallback(text, redirectUri), source: 'paste' });
        } catch (err) {
          options.onPasteRejected?.(err as StepUpError);
        }
      }
    })();
  }

  return {
    redirectUri,
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!queue.length) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new StepUpError(
            'consent_timeout',
            `Access denied: the browser consent was not completed within ${Math.round(timeoutMs / 1000)} s. Nothing was changed; run the tool again to retry.`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return queue.shift()!;
    },
    async close() {
      closed = true;
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
    },
  };
}
