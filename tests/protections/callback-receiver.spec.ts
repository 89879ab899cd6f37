// The callback receiver's loopback side, exactly: what the browser gets back,
// what reaches the session, how long it waits, and that a paste-only receiver
// listens nowhere. (The paste side: examples/client/callback.test.ts.)
import { expect, test } from '@playwright/test';
import { CALLBACK_PATH, parsePastedCallback, REGISTERED_REDIRECT_URI, startCallbackReceiver } from '../../examples/client/callback.ts';
import { isStepUpError } from '../../examples/client/errors.ts';

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
    expect(html).toContain('<h1>Signed in</h1><p>You can close this tab and return to your MCP client.</p>');
    const first = await receiver.next(1_000);
    expect(first.source).toBe('loopback');
    expect(first.url.href).toBe(`${receiver.redirectUri}?code=c1&state=s1`);

    const denied = await (await fetch(`${receiver.redirectUri}?error=access_denied&state=s2`)).text();
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
    expect((err as Error).message).toBe('Access denied: the browser consent was not completed within 1 s. Nothing was changed; run the tool again to retry.');
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
  expect(message('hello')).toBe('That is not a URL. Copy the whole address from the browser tab that failed to load (it starts with http://127.0.0.1 and contains code= and state=).');
  const shape = 'That URL is not an authorization response: it needs code= (or error=) and state=. Copy the address of the tab the sign-in redirected to.';
  expect(message('http://127.0.0.1:1/callback?code=c')).toBe(shape);
  expect(message('http://127.0.0.1:1/callback?state=s')).toBe(shape);
  expect(message('http://127.0.0.1:1/callback?error=access_denied&state=s')).toBe('accepted');
  expect(message('http://127.0.0.1:1/callback?code=c&state=s')).toBe('accepted');
});
