// Running the official conformance suite and reading what it wrote: shared by
// the 0.1.16 run (client-suite.spec.ts) and the 0.2.0-alpha.12 runs
// (next-suite.spec.ts). Each release is its own package (`conformance-next`
// is the npm alias of the newer), so a run names the entry point it uses.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export const NODE = 'node_modules/.bin/node'; // Node 22, as the suite and the client need
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
