// How-to for hosts on @modelcontextprotocol/sdk 1.x: make its step-up work
// when it holds a refresh token, and on delta-only challenges.
//
// 1.x answers a 403 insufficient_scope by calling auth() with the challenge's
// scope; auth() refreshes first whenever a refresh token is stored, and a
// refresh never widens consent, so the same 403 comes back ("Server returned
// 403 after trying upscoping"). It also *replaces* its scope with the
// challenge's, so a delta-only challenge loses the scopes already granted.
// A fetch wrapper in front of the transport fixes both without patching the SDK.
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface StepUpTokenStore {
  /** Scopes of the current access token (the token response's `scope`). */
  grantedScopes(): string[];
  /** Forget the refresh token, so the SDK's auth() goes to the browser instead of refreshing. */
  forgetRefreshToken(): void;
}

// #region step-up-fetch
/**
 * Use as the transport's `fetch`:
 * new StreamableHTTPClientTransport(url, { authProvider, fetch: stepUpFetch(store) }).
 */
export function stepUpFetch(store: StepUpTokenStore, base: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const response = await base(input, init);
    const { error, scope } = response.status === 403 ? extractWWWAuthenticateParams(response) : {};
    if (error !== 'insufficient_scope') return response;
    // A refresh cannot grant what the user has not consented to: go to the browser.
    store.forgetRefreshToken();
    if (!scope) return response;
    // Ask for the union, so the scopes already granted are kept (MCP 2026-07-28 semantics).
    const union = [...new Set([...store.grantedScopes(), ...scope.split(' ')])].join(' ');
    const headers = new Headers(response.headers);
    headers.set(
      'www-authenticate',
      response.headers.get('www-authenticate')!.replace(/scope="[^"]*"/, `scope="${union}"`),
    );
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
// #endregion step-up-fetch
