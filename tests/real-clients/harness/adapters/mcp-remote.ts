// mcp-remote: the stdio-to-remote OAuth proxy many desktop hosts use. The
// harness is the host (SDK client over stdio); mcp-remote does the OAuth and
// opens the browser through BROWSER / xdg-open, which lead to the harness's Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { freePort } from '../../../../examples/shared/free-port.ts';
import { runScript, type ClientAdapter } from '../harness.ts';
import { installedVersion, toolText } from './sdk-host.ts';

const PROXY = fileURLToPath(
  new URL('../../../../node_modules/mcp-remote/dist/proxy.js', import.meta.url),
);
const CALL_TIMEOUT_MS = 40_000;

export const mcpRemoteAdapter: ClientAdapter = {
  id: `mcp-remote-${installedVersion('mcp-remote')}`,
  client: 'mcp-remote',
  version: installedVersion('mcp-remote'),
  async run({ mcpUrl, scenario, browserEnv, signal }) {
    const configDir = await mkdtemp(join(tmpdir(), 'compat-mcp-remote-'));
    const stderr: string[] = [];
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [PROXY, mcpUrl, String(await freePort()), '--host', '127.0.0.1'],
      env: {
        ...(process.env as Record<string, string>),
        ...browserEnv,
        MCP_REMOTE_CONFIG_DIR: configDir,
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) =>
      stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
    );
    const client = new Client({ name: 'compat-harness', version: '1.0.0' });
    signal.addEventListener('abort', () => void client.close().catch(() => {}));
    try {
      return await runScript(
        {
          connect: () => client.connect(transport, { timeout: CALL_TIMEOUT_MS }),
          call: async (name, args) =>
            toolText(
              (await client.callTool({ name, arguments: args }, undefined, {
                timeout: CALL_TIMEOUT_MS,
              })) as { content?: unknown },
            ),
          close: () => client.close(),
        },
        scenario,
      );
    } catch (err) {
      // What mcp-remote printed last says more than the host's error.
      const last = stderr.filter((l) => /error|fail|403|denied/i.test(l)).at(-1);
      throw new Error(
        `${err instanceof Error ? err.message : String(err)}${last ? ` | mcp-remote: ${last}` : ''}`,
        { cause: err },
      );
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }
  },
};
