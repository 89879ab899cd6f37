// The copyable middleware on its own, without the reference server's scenarios.
import { createServer } from 'node:http';
import { expect, test } from '../../tests/support/fixtures.ts';
import express from 'express';
import {
  bearerChallenge,
  fullSetPolicy,
  requireToolScopes,
  type VerifiedToken,
} from './bearer-middleware.ts';
import { listenOnLoopback } from '../shared/loopback.ts';

const TOOLS = new Map([
  ['read', ['a:read']],
  ['write', ['a:read', 'a:write']],
]);
const token = (...scopes: string[]): VerifiedToken => ({ scopes: new Set(scopes), claims: {} });

test('bearerChallenge quotes every value and escapes quotes and backslashes (RFC 9110 §5.6.4)', () => {
  expect(bearerChallenge({})).toBe('Bearer');
  expect(
    bearerChallenge({
      error: 'insufficient_scope',
      scope: 'a:read a:write',
      error_description: 'say "hi" \\ bye',
      skipped: undefined,
    }),
  ).toBe(
    'Bearer error="insufficient_scope", scope="a:read a:write", error_description="say \\"hi\\" \\\\ bye"',
  );
});

test('fullSetPolicy names what the token holds plus what the call needs, in table order, in one challenge', () => {
  const policy = fullSetPolicy(TOOLS, ['a:read', 'a:write', 'a:admin']);
  expect(policy({ tool: 'write', token: token('a:read') })).toEqual({
    allowed: false,
    status: 403,
    challenge: {
      error: 'insufficient_scope',
      scope: 'a:read a:write',
      error_description: 'write requires a:read and a:write',
    },
  });
  // Held scopes the table knows stay in the challenge; unknown ones are dropped.
  expect(policy({ tool: 'write', token: token('a:admin', 'other') })).toMatchObject({
    challenge: { scope: 'a:read a:write a:admin' },
  });
  expect(policy({ tool: 'read', token: token('a:read') })).toEqual({ allowed: true });
});

test('requireToolScopes answers 403 with the challenge, -32602 for an unknown tool, and passes covered calls on', async () => {
  const app = express();
  app.use(express.json(), (_req, res, next) => {
    res.locals.token = token('a:read');
    next();
  });
  app.post(
    '/mcp',
    requireToolScopes({
      resourceMetadataUrl: 'https://rs.example/.well-known/oauth-protected-resource/mcp',
      knownTools: TOOLS,
      policy: fullSetPolicy(TOOLS, ['a:read', 'a:write']),
    }),
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  const server = createServer(app);
  const port = await listenOnLoopback(server);
  const call = (name: string) =>
    fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name } }),
    });
  try {
    const forbidden = await call('write');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="a:read a:write", error_description="write requires a:read and a:write", resource_metadata="https://rs.example/.well-known/oauth-protected-resource/mcp"',
    );
    expect(await forbidden.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32003, message: 'write requires a:read and a:write' },
    });
    const unknown = await call('constructor');
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32602, message: 'Unknown tool: constructor' },
    });
    const allowed = await call('read');
    expect(await allowed.json()).toEqual({ ok: true });
  } finally {
    server.close();
  }
});
