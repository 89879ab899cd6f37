// Unit tests for the callback receiver's paste fallback: pasted text is
// checked for shape, and a paste meant for the next sign-in is not swallowed
// by the receiver of the previous one (both wait on the same input).
import { expect, test } from '../../tests/support/fixtures.ts';
import { connect } from 'node:net';
import { parsePastedCallback, startCallbackReceiver } from './callback.ts';
import { claims } from '../../tests/support/claims.ts';

/** Pasted lines, delivered in order to whoever reads first. */
function lines() {
  const waiters: ((text: string) => void)[] = [];
  return {
    read: () => new Promise<string>((resolve) => waiters.push(resolve)),
    type: (text: string) => waiters.shift()!(text),
    waiting: () => waiters.length,
  };
}

test('pasted text that is not a callback URL is refused with invalid_callback', () => {
  for (const text of [
    'hello',
    'http://127.0.0.1:8080/callback',
    'http://127.0.0.1:8080/callback?code=x',
  ]) {
    expect(() => parsePastedCallback(text), text).toThrow(
      expect.objectContaining({ code: 'invalid_callback' }),
    );
  }
  expect(
    parsePastedCallback('  http://127.0.0.1:1/callback?code=c&state=s \n').searchParams.get(
      'state',
    ),
  ).toBe('s');
});

test(
  'a URL pasted for the second sign-in reaches the second receiver, not the closed first one',
  claims({
    'edge.paste-fallback-every-sign-in':
      'a URL pasted for the second sign-in reaches that sign-in, not the finished first one',
  }),
  async () => {
    const input = lines();
    const first = await startCallbackReceiver({ loopback: false, readPastedUrl: input.read });
    input.type(`${first.redirectUri}?code=a&state=one`);
    expect((await first.next(1000)).url.searchParams.get('state')).toBe('one');
    await first.close(); // its reader is still waiting on the input, as stdin would be

    const second = await startCallbackReceiver({ loopback: false, readPastedUrl: input.read });
    expect(input.waiting(), 'one read of the input, shared').toBe(1);
    input.type(`${second.redirectUri}?code=b&state=two`);
    expect((await second.next(1000)).url.searchParams.get('state')).toBe('two');
    await second.close();
  },
);

test('a pasted URL for another scheme, host, port or path is refused with callback_mismatch; the right one is still accepted', async () => {
  const input = lines();
  const rejected: string[] = [];
  const receiver = await startCallbackReceiver({
    loopback: false,
    readPastedUrl: input.read,
    onPasteRejected: (err) => rejected.push(err.code),
  });
  const right = new URL(receiver.redirectUri);
  const wrong = [
    `https://127.0.0.1:${right.port}/callback?code=c&state=s`,
    `http://evil.example:${right.port}/callback?code=c&state=s`,
    `http://localhost:${right.port}/callback?code=c&state=s`,
    `http://127.0.0.1:${Number(right.port) === 65535 ? 1 : Number(right.port) + 1}/callback?code=c&state=s`,
    `http://127.0.0.1:${right.port}/callback/x?code=c&state=s`,
  ];
  for (const url of wrong) {
    expect(() => parsePastedCallback(url, receiver.redirectUri), url).toThrow(
      expect.objectContaining({ code: 'callback_mismatch' }),
    );
    input.type(url);
    await new Promise((resolve) => setImmediate(resolve));
  }
  input.type(`${receiver.redirectUri}?code=c&state=s`);
  expect((await receiver.next(1000)).url.href).toBe(`${receiver.redirectUri}?code=c&state=s`);
  expect(rejected).toEqual(wrong.map(() => 'callback_mismatch'));
  await receiver.close();
});

test('stray, forged and malformed requests to the loopback receiver get an error page and do not end the sign-in', async () => {
  const receiver = await startCallbackReceiver({ loopback: true, state: 'the-state' });
  const stray = [
    `${receiver.redirectUri}`,
    `${receiver.redirectUri}?code=c`,
    `${receiver.redirectUri}?code=c&state=other`,
    `${receiver.redirectUri}?code=c&state=the-state&state=x`,
  ];
  for (const url of stray) {
    const response = await fetch(url);
    expect(response.status, url).toBe(400);
    expect(await response.text()).toContain('The sign-in in progress is still waiting');
  }
  // Request targets a browser would never send, written on a raw socket.
  const { port } = new URL(receiver.redirectUri);
  for (const target of ['//[', 'http://[::1', '/callback?%zz=%', '*']) {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer, target).toMatch(/^HTTP\/1\.1 4\d\d /);
  }
  const good = await fetch(`${receiver.redirectUri}?code=c&state=the-state`);
  expect(good.status).toBe(200);
  expect((await receiver.next(1000)).url.searchParams.get('code')).toBe('c');
  await receiver.close();
});
