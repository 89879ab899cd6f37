// The decision table on /concepts/refresh-or-reconsent/. Each row stores the
// case as data and what the page states the client does (`expect`); the
// "The client" cell is written from decide()'s own answer at build time, and
// src/lib/decision-table.test.ts checks every `expect` against decide(). So a
// row cannot say one thing while the code does another.
import type { CaseInput, Expected } from './decision.ts';

const META = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const SUPPORTED = 'notes:read notes:write notes:admin';
const held = { supported: SUPPORTED, refreshToken: true, rounds: 0 };

export interface DecisionRow {
  id: string;
  /** What the server answers, as the reader sees it (Markdown: `code` and links). */
  answer: string;
  /** The case, as decide() gets it. */
  input: CaseInput;
  /** What the row promises; checked against decide() by the table's test. */
  expect: Expected;
  why: string;
  /** Claims (declared in browser tests) that prove the row end to end against the reference servers. */
  claims?: string[];
  /** A unit test that proves the row, when no claim does. */
  proof?: { file: string; test: string };
  /**
   * The client does more here than decide() (it fetches and checks metadata):
   * the cell shows the row's claims, which browser tests prove end to end;
   * `expect` still pins what decide() itself returns.
   */
  beyondDecide?: true;
}

const DECIDE_TEST = 'examples/client/decide.test.ts';

