// The callback receiver's loopback side, exactly: what the browser gets back,
// what reaches the session, how long it waits, and that a paste-only receiver
// listens nowhere. (The paste side: examples/client/callback.test.ts.)
import { expect, test } from '../support/fixtures.ts';
import {
  CALLBACK_PATH,
  parsePastedCallback,
  REGISTERED_REDIRECT_URI,
  startCallbackReceiver,
} from '../../examples/client/callback.ts';
import { isStepUpError } from '../../examples/client/errors.ts';
import { connect } from 'node:net';

test('callback receiver: a loopback callback reaches the session and the browser is told it is signed in', async () => {
  expect(REGISTERED_REDIRECT_URI).toBe('http://127.0.0.1/callback');
  expect(CALLBACK_PATH).toBe('/callback');
  const receiver = await startCallbackReceiver({ loopback: true });
  try {
    expect(receiver.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const ok = await fetch(`${receiver.redirectUri}?code=c1&state=s1`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await ok.text();
    expect(html).toContain('<title>Signed in</title>');
    expect(html).toContain(
      '<h1>Signed in</h1><p>You can close this tab and return to your MCP client.</p>',
    );
    const first = await receiver.next(1_000);
    expect(first.source).toBe('loopback');
    expect(first.url.href).toBe(`${receiver.redirectUri}?code=c1&state=s1`);

    const denied = await (
      await fetch(`${receiver.redirectUri}?error=access_denied&state=s2`)
    ).text();
    expect(denied).toContain('<title>Sign-in not completed</title>');
    expect(denied).toContain('<h1>Sign-in not completed</h1>');
    expect((await receiver.next(1_000)).url.searchParams.get('error')).toBe('access_denied');

    const other = await fetch(new URL('/favicon.ico', receiver.redirectUri));
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toBe('text/plain');
    expect(await other.text()).toBe('Not found');
  } finally {
    await receiver.close();
  }
});

test('callback receiver: nothing arriving in time is consent_timeout, saying nothing was changed', async () => {
  const receiver = await startCallbackReceiver({ loopback: true });
  try {
    const started = Date.now();
    const err = await receiver.next(1_200).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_150);
    expect(isStepUpError(err) && err.code).toBe('consent_timeout');
    expect((err as Error).message).toBe(
      'Access denied: the browser consent was not completed within 1 s. Nothing was changed; run the tool again to retry.',
    );
    // A callback arriving while it waits wakes it at once.
    const waiting = receiver.next(5_000);
    setTimeout(() => void fetch(`${receiver.redirectUri}?code=c&state=s`), 50);
    const t = Date.now();
    expect((await waiting).url.searchParams.get('code')).toBe('c');
    // Woken by the callback, not by the 5 s deadline.
    expect(Date.now() - t).toBeLessThan(4_000);
  } finally {
    await receiver.close();
  }
});

test('callback receiver: without loopback nothing listens on the redirect port; pastes are read', async () => {
  const waiters: ((text: string) => void)[] = [];
  const rejected: string[] = [];
  const receiver = await startCallbackReceiver({
    loopback: false,
    readPastedUrl: () => new Promise<string>((resolve) => waiters.push(resolve)),
    onPasteRejected: (err) => rejected.push(err.code),
  });
  const type = async (text: string) => {
    while (!waiters.length) await new Promise((resolve) => setTimeout(resolve, 5));
    waiters.shift()!(text);
  };
  try {
    expect(receiver.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    await expect(fetch(receiver.redirectUri)).rejects.toThrow();
    await type('not a url');
    await type(`${receiver.redirectUri}?code=c&state=s`);
    const result = await receiver.next(1_000);
    expect(result).toMatchObject({ source: 'paste' });
    expect(result.url.searchParams.get('code')).toBe('c');
    expect(rejected).toEqual(['invalid_callback']);
  } finally {
    await receiver.close();
  }
});

test('callback receiver: pasted text must be a URL with state and a code or an error', () => {
  const message = (text: string) => {
    try {
      parsePastedCallback(text);
      return 'accepted';
    } catch (err) {
      return (err as Error).message;
    }
  };
  expect(message('hello')).toBe(
    'That is not a URL. Copy the whole address from the browser tab that failed to load (it starts with http://127.0.0.1 and contains code= and state=).',
  );
  const shape =
    'That URL is not an authorization response: it needs code= (or error=) and state=. Copy the address of the tab the sign-in redirected to.';
  expect(message('http://127.0.0.1:1/callback?code=c')).toBe(shape);
  expect(message('http://127.0.0.1:1/callback?state=s')).toBe(shape);
  expect(message('http://127.0.0.1:1/callback?error=access_denied&state=s')).toBe('accepted');
  expect(message('http://127.0.0.1:1/callback?code=c&state=s')).toBe('accepted');
});

/** A raw HTTP request, so the request target can be anything (fetch normalizes it). */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

test('callback receiver: what a stray request gets back says why it was not the sign-in response, and is never cached', async () => {
  const receiver = await startCallbackReceiver({ loopback: true, state: 'right' });
  try {
    const page = async (query: string) => {
      const response = await fetch(`${receiver.redirectUri}${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type'), query).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control'), query).toBe('no-store');
      return response.text();
    };
    const other = await page('?code=c&state=wrong');
    expect(other).toContain('<title>Not the sign-in response</title>');
    expect(other).toContain(
      '<h1>Not the sign-in response</h1><p>This response belongs to a different sign-in (its state does not match).</p><p>The sign-in in progress is still waiting; finish it in the tab it opened.</p>',
    );
    for (const query of ['?state=right', '?code=c', '?code=c&state=right&state=right', '']) {
      expect(await page(query)).toContain(
        '<p>This address is not an authorization response (it needs code or error, and state).</p>',
      );
    }
    // An error response with the right state is the sign-in's answer, not a stray one.
    expect((await fetch(`${receiver.redirectUri}?error=access_denied&state=right`)).status).toBe(
      200,
    );
    expect((await receiver.next(1_000)).url.searchParams.get('error')).toBe('access_denied');
    // A request target that is not a path at all.
    const raw = await rawGet(Number(new URL(receiver.redirectUri).port), 'http://[::1');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw.toLowerCase()).toContain('content-type: text/plain\r\n');
    expect(raw).toContain('\r\nBad request\r\n'); // the body, in one chunk
  } finally {
    await receiver.close();
  }
});

test('callback receiver: a refused paste with no onPasteRejected listener does not stop the reading; close() ends it', async () => {
  const waiters: ((text: string) => void)[] = [];
  let reads = 0;
  const receiver = await startCallbackReceiver({
    loopback: false,
    readPastedUrl: () => (reads++, new Promise<string>((resolve) => waiters.push(resolve))),
  });
  const type = async (text: string) => {
    while (!waiters.length) await new Promise((resolve) => setImmediate(resolve));
    waiters.shift()!(text);
  };
  await type('not a url');
  await type(`${receiver.redirectUri}?code=c&state=s`);
  expect((await receiver.next(1_000)).source).toBe('paste');
  await receiver.close();
  // The read pending at close() is answered: nothing is queued and no new read starts.
  await type(`${receiver.redirectUri}?code=late&state=s`);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  expect(reads).toBe(3);
  expect(waiters).toHaveLength(0);
  await expect(receiver.next(0)).rejects.toMatchObject({ code: 'consent_timeout' });
});

test('callback receiver: input that ends (the read rejects) stops the paste reading; the loopback side still works', async () => {
  let reads = 0;
  const receiver = await startCallbackReceiver({
    loopback: true,
    readPastedUrl: () => (reads++, Promise.reject(new Error('stdin closed'))),
  });
  try {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(1);
    expect((await fetch(`${receiver.redirectUri}?code=c&state=s`)).status).toBe(200);
    expect((await receiver.next(1_000)).source).toBe('loopback');
  } finally {
    await receiver.close();
  }
});

test('a pasted URL for another port says which part differs and what was expected', () => {
  expect(() =>
    parsePastedCallback(
      'http://127.0.0.1:2/callback?code=c&state=s',
      'http://127.0.0.1:1/callback',
    ),
  ).toThrow(
    'That URL is not for this sign-in\'s redirect address http://127.0.0.1:1/callback: its port is "2", expected "1". It was not used. Copy the address of the tab the sign-in redirected to.',
  );
  expect(() =>
    parsePastedCallback('http://127.0.0.1:1/other?code=c&state=s', 'http://127.0.0.1:1/callback'),
  ).toThrow('its path is "/other", expected "/callback"');
});

test('callback receiver: pasted text is trimmed of every kind of space a terminal or browser adds, no-break spaces included', () => {
  expect(
    parsePastedCallback('\u00a0 http://127.0.0.1:1/callback?code=c&state=s\t\u00a0\n').href,
  ).toBe('http://127.0.0.1:1/callback?code=c&state=s');
});

test('callback receiver: a callback that ends the wait leaves no timer behind (a finished sign-in does not keep the process alive)', async () => {
  const receiver = await startCallbackReceiver({ loopback: true });
  try {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const waiting = receiver.next(600_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBe(before + 1);
    expect((await fetch(`${receiver.redirectUri}?code=c&state=s`)).status).toBe(200);
    await waiting;
    expect(timers()).toBe(before);
  } finally {
    await receiver.close();
  }
});

test('callback receiver: close() stops listening and ends a connection still sending its request', async () => {
  const receiver = await startCallbackReceiver({ loopback: true });
  const port = Number(new URL(receiver.redirectUri).port);
  // A request whose headers never finish: not idle, so only closing every connection ends it.
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write('GET /callback?code=c&state=s HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  await receiver.close();
  await ended;
  const refused = await new Promise<string>((resolve) => {
    const again = connect(port, '127.0.0.1', () => (again.destroy(), resolve('connected')));
    again.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
  expect(refused).toBe('ECONNREFUSED');
});
