// The transcript recorder, exactly: secrets never printed, volatile values
// stable, each kind of body summarized as the pages show it. A fake fetch
// answers, so each line can be pinned.
import { expect, test } from '../../tests/support/fixtures.ts';
import { Transcript } from './transcript.ts';

const answer = (body: string | null, init: ResponseInit & { type?: string } = {}) =>
  new Response(body, {
    status: init.status ?? 200,
    statusText: init.statusText ?? 'OK',
    headers: {
      ...(init.type ? { 'content-type': init.type } : {}),
      ...(init.headers as Record<string, string>),
    },
  });

function recorder(respond: (url: string, init?: RequestInit) => Response) {
  const echoed: string[] = [];
  const transcript = new Transcript({
    fetch: (async (url: string, init?: RequestInit) => respond(url, init)) as typeof fetch,
    echo: (l) => echoed.push(l),
  });
  return { transcript, echoed };
}

test('transcript: secrets in URLs and forms are redacted, volatile values replaced, ports made stable', async () => {
  const { transcript, echoed } = recorder(() =>
    answer(
      '{"access_token":"AT-secret","refresh_token":"RT-secret","token_type":"Bearer","scope":"a b"}',
      { type: 'application/json' },
    ),
  );
  transcript.replace('http://127.0.0.1:5555', 'http://127.0.0.1:9000');
  transcript.replace('same', 'same');
  await transcript.fetch('http://127.0.0.1:5555/token', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Bearer AT-old',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'CODE-secret',
      code_verifier: 'V-secret',
      client_id: 'cid',
      state: 'st',
      resource: 'http://x/mcp',
    }),
  });
  const text = transcript.toString();
  expect(text).toBe(
    '→ POST http://127.0.0.1:9000/token\n' +
      '  Authorization: Bearer [access token]\n' +
      '  grant_type=authorization_code&code=[redacted]&code_verifier=[redacted]&client_id=<client_id>&state=<state>&resource=http://x/mcp\n' +
      '← 200 OK\n' +
      '  {"access_token":"[redacted]","refresh_token":"[redacted]","token_type":"Bearer","scope":"a b"}\n' +
      '\n',
  );
  expect(text).not.toMatch(/secret|AT-old/);
  expect(echoed.join('\n') + '\n').toBe(text);
  expect(transcript.exchanges).toEqual([
    {
      method: 'POST',
      url: 'http://127.0.0.1:9000/token',
      status: 200,
      form: {
        grant_type: 'authorization_code',
        code: '[redacted]',
        code_verifier: '[redacted]',
        client_id: '<client_id>',
        state: '<state>',
        resource: 'http://x/mcp',
      },
    },
  ]);
  expect(
    transcript.url(
      'http://127.0.0.1:5555/cb?code=c1&state=s1&iss=http%3A%2F%2Fa&scope=a+b&code_challenge=x',
    ),
  ).toBe(
    'http://127.0.0.1:9000/cb?code=[redacted]&state=<state>&iss=http://a&scope=a b&code_challenge=<code_challenge>',
  );
});

test('transcript: JSON-RPC requests and results are summarized; challenges and errors shown', async () => {
  const { transcript } = recorder((url, init) => {
    const body = JSON.parse(String(init!.body)) as { method: string; params?: { name?: string } };
    if (body.method === 'initialize')
      return answer('{"jsonrpc":"2.0","id":1,"result":{"serverInfo":{"name":"notes"}}}', {
        type: 'application/json',
      });
    // server/discover (MCP 2026-07-28): the versions it speaks are what a reader needs.
    const discovered = { supportedVersions: ['2026-07-28'], serverInfo: { name: 'notes' } };
    const discover = JSON.stringify({ jsonrpc: '2.0', id: 0, result: discovered });
    if (body.method === 'server/discover') return answer(discover, { type: 'application/json' });
    if (body.params?.name === 'add_note')
      return answer(null, {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'www-authenticate': 'Bearer error="insufficient_scope"' },
      });
    if (body.params?.name === 'bad')
      return answer('{"jsonrpc":"2.0","id":3,"error":{"code":-32003,"message":"nope"}}', {
        type: 'application/json',
      });
    if (body.params?.name === 'err')
      return answer(
        '{"jsonrpc":"2.0","id":4,"result":{"isError":true,"content":[{"type":"text","text":"x"}]}}',
        { type: 'application/json' },
      );
    return answer(
      '{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"a"},{"type":"text"},{"type":"text","text":"b"}]}}',
      { type: 'application/json' },
    );
  });
  const post = (body: unknown) =>
    transcript.fetch('http://h/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post({ jsonrpc: '2.0', id: 0, method: 'server/discover', params: {} });
  await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
  await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_notes' } });
  await post({
    jsonrpc: '2.0',
    id: 3,
    method: 'tools/call',
    params: { name: 'add_note', arguments: { text: 'hi' } },
  });
  await post({
    jsonrpc: '2.0',
    id: 4,
    method: 'tools/call',
    params: { name: 'bad', arguments: {} },
  });
  await post({
    jsonrpc: '2.0',
    id: 5,
    method: 'tools/call',
    params: { name: 'err', arguments: {} },
  });
  transcript.note('decision: done');
  expect(transcript.toString()).toBe(
    [
      '→ POST http://h/mcp',
      '  JSON-RPC server/discover',
      '← 200 OK',
      '  JSON-RPC result: supports 2026-07-28',
      '',
      '→ POST http://h/mcp',
      '  JSON-RPC initialize',
      '← 200 OK',
      '  JSON-RPC result: initialized notes',
      '',
      '→ POST http://h/mcp',
      '  JSON-RPC tools/call list_notes {}',
      '← 200 OK',
      '  JSON-RPC result: "a\\nb"',
      '',
      '→ POST http://h/mcp',
      '  JSON-RPC tools/call add_note {"text":"hi"}',
      '← 403 Forbidden',
      '  WWW-Authenticate: Bearer error="insufficient_scope"',
      '',
      '→ POST http://h/mcp',
      '  JSON-RPC tools/call bad {}',
      '← 200 OK',
      '  JSON-RPC error -32003: nope',
      '',
      '→ POST http://h/mcp',
      '  JSON-RPC tools/call err {}',
      '← 200 OK',
      '  JSON-RPC result (tool error): "x"',
      '',
      '· decision: done',
      '',
    ].join('\n'),
  );
  expect(transcript.exchanges.map((e) => [e.rpc, e.status])).toEqual([
    ['server/discover', 200],
    ['initialize', 200],
    ['tools/call list_notes', 200],
    ['tools/call add_note', 403],
    ['tools/call bad', 200],
    ['tools/call err', 200],
  ]);
});