export const DECISION_TABLE: { section: string; rows: DecisionRow[] }[] = [
  {
    section: 'Signing in',
    rows: [
      {
        id: 'first-401',
        answer: '`401`, no token sent, challenge has `scope`',
        input: {
          ...held,
          status: 401,
          header: `Bearer scope="notes:read", resource_metadata="${META}"`,
          granted: '',
          refreshToken: false,
        },
        expect: { action: 'reauthorize', scopes: ['notes:read'], newScopes: ['notes:read'] },
        why: 'The challenge says what the first call needs ([MCP scope selection](https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization#scope-selection-strategy))',
        proof: { file: DECIDE_TEST, test: 'no token yet: sign in for the challenge scope' },
      },
      {
        id: 'first-401-no-scope',
        answer: '`401`, no token sent, no `scope`',
        input: {
          ...held,
          status: 401,
          header: `Bearer resource_metadata="${META}"`,
          granted: '',
          refreshToken: false,
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write', 'notes:admin'],
          newScopes: ['notes:read', 'notes:write', 'notes:admin'],
        },
        why: "The specification's fallback order: the resource metadata's `scopes_supported`",
        proof: {
          file: DECIDE_TEST,
          test: 'no token and no challenge scope: sign in for scopes_supported',
        },
      },
      {
        id: 'expired',
        answer: '`401 invalid_token`, client holds a refresh token',
        input: {
          ...held,
          status: 401,
          header: `Bearer error="invalid_token", resource_metadata="${META}"`,
          granted: 'notes:read',
        },
        expect: { action: 'refresh' },
        why: 'The token expired or was revoked; the consent still stands',
        claims: ['edge.expired-token-refresh'],
      },
      {
        id: 'refresh-failed',
        answer: '`401` again after a refresh',
        input: {
          ...held,
          status: 401,
          header: 'Bearer error="invalid_token"',
          granted: 'notes:read notes:write',
          refreshes: 1,
        },
        expect: { action: 'reauthorize', scopes: ['notes:read', 'notes:write'], newScopes: [] },
        why: 'The refresh token no longer works either; signing in again keeps the granted scopes',
        proof: {
          file: DECIDE_TEST,
          test: 'already refreshed for this operation: sign in again for the union',
        },
      },
      {
        id: 'unauthorized-again',
        answer: '`401` again after signing in again',
        input: {
          ...held,
          status: 401,
          header: 'Bearer error="invalid_token"',
          granted: 'notes:read',
          refreshes: 1,
          rounds: 1,
        },
        expect: { action: 'fail', code: 'unauthorized_after_reauthorization' },
        why: "The server rejects fresh tokens: a server configuration problem, not the user's",
        proof: {
          file: DECIDE_TEST,
          test: 'still 401 after signing in again: unauthorized_after_reauthorization',
        },
      },
    ],
  },
  {
    section: 'Step-up',
    rows: [
      {
        id: 'new-scope',
        answer: '`403 insufficient_scope` naming a new scope, client holds a refresh token',
        input: {
          ...held,
          status: 403,
          header: `Bearer error="insufficient_scope", scope="notes:read notes:write", resource_metadata="${META}"`,
          granted: 'notes:read',
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write'],
          newScopes: ['notes:write'],
        },
        why: 'A refresh keeps the old consent, so it cannot add a scope',
        claims: ['edge.new-scope-not-refresh', 'decide.403-never-refreshes'],
      },
      {
        id: 'after-refresh',
        answer: '`403 insufficient_scope` right after a silent refresh',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope", scope="notes:read notes:write"',
          granted: 'notes:read',
          refreshes: 1,
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write'],
          newScopes: ['notes:write'],
        },
        why: 'The refresh fixed the expiry; the missing scope needs the user',
        claims: ['edge.403-never-refreshes'],
      },
      {
        id: 'full-set',
        answer: '`403 insufficient_scope` naming granted and new scopes (full set)',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope", scope="notes:read notes:write"',
          granted: 'notes:read',
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write'],
          newScopes: ['notes:write'],
        },
        why: 'The union of the granted set and the challenge equals the challenge',
        claims: ['edge.full-set-union'],
      },
      {
        id: 'delta-only',
        answer: '`403 insufficient_scope` naming only the new scope (delta)',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope", scope="notes:write"',
          granted: 'notes:read',
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write'],
          newScopes: ['notes:write'],
        },
        why: 'Since MCP 2026-07-28 a client should ask for the union of the scopes it asked for before and the challenged ones',
        claims: ['edge.delta-only-union'],
      },
      {
        id: 'held-scope',
        answer: '`403 insufficient_scope` naming only scopes the token already has',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope", scope="notes:read notes:write"',
          granted: 'notes:read notes:write',
        },
        expect: { action: 'reauthorize', scopes: ['notes:read', 'notes:write'], newScopes: [] },
        why: 'The server wants renewed consent (with `prompt=consent`), which a refresh cannot give',
        claims: ['edge.held-scope-reconsent', 'edge.refresh-cannot-renew-consent'],
      },
      {
        id: 'no-scope',
        answer: '`403 insufficient_scope` with no `scope`',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope"',
          granted: 'notes:read',
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write', 'notes:admin'],
          newScopes: ['notes:write', 'notes:admin'],
        },
        why: 'The challenge gives no hint; the metadata is the next best source',
        claims: ['edge.no-scope-fallback'],
      },
      {
        id: 'changed-metadata',
        answer: '`403` pointing `resource_metadata` at a new document',
        input: {
          ...held,
          status: 403,
          header: `Bearer error="insufficient_scope", scope="notes:write", resource_metadata="${META}-v2"`,
          granted: 'notes:read',
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write'],
          newScopes: ['notes:write'],
        },
        beyondDecide: true,
        why: '[RFC 9728 §5.2](https://www.rfc-editor.org/rfc/rfc9728#section-5.2): metadata may change, and the challenge says where',
        claims: ['edge.changed-metadata-refetch'],
      },
      {
        id: 'mismatched-metadata',
        answer: '`403` pointing at metadata for a different server',
        input: {
          ...held,
          status: 403,
          header: `Bearer error="insufficient_scope", scope="notes:write", resource_metadata="https://other.example.com/.well-known/oauth-protected-resource"`,
          granted: 'notes:read',
        },
        expect: {
          action: 'reauthorize',
          scopes: ['notes:read', 'notes:write'],
          newScopes: ['notes:write'],
        },
        beyondDecide: true,
        why: '[RFC 9728 §3.3](https://www.rfc-editor.org/rfc/rfc9728#section-3.3): `resource` must match, or tokens could go to another server',
        claims: ['edge.mismatched-metadata-rejected'],
      },
    ],
  },
  {
    section: 'When to stop',
    rows: [
      {
        id: 'repeat',
        answer: 'The same `403` after the user re-consented',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope", scope="notes:read notes:write"',
          granted: 'notes:read notes:write',
          rounds: 1,
        },
        expect: { action: 'fail', code: 'insufficient_scope_after_reauthorization' },
        why: 'Asking again would loop; the server checks a scope it does not name',
        claims: ['edge.repeat-bounded'],
      },
      {
        id: 'moving-target',
        answer: 'A different missing scope on every retry',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope", scope="notes:admin"',
          granted: 'notes:read notes:write',
          rounds: 1,
        },
        expect: { action: 'fail', code: 'insufficient_scope_after_reauthorization' },
        why: 'Limits are per resource and operation, not per scope',
        claims: ['edge.moving-target-bounded'],
      },
      {
        id: 'other-error',
        answer: '`403` with another `error` (such as `access_denied`) or none',
        input: {
          ...held,
          status: 403,
          header:
            'Bearer error="access_denied", error_description="Notes are read-only for this account"',
          granted: 'notes:read',
        },
        expect: { action: 'fail', code: 'forbidden' },
        why: 'Not a scope problem: no consent can fix it',
        claims: ['edge.other-403-no-step-up'],
      },
      {
        id: 'not-bearer',
        answer: 'A challenge that is not `Bearer`',
        input: { ...held, status: 401, header: 'Basic realm="notes"', granted: 'notes:read' },
        expect: { action: 'fail', code: 'invalid_challenge' },
        why: 'The client only speaks OAuth Bearer tokens',
        proof: {
          file: DECIDE_TEST,
          test: 'a challenge list with no Bearer challenge fails with invalid_challenge',
        },
      },
      {
        id: 'malformed',
        answer: 'A `WWW-Authenticate` header that cannot be parsed',
        input: {
          ...held,
          status: 403,
          header: 'Bearer error="insufficient_scope", scope="notes:write',
          granted: 'notes:read',
        },
        expect: { action: 'fail', code: 'invalid_challenge' },
        why: 'Guessing at a broken challenge could ask the user for the wrong thing',
        proof: { file: DECIDE_TEST, test: 'an unparseable header is invalid_challenge' },
      },
      {
        id: 'jsonrpc-200',
        answer: 'HTTP `200` carrying a JSON-RPC "insufficient scope" error',
        input: { ...held, status: 200, header: '', granted: 'notes:read' },
        expect: { action: 'use' },
        why: 'Only HTTP `401` and `403` are authorization challenges in MCP',
        claims: ['edge.jsonrpc-error-no-step-up'],
      },
    ],
  },
];
