// The compatibility harness's browser user meets a client's callback the way a
// person would: a client that starts listening a moment after opening the
// browser still gets its code (a person is seconds slower than the harness),
// and a client that never listens never does.
import { expect, test } from '../../support/fixtures.ts';
import { createServer } from 'node:http';
import { freePort } from '../../../examples/shared/free-port.ts';
import { listenOnLoopback } from '../../../examples/shared/loopback.ts';
import { BrowserUser, CALLBACK_RETRY } from './browser.ts';

/** An "authorization server" whose /auth sends the browser straight back to the callback, as a remembered consent does. */
async function redirectingIssuer(callbackPort: number) {
  const server = createServer((req, res) => {
    res
      .writeHead(303, {
        location: `http://127.0.0.1:${callbackPort}/oauth/callback?code=c1&state=s1`,
      })
      .end();
  });
  const port = await listenOnLoopback(server);
  return {
    issuer: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

test('a client that starts listening just after opening the browser still receives its callback', async ({
  browser,
}) => {
  const callbackPort = await freePort();
  const issuer = await redirectingIssuer(callbackPort);
  const heard: string[] = [];
  const callback = createServer((req, res) => {
    if (req.url?.startsWith('/oauth/')) heard.push(req.url);
    res.end('signed in');
  });
  const user = await BrowserUser.create(browser, issuer.issuer);
  try {
    // The redirect lands before anything listens, as with mcp-remote's mid-session sign-in.
    const visit = user.open(`${issuer.issuer}/auth`);
    setTimeout(() => void listenOnLoopback(callback, callbackPort), 300);
    await visit;
    expect(heard).toEqual(['/oauth/callback?code=c1&state=s1']);
  } finally {
    await user.close();
    callback.close();
    await issuer.close();
  }
});

test('a client that never listens never hears the callback, and nothing reloads it behind the next run', async ({
  browser,
}) => {
  const callbackPort = await freePort();
  const issuer = await redirectingIssuer(callbackPort);
  const user = await BrowserUser.create(browser, issuer.issuer);
  try {
    await user.open(`${issuer.issuer}/auth`);
    expect(user.screens).toEqual([]);
    // The same port listening after the retries stopped hears nothing: nothing reloads behind the harness.
    const heard: string[] = [];
    const late = createServer((req, res) => {
      if (req.url?.startsWith('/oauth/')) heard.push(req.url);
      res.end();
    });
    await listenOnLoopback(late, callbackPort);
    await new Promise((resolve) => setTimeout(resolve, 3 * CALLBACK_RETRY.everyMs));
    late.close();
    expect(heard).toEqual([]);
  } finally {
    await user.close();
    await issuer.close();
  }
});