test('transcript: long metadata keeps the fields a reader needs; other bodies are summarized', async () => {
  const many = Object.fromEntries(
    ['issuer', 'token_endpoint', ...Array.from({ length: 12 }, (_, i) => `extra_${i}`)].map((k) => [
      k,
      k === 'issuer' ? 'http://as' : 1,
    ]),
  );
  const bodies: Record<string, Response> = {
    '/meta': answer(JSON.stringify(many), { type: 'application/json' }),
    '/short': answer('{"client_id":"cid","client_id_issued_at":123,"b":[1]}', {
      type: 'application/json',
    }),
    '/list': answer('[1,"two"]', { type: 'application/json' }),
    '/broken': answer('not json', { type: 'application/json' }),
    '/empty': answer('', { type: 'application/json' }),
    '/none': answer(null, { status: 204, statusText: 'No Content', type: 'application/json' }),
    '/html': answer('<p>hi</p>', { type: 'text/html' }),
  };
  const { transcript } = recorder((url) => bodies[new URL(url).pathname]!);
  for (const path of Object.keys(bodies)) await transcript.fetch(`http://h${path}`);
  bodies['/post'] = answer(null, { status: 202, statusText: 'Accepted' });
  await transcript.fetch('http://h/post', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: 'oops',
  });
  const lines = transcript.toString().split('\n');
  expect(lines).toContain('  {"issuer":"http://as","token_endpoint":1} (+12 more fields)');
  expect(lines).toContain('  {"client_id":"<client_id>","client_id_issued_at":"<time>","b":[1]}');
  expect(lines).toContain('  [1,"two"]');
  expect(lines).toContain('  (8 bytes, not JSON)');
  expect(transcript.toString()).toContain(
    '→ POST http://h/post\n  (4 bytes, not JSON)\n← 202 Accepted\n',
  );
  expect(transcript.toString()).toContain('→ GET http://h/empty\n← 200 OK\n\n');
  expect(transcript.toString()).toContain('→ GET http://h/none\n← 204 No Content\n\n');
  expect(transcript.toString()).toContain('→ GET http://h/html\n← 200 OK\n\n');
});

test('transcript: settled() waits for every request in flight', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const transcript = new Transcript({
    fetch: (async () => (
      await gate,
      answer(null, { status: 202, statusText: 'Accepted' })
    )) as unknown as typeof fetch,
  });
  void transcript.fetch('http://h/slow');
  let settled = false;
  const waiting = transcript.settled().then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(settled).toBe(false);
  release();
  await waiting;
  expect(transcript.exchanges).toEqual([{ method: 'GET', url: 'http://h/slow', status: 202 }]);
});

test('transcript: every secret field is redacted, in forms, JSON bodies and URLs', async () => {
  const secrets = [
    'token',
    'access_token',
    'refresh_token',
    'id_token',
    'code',
    'code_verifier',
    'client_secret',
    'registration_access_token',
  ];
  const values = Object.fromEntries(secrets.map((k) => [k, `${k}-SECRET`]));
  const { transcript } = recorder(() =>
    answer(JSON.stringify(values), { type: 'application/json' }),
  );
  await transcript.fetch('http://h/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values),
  });
  const redacted = Object.fromEntries(secrets.map((k) => [k, '[redacted]']));
  expect(transcript.exchanges[0]!.form).toEqual(redacted);
  expect(transcript.toString()).toBe(
    '→ POST http://h/token\n' +
      `  ${secrets.map((k) => `${k}=[redacted]`).join('&')}\n` +
      '← 200 OK\n' +
      `  ${JSON.stringify(redacted)}\n` +
      '\n',
  );
  expect(transcript.url(`http://h/cb?${new URLSearchParams(values)}`)).toBe(
    `http://h/cb?${secrets.map((k) => `${k}=[redacted]`).join('&')}`,
  );
  expect(transcript.toString()).not.toContain('SECRET');
});

