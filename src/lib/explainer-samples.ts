// The samples the challenge explainer offers. Shared by the page and its test,
// so the test exercises exactly what a reader can pick. Each sample's `expect`
// is what its label promises; src/lib/explainer-samples.test.ts checks it (and
// the status and error code the label names) against the sample's own data.
import type { Expected } from './decision.ts';

const META = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

export interface ExplainerSample {
  id: string;
  label: string;
  status: number;
  header: string;
  granted: string;
  supported: string;
  refreshToken: boolean;
  /** Consent rounds the client already ran for this call. */
  rounds: number;
  /** What the label says happens; a test runs the sample's data through decide() and compares. */
  expect: Expected;
}

const base = { supported: 'notes:read notes:write notes:admin', refreshToken: true, rounds: 0 };

export const SAMPLES: readonly ExplainerSample[] = [
  {
    ...base,
    id: 'first-401',
    label: 'First connection: 401, no token yet',
    status: 401,
    header: `Bearer scope="notes:read", resource_metadata="${META}"`,
    granted: '',
    refreshToken: false,
    expect: { action: 'reauthorize', scopes: ['notes:read'], newScopes: ['notes:read'] },
  },
  {
    ...base,
    id: 'expired',
    label: 'Expired token: 401 invalid_token',
    status: 401,
    header: `Bearer error="invalid_token", error_description="The access token expired", resource_metadata="${META}"`,
    granted: 'notes:read',
    expect: { action: 'refresh' },
  },
  {
    ...base,
    id: 'full-set',
    label: 'Step-up: 403 naming granted and new scopes',
    status: 403,
    header: `Bearer error="insufficient_scope", scope="notes:read notes:write", resource_metadata="${META}", error_description="add_note requires notes:read and notes:write"`,
    granted: 'notes:read',
    expect: {
      action: 'reauthorize',
      scopes: ['notes:read', 'notes:write'],
      newScopes: ['notes:write'],
    },
  },
  {
    ...base,
    id: 'delta-only',
    label: 'Step-up: 403 naming only the new scope',
    status: 403,
    header: `Bearer error="insufficient_scope", scope="notes:write", resource_metadata="${META}"`,
    granted: 'notes:read',
    expect: {
      action: 'reauthorize',
      scopes: ['notes:read', 'notes:write'],
      newScopes: ['notes:write'],
    },
  },
  {
    ...base,
    id: 'held-scope',
    label: 'Renewed consent: 403 naming scopes already granted',
    status: 403,
    header: `Bearer error="insufficient_scope", scope="notes:read notes:write", resource_metadata="${META}", error_description="add_note requires renewed consent"`,
    granted: 'notes:read notes:write',
    expect: { action: 'reauthorize', scopes: ['notes:read', 'notes:write'], newScopes: [] },
  },
  {
    ...base,
    id: 'no-scope',
    label: '403 insufficient_scope without a scope',
    status: 403,
    header: `Bearer error="insufficient_scope", resource_metadata="${META}"`,
    granted: 'notes:read',
    expect: {
      action: 'reauthorize',
      scopes: ['notes:read', 'notes:write', 'notes:admin'],
      newScopes: ['notes:write', 'notes:admin'],
    },
  },
  {
    ...base,
    id: 'repeat',
    label: 'The same 403 after the user already re-consented',
    status: 403,
    header: `Bearer error="insufficient_scope", scope="notes:read notes:write", resource_metadata="${META}"`,
    granted: 'notes:read notes:write',
    rounds: 1,
    expect: { action: 'fail', code: 'insufficient_scope_after_reauthorization' },
  },
  {
    ...base,
    id: 'other-error',
    label: '403 that is not about scopes',
    status: 403,
    header:
      'Bearer error="access_denied", error_description="Notes are read-only for this account"',
    granted: 'notes:read',
    expect: { action: 'fail', code: 'forbidden' },
  },
  {
    ...base,
    id: 'basic',
    label: 'Not a Bearer challenge: Basic',
    status: 401,
    header: 'Basic realm="notes"',
    granted: 'notes:read',
    expect: { action: 'fail', code: 'invalid_challenge' },
  },
  {
    ...base,
    id: 'malformed',
    label: 'Malformed header: unterminated quote',
    status: 403,
    header: 'Bearer error="insufficient_scope", scope="notes:write',
    granted: 'notes:read',
    expect: { action: 'fail', code: 'invalid_challenge' },
  },
  {
    ...base,
    id: 'ok',
    label: 'Not a challenge: 200 OK',
    status: 200,
    header: '',
    granted: 'notes:read',
    expect: { action: 'use' },
  },
];
