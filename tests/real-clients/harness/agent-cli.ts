// What the agent CLIs' adapters share (Codex CLI, opencode): running one
// command of the CLI with a time limit, and reading what it printed without
// terminal noise. Each CLI runs with a temporary HOME, so nothing of the
// machine's own configuration or credentials is read or written.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedCall, ToolResult } from './mock-anthropic.ts';

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin args` to its end (or until the time limit or the harness's signal). */
export function spawnCli(
  bin: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; signal: AbortSignal },
): Promise<Spawned> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', () => {});
    child.on('close', (code) => {
      if (process.env.COMPAT_DEBUG) {
        const name = `${bin.split('/').at(-1)} ${args.join(' ').slice(0, 80)}`;
        console.log(
          `[${name}] exit ${code}\n${plain(stdout).slice(-1500)}\n${plain(stderr).slice(-1500)}`,
        );
      }
      resolve({ code, stdout, stderr });
    });
  });
}

/** A temporary HOME for one run. */
export const tempHome = (name: string) => mkdtemp(join(tmpdir(), `compat-${name}-home-`));

/** Text without ANSI escapes and spinner frames, as a person would read it. */
export function plain(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
      .replace(/[◒◐◓◑]\s+[^\n]*?(?=[◒◐◓◑■◇●│└┌]|$)/gu, '')
  );
}

export const oneLine = (text: string) => plain(text).replace(/\s+/g, ' ').trim();

/** True once `check` passes, false after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** What the notes server answers to a successful add_note. */
export const WROTE_NOTE = /Added note #\d+/;

/** The notes tools as an agent names them (each namespaces MCP tools its own way). */
export interface NotesTools {
  list: string;
  add: string;
}

/** What the harness needs of a model-API mock: its plan, what it offered, what came back. */
interface PlannedMock {
  plan: PlannedCall[];
  offered: string[];
  results: ToolResult[];
}

/**
 * The step-up a headless agent session meets: list the notes, then add one
 * (after waiting out the token, in the short-lived-token scenario), the agent
 * prompted through `send`. Returns the add_note result, or what the user read
 * when the agent never called it.
 */
export async function readThenWrite(
  mock: PlannedMock,
  tools: NotesTools,
  scenario: string,
  send: (prompt: string) => Promise<Spawned>,
): Promise<{ write: ToolResult } | { notCalled: string }> {
  mock.plan = [{ tool: tools.list, input: {} }];
  if (scenario === 'short-lived-token') {
    await send('List my notes.');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    mock.plan = [{ tool: tools.add, input: { text: 'written after step-up' } }];
  } else {
    mock.plan.push({ tool: tools.add, input: { text: 'written after step-up' } });
  }
  const session = await send('List my notes, then add one.');
  const write = mock.results.filter((r) => r.tool.endsWith('add_note')).at(-1);
  if (write) return { write };
  const offered = mock.offered.filter((n) => n.includes('notes')).join(', ') || 'no notes tools';
  const printed = oneLine(session.stdout || session.stderr).slice(0, 200);
  return { notCalled: `add_note was not called (offered: ${offered}); ${printed}` };
}
