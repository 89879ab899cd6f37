// Running the official conformance suite and reading what it wrote: shared by
// the 0.1.16 run (client-suite.spec.ts) and the 0.2.0-alpha.12 runs
// (next-suite.spec.ts). Each release is its own package (`conformance-next`
// is the npm alias of the newer), so a run names the entry point it uses.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

export const NODE = 'node_modules/.bin/node'; // Node 22, as the suite and the client need
/** The reference client as `npm run conformance:client` runs it: from its TypeScript source. */
export const CLIENT = `${NODE} examples/conformance/client.ts`;
export const SUITE_0_1_16 = 'node_modules/@modelcontextprotocol/conformance/dist/index.js';
export const SUITE_NEXT = 'node_modules/conformance-next/dist/index.js';

export interface Check {
  id: string;
  name: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  description?: string;
  errorMessage?: string;
}

export interface SuiteRun {
  exitCode: number | null;
  output: string;
  /** Each scenario's checks, by scenario name (`auth/scope-step-up`, `tools_call`, ...). */
  scenarios: Map<string, Check[]>;
}

let bundled: Promise<string> | undefined;

/**
 * The same client, bundled into one file by esbuild (once per test worker).
 * The suite starts the client once per scenario, 68 times in the three
 * runs, and starting it from source (stripping the types of its files and
 * loading some 400 modules) cost 0.4 CPU-s a start, most of what a scenario
 * costs; the bundle starts in 0.15. The code is the same, so is what it does
 * (client-suite.spec.ts checks that the source starts too).
 */
export function bundledClient(): Promise<string> {
  bundled ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conformance-client-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'client.mjs');
    await build({
      entryPoints: ['examples/conformance/client.ts'],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      logLevel: 'warning',
      // Some dependencies are CommonJS and call require().
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    return `${NODE} ${outfile}`;
  })();
  return bundled;
}

/** Every checks.json under the output directory: [auth/]<scenario>-<timestamp>/checks.json. */
async function readScenarios(outputDir: string): Promise<Map<string, Check[]>> {
  const scenarios = new Map<string, Check[]>();
  const entries = await readdir(outputDir, { recursive: true }).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => e.endsWith('checks.json')).sort()) {
    const dir = relative(outputDir, join(outputDir, entry, '..'));
    const name = dir.replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
    scenarios.set(name, JSON.parse(await readFile(join(outputDir, entry), 'utf8')) as Check[]);
  }
  return scenarios;
}

/** Runs the suite at `entry` once; `onLine` sees its output line by line as it comes. */
export async function runSuite(
  entry: string,
  args: string[],
  outputDir: string,
  onLine?: (line: string) => void,
): Promise<SuiteRun> {
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  const child = spawn(NODE, [entry, ...args, '-o', outputDir], { stdio });
  let output = '';
  let pending = '';
  const take = (chunk: Buffer) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) onLine?.(line);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { exitCode, output, scenarios: await readScenarios(outputDir) };
}
