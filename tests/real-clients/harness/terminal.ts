// A terminal a person looks at: a program runs in a tmux pane, the harness
// reads the screen as drawn (`capture-pane`) and types keys (`send-keys`).
// tmux is a system tool, not a dependency; each Terminal has its own tmux
// server (a socket in a temporary folder), so it never touches a user's tmux.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TerminalOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Wide enough that a sign-in URL stays on one line (so it can be redacted whole). */
  columns?: number;
  rows?: number;
}

export class Terminal {
  readonly #dir: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cwd: string;

  private constructor(dir: string, env: NodeJS.ProcessEnv, cwd: string) {
    this.#dir = dir;
    this.#env = env;
    this.#cwd = cwd;
  }

  /** Starts `argv` in the first window ("main"). */
  static async start(
    argv: string[],
    { env, cwd, columns = 400, rows = 50 }: TerminalOptions,
  ): Promise<Terminal> {
    const dir = await mkdtemp(join(tmpdir(), 'compat-tmux-'));
    // focus-events on: Claude Code otherwise prints a hint about it on the screen.
    await writeFile(
      join(dir, 'tmux.conf'),
      'set -g focus-events on\nset -g remain-on-exit on\nset -g history-limit 5000\n',
    );
    const terminal = new Terminal(dir, env, cwd);
    await terminal.#tmux([
      '-f',
      join(dir, 'tmux.conf'),
      'new-session',
      '-d',
      '-s',
      'compat',
      '-n',
      'main',
      '-x',
      String(columns),
      '-y',
      String(rows),
      '-c',
      cwd,
      '--',
      ...argv,
    ]);
    return terminal;
  }

  async #tmux(args: string[]): Promise<string> {
    const { stdout } = await run('tmux', ['-S', join(this.#dir, 'socket'), ...args], {
      env: this.#env,
      cwd: this.#cwd,
    });
    return stdout;
  }

  /** Runs argv in another window (a second terminal tab), e.g. `claude mcp login notes`. */
  async open(window: string, argv: string[]): Promise<void> {
    await this.#tmux([
      'new-window',
      '-d',
      '-t',
      'compat',
      '-n',
      window,
      '-c',
      this.#cwd,
      '--',
      ...argv,
    ]);
  }

  /** The screen as drawn, lines right-trimmed, trailing blank lines dropped. */
  async screen(window = 'main'): Promise<string> {
    const text = await this.#tmux(['capture-pane', '-p', '-t', `compat:${window}`]);
    return text
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\n+$/, '');
  }

  /** Whether the program in the window has exited (the pane stays to be read). */
  async exited(window = 'main'): Promise<boolean> {
    const out = await this.#tmux([
      'display-message',
      '-p',
      '-t',
      `compat:${window}`,
      '#{pane_dead}',
    ]);
    return out.trim() === '1';
  }

  async type(text: string, window = 'main'): Promise<void> {
    await this.#tmux(['send-keys', '-t', `compat:${window}`, '-l', text]);
  }

  /** tmux key names: Enter, Escape, Up, Down, C-c ... */
  async press(key: string, window = 'main'): Promise<void> {
    await this.#tmux(['send-keys', '-t', `compat:${window}`, key]);
  }

  /**
   * Polls the screen until `test` holds; returns that screen. On timeout throws with the last
   * screen.
   */
  async waitFor(
    test: (screen: string) => boolean,
    timeoutMs: number,
    what: string,
    window = 'main',
  ): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      last = await this.screen(window).catch(() => last);
      if (test(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(
      `timed out after ${timeoutMs / 1000} s waiting for ${what}; the screen:\n${last}`,
    );
  }

  async close(): Promise<void> {
    await this.#tmux(['kill-server']).catch(() => {});
    await rm(this.#dir, { recursive: true, force: true });
  }
}
