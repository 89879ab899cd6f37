// The server's scope policy, exactly: what each scenario answers for each
// tool and token. Pure function, no servers; these pin every field of the
// challenge the edge-case tests rely on (and kill its mutants).
import { expect, test } from '../../tests/support/fixtures.ts';
import {
  baselineScopes,
  checkToolScopes,
  firstSignInScopes,
  scenarioPolicy,
  type ScenarioState,
} from './scope-policy.ts';
import type { ScenarioName } from './scenarios.ts';

const call = (tool: string, scopes: string[], consentedAt?: number) => ({
  tool,
  tokenScopes: new Set(scopes),
  consentedAt,
});
const check = (
  scenario: ScenarioName,
  tool: string,
  scopes: string[],
  state: ScenarioState = {},
  consentedAt?: number,
  now = 1_000,
) => checkToolScopes(scenario, state, call(tool, scopes, consentedAt), now);
const READ = ['notes:read'];
const READ_WRITE = ['notes:read', 'notes:write'];
const ALL = ['notes:read', 'notes:write', 'notes:admin'];

test('scope policy: the first 401 asks for notes:read, or read and write in held-scope', () => {
  expect(baselineScopes('full-set')).toEqual(['notes:read']);
  expect(baselineScopes('held-scope')).toEqual(['notes:read', 'notes:write']);
});

test('scope policy: a token with the declared scopes is allowed; an unknown tool needs none', () => {
  for (const scenario of [
    'full-set',
    'delta-only',
    'no-scope',
    'other-error',
    'jsonrpc-error',
    'changed-metadata',
  ] as const) {
    expect(check(scenario, 'add_note', READ_WRITE), scenario).toEqual({ allowed: true });
    expect(check(scenario, 'list_notes', READ), scenario).toEqual({ allowed: true });
  }
  expect(check('full-set', 'no_such_tool', [])).toEqual({ allowed: true });
});

test('scope policy: full-set names held plus needed scopes in supported order', () => {
  expect(check('full-set', 'add_note', ['notes:admin', 'notes:read', 'other'])).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:read notes:write notes:admin',
      error_description: 'add_note requires notes:read and notes:write',
    },
  });
  expect(check('full-set', 'delete_note', READ)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:read notes:admin',
      error_description: 'delete_note requires notes:read and notes:admin',
    },
  });
});

test('scope policy: with two scopes missing, delta-only and jsonrpc-error name both, space-separated', () => {
  expect(check('delta-only', 'add_note', [])).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:read notes:write',
      error_description: 'add_note requires notes:read and notes:write',
    },
  });
  expect(check('jsonrpc-error', 'add_note', [])).toMatchObject({
    status: 200,
    scope: 'notes:read notes:write',
  });
});

test('scope policy: delta-only names only what is missing', () => {
  expect(check('delta-only', 'add_note', READ)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:write',
      error_description: 'add_note requires notes:write',
    },
  });
});

test('scope policy: no-scope, other-error and jsonrpc-error', () => {
  expect(check('no-scope', 'add_note', READ)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      error_description: 'add_note requires notes:read and notes:write',
    },
  });
  expect(check('other-error', 'add_note', READ)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'access_denied',
      error_description: 'Notes are read-only for this account',
    },
  });
  expect(check('jsonrpc-error', 'add_note', READ)).toEqual({
    allowed: false,
    status: 200,
    message: 'insufficient_scope: add_note requires notes:read and notes:write',
    scope: 'notes:write',
  });
});

test('scope policy: repeat checks notes:admin on add_note but names only what it declares', () => {
  expect(check('repeat', 'add_note', READ_WRITE)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:read notes:write',
      error_description: 'add_note requires notes:read and notes:write',
    },
  });
  expect(check('repeat', 'add_note', ALL)).toEqual({ allowed: true });
  expect(check('repeat', 'list_notes', READ)).toEqual({ allowed: true });
});

test('scope policy: moving-target names one missing scope at a time', () => {
  expect(check('moving-target', 'add_note', READ)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:write',
      error_description: 'add_note requires notes:write',
    },
  });
  expect(check('moving-target', 'add_note', READ_WRITE)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:admin',
      error_description: 'add_note requires notes:admin',
    },
  });
  expect(check('moving-target', 'add_note', ALL)).toEqual({ allowed: true });
  expect(check('moving-target', 'list_notes', READ)).toEqual({ allowed: true });
});

