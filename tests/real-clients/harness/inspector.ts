// The MCP Inspector's CLI (2.x), opt-in: installed on demand into the cache
// (it brings a web UI and a terminal UI this project does not need). Each
// step is one CLI call, sharing a temporary HOME and OAuth state file; the CLI
// opens the browser itself (MCP_AUTO_OPEN_ENABLED) and asks on stdin before a
// step-up, which the harness answers "y", as a user would.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript, type ClientAdapter, type RunContext } from './harness.ts';
import { installCached, resolveVersions } from './install.ts';

const PACKAGE = '@modelcontextprotocol/inspector';
const CLI = 'node_modules/@modelcontextprotocol/inspector/clients/cli/build/index.js';
const CALL_TIMEOUT_MS = 40_000;

function runCli(
  cli: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      signal,
      timeout: CALL_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', () => {});
    // The answer to "authorize the additional scopes?": yes.
    child.stdin.end('y\n');
    child.on('close', (code) => {
      if (process.env.COMPAT_DEBUG)
        console.log(
          `[inspector ${args.slice(1).join(' ')}] exit ${code}\n${stdout.slice(-800)}\n${stderr.slice(-1500)}`,
        );
      resolve({ code, stdout, stderr });
    });
  });
}

async function runInspector(
  cli: string,
  { mcpUrl, scenario, browserEnv, signal }: RunContext,
): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'compat-inspector-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...browserEnv,
    HOME: home,
    MCP_AUTO_OPEN_ENABLED: 'true',
    MCP_INSPECTOR_OAUTH_STATE_PATH: join(home, 'oauth-state.json'),
    MCP_CATALOG_PATH: join(home, 'mcp.json'),
    // No desktop keyring here: keep the tokens in a file in the temporary HOME, as the CLI allows.
    MCP_INSPECTOR_SECRET_STORE: 'file',
    MCP_INSPECTOR_SECRET_FILE: join(home, 'secrets.json'),
  };
  const call = async (tool: string, args: Record<string, unknown> = {}) => {
    const toolArgs = Object.entries(args).flatMap(([k, v]) => ['--tool-arg', `${k}=${String(v)}`]);
    const result = await runCli(
      cli,
      [mcpUrl, '--method', 'tools/call', '--tool-name', tool, ...toolArgs],
      env,
      signal,
    );
    if (result.code !== 0)
      throw new Error(
        result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${result.code}`,
      );
    try {
      const parsed = JSON.parse(result.stdout) as {
        content?: { text?: string }[];
        isError?: boolean;
      };
      return {
        text: (parsed.content ?? []).map((c) => c.text ?? '').join('\n'),
        isError: Boolean(parsed.isError),
      };
    } catch {
      return { text: result.stdout.trim(), isError: false };
    }
  };
  try {
    return await runScript({ connect: async () => {}, call, close: async () => {} }, scenario);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export async function inspectorAdapters(specs: string[]): Promise<ClientAdapter[]> {
  const adapters: ClientAdapter[] = [];
  for (const version of await resolveVersions(PACKAGE, specs)) {
    const dir = await installCached('inspector', PACKAGE, version, CLI);
    adapters.push({
      id: `inspector-${version}`,
      client: 'MCP Inspector CLI',
      version,
      run: (ctx) => runInspector(join(dir, CLI), ctx),
    });
  }
  return adapters;
}
