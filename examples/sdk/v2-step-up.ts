// How-to for hosts on @modelcontextprotocol/client 2.x: the transport's
// step-up options, and what a host adds when it wants a consent screen on
// every 403 insufficient_scope (2.x refreshes when the challenge names scopes
// the token already holds, and a refresh never renews consent).
import {
  auth,
  computeScopeUnion,
  StreamableHTTPClientTransport,
  type InsufficientScopeError,
  type OAuthClientProvider,
} from '@modelcontextprotocol/client';

// #region sdk-step-up
/** The defaults, written out: the SDK asks for the union of scopes and retries the request once. */
export function sdkStepUpTransport(url: URL, authProvider: OAuthClientProvider) {
  return new StreamableHTTPClientTransport(url, {
    authProvider,
    onInsufficientScope: 'reauthorize',
    maxStepUpRetries: 1, // step-ups per request; a second 403 is an error
  });
}
// #endregion sdk-step-up

// #region host-step-up
/** The transport throws InsufficientScopeError instead of refreshing or re-authorizing. */
export function hostStepUpTransport(url: URL, authProvider: OAuthClientProvider) {
  return new StreamableHTTPClientTransport(url, { authProvider, onInsufficientScope: 'throw' });
}

/** On InsufficientScopeError: a new authorization request (browser), never a refresh. */
export async function askConsentAgain(
  error: InsufficientScopeError,
  authProvider: OAuthClientProvider,
  serverUrl: URL,
) {
  const granted = (await authProvider.tokens())?.scope;
  return auth(authProvider, {
    serverUrl,
    resourceMetadataUrl: error.resourceMetadataUrl,
    scope: computeScopeUnion(granted, error.requiredScope), // keep what was granted
    forceReauthorization: true, // skip the refresh token
  });
}
// #endregion host-step-up