test('scope policy: metadata scenarios mark the challenge for changed or mismatched metadata', () => {
  expect(check('changed-metadata', 'add_note', READ)).toMatchObject({
    status: 403,
    metadata: 'changed',
  });
  expect(check('mismatched-metadata', 'add_note', READ)).toMatchObject({
    status: 403,
    metadata: 'mismatched',
  });
  expect(check('full-set', 'add_note', READ)).not.toHaveProperty('metadata');
});

test('scope policy: held-scope asks once for renewed consent, then accepts a consent given after that moment', () => {
  const state: ScenarioState = {};
  // Consent from before the server started requiring renewal: refused, naming held scopes.
  expect(check('held-scope', 'add_note', READ_WRITE, state, 500, 1_000)).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:read notes:write',
      error_description: 'add_note requires renewed consent for notes:read and notes:write',
    },
  });
  expect(state.consentRequiredAfter).toBe(1_000);
  // The moment is fixed the first time: a later call does not move it.
  expect(check('held-scope', 'add_note', READ_WRITE, state, 1_000, 5_000)).toMatchObject({
    allowed: false,
  });
  expect(state.consentRequiredAfter).toBe(1_000);
  expect(check('held-scope', 'add_note', READ_WRITE, state, undefined, 5_000)).toMatchObject({
    allowed: false,
  });
  expect(check('held-scope', 'add_note', READ_WRITE, state, 1_001, 5_000)).toEqual({
    allowed: true,
  });
  // Reading needs no renewal; a token missing write gets the full-set answer.
  expect(check('held-scope', 'list_notes', READ, state, 0, 5_000)).toEqual({ allowed: true });
  expect(check('held-scope', 'add_note', READ, {}, 0, 5_000)).toMatchObject({
    allowed: false,
    challenge: {
      scope: 'notes:read notes:write',
      error_description: 'add_note requires notes:read and notes:write',
    },
  });
});

test('scope policy: the metadata lists the first-sign-in scopes, every scope only in no-scope', () => {
  expect(firstSignInScopes('full-set')).toEqual(['notes:read']);
  expect(firstSignInScopes('held-scope')).toEqual(baselineScopes('held-scope'));
  expect(firstSignInScopes('no-scope')).toEqual(ALL);
});

test('scope policy: an unknown tool needs no scope in any scenario; repeat names every supported scope the token holds', () => {
  for (const scenario of [
    'delta-only',
    'repeat',
    'moving-target',
    'jsonrpc-error',
  ] as ScenarioName[])
    expect(check(scenario, 'no_such_tool', []), scenario).toEqual({ allowed: true });
  const verdict = check('repeat', 'add_note', ['notes:read', 'notes:admin', 'other']);
  expect(verdict).toMatchObject({
    status: 403,
    challenge: { scope: 'notes:read notes:write notes:admin' },
  });
});

test('scope policy as the middleware sees it: allowed, a 403 with the metadata URL when the scenario moves it, a JSON-RPC error with data', () => {
  const urls = { changed: 'http://r/changed', mismatched: 'http://r/other' };
  const token = (scopes: string[]) => ({ scopes: new Set(scopes), claims: {} });
  expect(scenarioPolicy('full-set', {}, urls)({ tool: 'list_notes', token: token(READ) })).toEqual({
    allowed: true,
  });
  expect(
    scenarioPolicy('full-set', {}, urls)({ tool: 'add_note', token: token(READ) }),
  ).toStrictEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'notes:read notes:write',
      error_description: 'add_note requires notes:read and notes:write',
    },
  });
  expect(
    scenarioPolicy('changed-metadata', {}, urls)({ tool: 'add_note', token: token(READ) }),
  ).toMatchObject({ status: 403, resourceMetadataUrl: 'http://r/changed' });
  expect(
    scenarioPolicy('mismatched-metadata', {}, urls)({ tool: 'add_note', token: token(READ) }),
  ).toMatchObject({ status: 403, resourceMetadataUrl: 'http://r/other' });
  expect(
    scenarioPolicy('jsonrpc-error', {}, urls)({ tool: 'add_note', token: token(READ) }),
  ).toStrictEqual({
    allowed: false,
    status: 200,
    message: 'insufficient_scope: add_note requires notes:read and notes:write',
    data: { error: 'insufficient_scope', scope: 'notes:write' },
  });
});
