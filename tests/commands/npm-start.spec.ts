// `npm start` is the first command a newcomer runs: it must start the docs
// site and both reference servers, print their three URLs, and print no error
// and no warning on the way (a red line there makes a working setup look broken).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../examples/shared/free-port.ts';
import { expect, test } from '../support/fixtures.ts';

/** Resolves with everything printed once `ready` matches it; rejects if the process ends first. */
function waitForOutput(child: ChildProcess, ready: RegExp, log: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.text += chunk.toString('utf8');
      if (ready.test(log.text)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`npm start exited with ${code} before it was ready:\n${log.text}`)),
    );
  });
}

/** npm, Node, the servers and Astro: the whole process group. */
function stopGroup(child: ChildProcess): void {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

let running: ChildProcess | undefined;
// A timed-out test never reaches its own finally block; this runs regardless.
test.afterEach(() => {
  if (running) stopGroup(running);
});

// Tagged: `npm test` runs it in a stage of its own, once the build and the
// type-check are done, since Astro's dev server writes the .astro/ folder that
// they write and read (with them at once, it once answered the guide with a 404).
test(
  'npm start serves the site and both servers, and prints no error or warning',
  {
    tag: '@astro-dev',
  },
  async () => {
    test.setTimeout(90_000);
    const docsPort = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'npm-start-'));
    const child = spawn('npm', ['start'], {
      // Free ports, so a developer's own `npm start` keeps running beside the tests.
      env: {
        ...process.env,
        DOCS_PORT: String(docsPort),
        AS_PORT: '0',
        MCP_PORT: '0',
        DATA_FILE: join(dataDir, 'db.sqlite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running = child;
    const log = { text: '' };
    try {
      await waitForOutput(child, /watching for file changes/, log);
      const issuer = /Authorization server\s+(http:\/\/\S+)/.exec(log.text)?.[1];
      const mcpUrl = /MCP server\s+(http:\/\/\S+)/.exec(log.text)?.[1];
      expect(log.text).toContain(`Docs site             http://127.0.0.1:${docsPort}/`);
      expect(issuer, 'the authorization server URL is printed').toBeTruthy();
      expect(mcpUrl, 'the MCP server URL is printed').toBeTruthy();

      // The three URLs answer: a page of the site (rendered on request, so any
      // render-time error is printed now), the authorization server's metadata,
      // and the MCP endpoint's challenge to a request with no token.
      const page = await fetch(`http://127.0.0.1:${docsPort}/guides/authenticate/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Step-up authorization and elevated scopes');
      const metadata = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
      expect(metadata.status).toBe(200);
      expect(((await metadata.json()) as { issuer: string }).issuer).toBe(issuer);
      const mcp = await fetch(mcpUrl!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
      });
      expect(mcp.status).toBe(401);
      expect(mcp.headers.get('www-authenticate')).toMatch(/^Bearer /);

      // Give a late warning (Vite's dependency scan runs after "ready") time to show.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const problems = log.text.split('\n').filter((line) => /\b(error|warn(ing)?)\b/i.test(line));
      expect(problems, `npm start printed:\n${log.text}`).toEqual([]);
    } finally {
      stopGroup(child);
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);
