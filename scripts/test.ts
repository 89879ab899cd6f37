// `npm test`, `npm run test:quick` and `npm run bench:test`: the suite's stages,
// run in one place so the three cannot disagree about what "every check" is.
//
//   node scripts/test.ts            every stage (what CI runs)
//   node scripts/test.ts --quick    static checks, unit tests, the step-up browser test
//   node scripts/test.ts --bench    every stage, then each stage's time and the 10 slowest tests
//   (every run prints each stage's time)
//
// Stages in one group run side by side (2 cores: the type-check is mostly
// waiting on one core while the build uses the other); groups run in order
// and the first failing group stops the run.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

interface Stage {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const NODE = process.execPath;
const bin = (pkg: string) => `node_modules/${pkg}`;
const DURATIONS = 'test-results/durations.json';

const typecheck: Stage[] = [
  { name: 'astro check', args: [bin('astro/bin/astro.mjs'), 'check'] },
  { name: 'tsc', args: [bin('typescript/bin/tsc'), '--noEmit'] },
];
const staticChecks: Stage = { name: 'static checks', args: ['scripts/check-all.ts'] };
const build: Stage = { name: 'build', args: [bin('astro/bin/astro.mjs'), 'build'] };
const playwright = (...extra: string[]): Stage => ({ name: 'playwright', args: [bin('@playwright/test/cli.js'), 'test', ...extra] });
const drift: Stage = { name: 'drift self-test', args: ['scripts/drift-selftest.ts'] };

const QUICK_TESTS = ['examples/', 'scripts/', 'src/', 'tests/step-up.spec.ts'];

function plan(mode: 'all' | 'quick'): Stage[][] {
  if (mode === 'quick') {
    // No site build: the unit and step-up tests do not need the built site.
    return [[staticChecks], [{ ...playwright(...QUICK_TESTS), env: { SITE_TESTS: '0' } }]];
  }
  // astro check writes .astro/ types the build also writes: run it first, alone.
  return [[typecheck[0]!], [typecheck[1]!, staticChecks, build], [playwright()], [drift]];
}

interface Result {
  stage: Stage;
  code: number;
  seconds: number;
  output: string;
}

/** Runs a stage; streams its output when it runs alone, buffers it when it shares the machine. */
function run(stage: Stage, alone: boolean): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(NODE, stage.args, { env: { ...process.env, ...stage.env }, stdio: alone ? 'inherit' : 'pipe' });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d));
    child.stderr?.on('data', (d: Buffer) => (output += d));
    child.on('close', (code, signal) => resolve({ stage, code: code ?? (signal ? 1 : 0), seconds: (performance.now() - started) / 1000, output }));
  });
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--quick' && a !== '--bench');
if (unknown.length) {
  console.error(`scripts/test.ts: unknown option ${unknown.join(' ')}; use --quick or --bench`);
  process.exit(2);
}
const mode = args.includes('--quick') ? 'quick' : 'all';
const bench = args.includes('--bench');

const results: Result[] = [];
const suiteStarted = performance.now();
rmSync(DURATIONS, { force: true });
for (const group of plan(mode)) {
  if (group.length > 1) console.log(`\n> ${group.map((s) => s.name).join(' | ')} (side by side)`);
  else console.log(`\n> ${group[0]!.name}`);
  const done = await Promise.all(group.map((stage) => run(stage, group.length === 1)));
  for (const r of done) if (group.length > 1) process.stdout.write(r.output);
  results.push(...done);
  const failed = done.filter((r) => r.code !== 0);
  if (failed.length) {
    console.error(`\nnpm test: stopped, ${failed.map((r) => `"${r.stage.name}"`).join(' and ')} failed (output above).`);
    process.exitCode = 1;
    break;
  }
}
const total = (performance.now() - suiteStarted) / 1000;

// Each stage's time, always: the 2-minute budget is watched on every run.
console.log('\nstage                 seconds');
for (const r of results) console.log(`${r.stage.name.padEnd(22)}${r.seconds.toFixed(1).padStart(7)}${r.code ? '  FAILED' : ''}`);
console.log(`${'total (wall)'.padEnd(22)}${total.toFixed(1).padStart(7)}`);
if (bench && existsSync(DURATIONS)) {
  const tests = JSON.parse(readFileSync(DURATIONS, 'utf8')) as { title: string; file: string; seconds: number }[];
  const sum = tests.reduce((s, t) => s + t.seconds, 0);
  console.log(`\n${tests.length} Playwright tests, ${sum.toFixed(1)} s of test time; the 10 slowest:`);
  for (const t of tests.toSorted((a, b) => b.seconds - a.seconds).slice(0, 10)) {
    console.log(`${t.seconds.toFixed(1).padStart(6)} s  ${t.file} › ${t.title}`);
  }
}
console.log(`\nnpm test: ${results.length} stage(s) in ${total.toFixed(0)} s${process.exitCode ? ', FAILED' : ''}`);