test('transcript: metadata longer than 12 fields keeps each field a reader needs, in order; 12 fields are shown whole', async () => {
  const needed = [
    'issuer',
    'authorization_endpoint',
    'token_endpoint',
    'registration_endpoint',
    'code_challenge_methods_supported',
    'authorization_response_iss_parameter_supported',
    'resource',
    'authorization_servers',
    'scopes_supported',
    'client_id',
    'application_type',
    'redirect_uris',
    'grant_types',
    'token_endpoint_auth_method',
  ];
  const long = Object.fromEntries([
    ...needed.map((k, i) => [k, `v${i}`]),
    ['response_types_supported', ['code']],
    ['jwks_uri', 'x'],
  ]);
  const twelve = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field_${i}`, i]));
  const { transcript } = recorder((url) =>
    answer(JSON.stringify(url.endsWith('/long') ? long : twelve), { type: 'application/json' }),
  );
  await transcript.fetch('http://h/long');
  await transcript.fetch('http://h/twelve');
  const lines = transcript.toString().split('\n');
  const shown = Object.fromEntries(
    needed.map((k, i) => [k, k === 'client_id' ? '<client_id>' : `v${i}`]),
  );
  expect(lines[2]).toBe(`  ${JSON.stringify(shown)} (+2 more fields)`);
  expect(lines[6]).toBe(`  ${JSON.stringify(twelve)}`);
});

test('transcript: JSON that is not an object, an empty status text, a non-Bearer Authorization header, no echo', async () => {
  const bodies: Record<string, string> = { '/null': 'null', '/number': '42', '/string': '"text"' };
  const transcript = new Transcript({
    fetch: (async (url: string) =>
      url.endsWith('/quiet')
        ? new Response(null, { status: 204, statusText: '' })
        : answer(bodies[new URL(url).pathname]!, { type: 'application/json' })) as typeof fetch,
  });
  for (const path of Object.keys(bodies)) await transcript.fetch(`http://h${path}`);
  await transcript.fetch('http://h/quiet', {
    method: 'POST',
    headers: { authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json' },
    body: '{"a":1}',
  });
  transcript.note('done');
  expect(transcript.toString()).toBe(
    [
      '→ GET http://h/null',
      '← 200 OK',
      '  null',
      '',
      '→ GET http://h/number',
      '← 200 OK',
      '  42',
      '',
      '→ GET http://h/string',
      '← 200 OK',
      '  "text"',
      '',
      '→ POST http://h/quiet',
      '  {"a":1}',
      '← 204',
      '',
      '· done',
      '',
    ].join('\n'),
  );
  // A JSON body that is not JSON-RPC records no rpc at all (not even an undefined one).
  expect(transcript.exchanges.at(-1)).toStrictEqual({
    method: 'POST',
    url: 'http://h/quiet',
    status: 204,
  });
});

test('transcript: replace() ignores an empty value, so text is not rewritten between every character', () => {
  const transcript = new Transcript({
    fetch: (async () => answer(null)) as unknown as typeof fetch,
  });
  transcript.replace('', '<x>');
  transcript.replace('abc', 'abc');
  transcript.note('abc');
  expect(transcript.toString()).toBe('· abc\n');
});

test('transcript: settled() also waits for a request started when an earlier one finished', async () => {
  let releaseFirst!: () => void;
  let releaseSecond!: () => void;
  const first = new Promise<void>((resolve) => (releaseFirst = resolve));
  const second = new Promise<void>((resolve) => (releaseSecond = resolve));
  const transcript = new Transcript({
    fetch: (async (url: string) => (
      await (url.endsWith('/second') ? second : first),
      answer(null, { status: 202, statusText: 'Accepted' })
    )) as typeof fetch,
  });
  // As the MCP SDK does: when the first answer arrives, it opens another request.
  void transcript.fetch('http://h/first').then(() => void transcript.fetch('http://h/second'));
  let settled = false;
  const waiting = transcript.settled().then(() => (settled = true));
  // settled() is now waiting on the first request alone; the second starts when the first is answered.
  await new Promise((resolve) => setImmediate(resolve));
  releaseFirst();
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  expect(transcript.exchanges.map((e) => e.url)).toEqual(['http://h/first']);
  expect(settled).toBe(false);
  releaseSecond();
  await waiting;
  expect(transcript.exchanges.map((e) => e.url)).toEqual(['http://h/first', 'http://h/second']);
});
