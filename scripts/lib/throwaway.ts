// Throwaway copies of the project, for checks that change code on purpose
// (the drift self-test, the planted defects): the project's files (`git
// ls-files`, plus new files not yet committed) and a node_modules of hard
// links to this project's packages. Only the check meant for a change runs in
// its copy, and a copy's site preview gets a free port.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = process.cwd();
export const NODE = process.execPath;
export const PLAYWRIGHT = [
  'node_modules/@playwright/test/cli.js',
  'test',
  '--config',
  'playwright.drift.config.ts',
];
export const copies: string[] = [];

/**
 * node_modules for a copy: the same directories, with each file hard-linked
 * (copied if it cannot be), and without the build caches. Not a symlink: Astro
 * cannot build a project whose packages resolve outside its root.
 */
export function linkTree(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [src, dest] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) {
      if (!['.astro', '.vite', '.cache'].includes(entry.name)) linkTree(src, dest);
    } else if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(src), dest);
    } else {
      try {
        linkSync(src, dest);
      } catch {
        copyFileSync(src, dest);
      }
    }
  }
}

/** The project's files: git's list, or (in a copy, which is no git work tree) every file but the generated ones. */
function projectFiles(): string[] {
  if (existsSync(join(ROOT, '.git'))) {
    return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
  }
  const skip = new Set([
    'node_modules',
    'dist',
    '.astro',
    'test-results',
    'playwright-report',
    '.stryker-tmp',
    'reports',
  ]);
  const walk = (rel: string): string[] =>
    readdirSync(join(ROOT, rel), { withFileTypes: true }).flatMap((e) =>
      skip.has(e.name)
        ? []
        : e.isDirectory()
          ? walk(join(rel, e.name))
          : e.isFile()
            ? [join(rel, e.name)]
            : [],
    );
  return walk('');
}

export function makeCopy(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `drift-${label}-`));
  copies.push(dir);
  const files = projectFiles();
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  linkTree(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Playwright config for a copy: the project's, with a quiet reporter and the site (if needed) on `port`. */
export function writePlaywrightConfig(copy: string, port?: number, reporter = "[['line']]"): void {
  const webServer = port
    ? `{ command: 'node node_modules/astro/bin/astro.mjs preview --port ${port} --host 127.0.0.1', url: 'http://127.0.0.1:${port}/', reuseExistingServer: false, stdout: 'ignore' }`
    : 'undefined';
  writeFileSync(
    join(copy, 'playwright.drift.config.ts'),
    `import base from './playwright.config.ts';
export default { ...base, reporter: ${reporter}, webServer: ${webServer}, use: { ...base.use, trace: 'off', baseURL: 'http://127.0.0.1:${port ?? 9}' } };
`,
  );
}

/** Change one file in a copy; throws if the change no longer applies (the file changed). */
export function edit(copy: string, file: string, change: (text: string) => string): void {
  const path = join(copy, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before)
    throw new Error(
      `cannot introduce the drift: ${file} no longer has the text this self-test changes; update the script that makes it`,
    );
  writeFileSync(path, after);
}

export interface Run {
  code: number | null;
  output: string;
}

export function run(
  copy: string,
  args: string[],
  timeoutMs = 240_000,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(NODE, args, {
      cwd: copy,
      env: { ...process.env, ...env, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[drift self-test: timed out after ${timeoutMs / 1000}s]`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Removes the copies, unless DRIFT_KEEP=1 (then says where they are). */
export function removeCopies(): void {
  if (process.env.DRIFT_KEEP === '1') console.log(`copies kept in ${copies.join(' ')}`);
  else for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}
