// `npm test`, `npm run test:quick` and `npm run bench -- test`: the suite's stages,
// run in one place so the three cannot disagree about what "every check" is.
//
//   node scripts/test.ts            every stage (what CI runs)
//   node scripts/test.ts --quick    static checks, unit tests, the step-up browser test
//   node scripts/test.ts --bench    every stage, then each stage's time and the 10 slowest tests
//   node scripts/test.ts --list     the stages as JSON, with what each needs (for CI)
//   node scripts/test.ts --stage S  stage S alone (CI's jobs)
//   (every run prints each stage's time, and the machine's busy CPU-seconds)
//
// Stages start as soon as what they need is done, side by side: most of them
// wait on servers, browsers and child processes part of the time, so two
// cores stay busy. The site's browser tests, the drift self-test and astro
// check need the build; the npm start test waits for the build and astro
// check. A stage's output is printed when it ends.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

interface Stage {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Stages that must pass first. */
  after?: string[];
}

const NODE = process.execPath;
const bin = (pkg: string) => `node_modules/${pkg}`;
const DURATIONS = 'test-results/durations.json';
const SITE_DURATIONS = 'test-results/durations-site.json';
const START_DURATIONS = 'test-results/durations-npm-start.json';
/** The tag of the tests that run Astro's dev server (tests/commands/npm-start.spec.ts). */
const ASTRO_DEV = '@astro-dev';

const playwright = (name: string, env: NodeJS.ProcessEnv, ...extra: string[]): Stage => ({
  name,
  args: [bin('@playwright/test/cli.js'), 'test', ...extra],
  env,
});

const QUICK_TESTS = ['examples/', 'scripts/', 'src/', 'tests/reference-client/step-up.spec.ts'];

function plan(mode: 'all' | 'quick'): Stage[] {
  const staticChecks: Stage = { name: 'static checks', args: ['scripts/check-all.ts'] };
  if (mode === 'quick') {
    // No site build: the unit and step-up tests do not need the built site.
    return [
      staticChecks,
      {
        ...playwright('playwright', { SITE_TESTS: '0' }, ...QUICK_TESTS),
        after: ['static checks'],
      },
    ];
  }
  return [
    staticChecks,
    { name: 'build', args: [bin('astro/bin/astro.mjs'), 'build'] },
    playwright(
      'playwright: main',
      { SITE_TESTS: '0', PLAYWRIGHT_DURATIONS: DURATIONS },
      '--project',
      'main',
      '--workers',
      process.env.MAIN_WORKERS ?? '2',
      '--grep-invert',
      ASTRO_DEV,
    ),
    // `npm start` runs Astro's dev server in this folder, which writes the
    // .astro/ folder the build and astro check write and read: after them.
    {
      ...playwright(
        'playwright: npm start',
        { SITE_TESTS: '0', PLAYWRIGHT_DURATIONS: START_DURATIONS },
        '--project',
        'main',
        '--grep',
        ASTRO_DEV,
        // Its own folder: a run empties its output folder first, and main's is in use.
        '--output',
        'test-results/npm-start',
      ),
      after: ['build', 'astro check'],
    },
    {
      ...playwright(
        'playwright: site',
        { PLAYWRIGHT_DURATIONS: SITE_DURATIONS },
        '--project',
        'site',
      ),
      after: ['build'],
    },
    // After the build: it plants a broken link in a copy of dist/. astro check
    // waits too, and reads the .astro/ types the build wrote (--noSync: it
    // would otherwise write them again, at the same time as the build).
    { name: 'drift self-test', args: ['scripts/drift-selftest.ts'], after: ['build'] },
    {
      name: 'astro check',
      args: [bin('astro/bin/astro.mjs'), 'check', '--noSync'],
      after: ['build'],
    },
  ];
}
/** CPU-seconds the whole machine has spent busy since boot (Linux's /proc/stat); undefined elsewhere. */
function machineCpuSeconds(): number | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user! + nice! + system! + irq! + softirq!) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

interface Result {
  stage: Stage;
  code: number;
  seconds: number;
  output: string;
}

/** Runs a stage, keeping its output to print when it ends (stages share the terminal). */
function run(stage: Stage): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(NODE, stage.args, {
      env: { ...process.env, ...stage.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('close', (code, signal) =>
      resolve({
        stage,
        code: code ?? (signal ? 1 : 0),
        seconds: (performance.now() - started) / 1000,
        output,
      }),
    );
  });
}

let options: { quick: boolean; bench: boolean; list: boolean; stage?: string };
try {
  options = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      bench: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      stage: { type: 'string' },
    },
  }).values as typeof options;
} catch (err) {
  console.error(
    `scripts/test.ts: ${(err as Error).message}; use --quick, --bench, --list or --stage NAME`,
  );
  process.exit(2);
}
const mode = options.quick ? 'quick' : 'all';
const bench = options.bench;

// CI (.github/workflows/ci.yml) runs each stage as a job of its own: --list
// tells it the stages and what each needs, --stage runs one of them (the
// stages it needs are assumed done, e.g. dist/ downloaded from the build job).
if (options.list) {
  console.log(JSON.stringify(plan(mode).map(({ name, after }) => ({ name, after: after ?? [] }))));
  process.exit(0);
}
if (options.stage !== undefined && !plan(mode).some((s) => s.name === options.stage)) {
  const names = plan(mode)
    .map((s) => `"${s.name}"`)
    .join(', ');
  console.error(`scripts/test.ts: no stage "${options.stage}"; the stages are ${names}`);
  process.exit(2);
}

// Every Node process the stages start (Playwright workers, the clients under
// test, the drift copies' runs) reuses the compiled code of the others.
process.env.NODE_COMPILE_CACHE ??= resolve('node_modules/.cache/node-compile-cache');

const results: Result[] = [];
const suiteStarted = performance.now();
const cpuStarted = machineCpuSeconds();
for (const file of [DURATIONS, SITE_DURATIONS, START_DURATIONS]) rmSync(file, { force: true });

/** Starts each stage once the stages it needs have passed; a stage whose need failed does not run. */
const stages = plan(mode)
  .filter((s) => options.stage === undefined || s.name === options.stage)
  .map((s) => (options.stage === undefined ? s : { ...s, after: [] }));
const done = new Map<string, Promise<Result | undefined>>();
const at = () => `${((performance.now() - suiteStarted) / 1000).toFixed(0).padStart(4)} s`;
const start = (stage: Stage): Promise<Result | undefined> => {
  const known = done.get(stage.name);
  if (known) return known;
  const promise = (async () => {
    const needs = await Promise.all(
      (stage.after ?? []).map((name) => start(stages.find((s) => s.name === name)!)),
    );
    if (needs.some((r) => !r || r.code !== 0)) {
      console.log(`${at()}  skipped ${stage.name}: ${stage.after!.join(', ')} failed`);
      return undefined;
    }
    console.log(`${at()}  started ${stage.name}`);
    const result = await run(stage);
    console.log(
      `\n${at()}  ${result.code ? 'FAILED' : 'passed'} ${stage.name} (${result.seconds.toFixed(1)} s) ${'-'.repeat(20)}\n${result.output.trimEnd()}\n`,
    );
    results.push(result);
    return result;
  })();
  done.set(stage.name, promise);
  return promise;
};
await Promise.all(stages.map(start));
const failed = stages.filter((s) => !results.some((r) => r.stage === s && r.code === 0));
if (failed.length) {
  console.error(
    `\nnpm test: FAILED: ${failed.map((s) => `"${s.name}"${results.some((r) => r.stage === s) ? '' : ' (not run)'}`).join(', ')} (output above).`,
  );
  process.exitCode = 1;
}
const total = (performance.now() - suiteStarted) / 1000;

// Each stage's time, always: the 2-minute budget is watched on every run.
console.log('\nstage                                    seconds');
for (const r of results)
  console.log(
    `${r.stage.name.padEnd(40)}${r.seconds.toFixed(1).padStart(8)}${r.code ? '  FAILED' : ''}`,
  );
console.log(`${'total (wall, stages side by side)'.padEnd(40)}${total.toFixed(1).padStart(8)}`);
// The budget is wall time on 2 cores, and with both busy it follows the CPU
// the checks need: the machine's busy CPU-seconds show which way it goes.
const cpuEnded = machineCpuSeconds();
if (cpuStarted !== undefined && cpuEnded !== undefined)
  console.log(
    `${`CPU busy (whole machine, ${availableParallelism()} cores)`.padEnd(40)}${(cpuEnded - cpuStarted).toFixed(0).padStart(6)} CPU-s`,
  );
if (bench) {
  const tests = [DURATIONS, SITE_DURATIONS, START_DURATIONS]
    .filter((f) => existsSync(f))
    .flatMap(
      (f) =>
        JSON.parse(readFileSync(f, 'utf8')) as { title: string; file: string; seconds: number }[],
    );
  const sum = tests.reduce((s, t) => s + t.seconds, 0);
  console.log(
    `\n${tests.length} Playwright tests, ${sum.toFixed(1)} s of test time; the 10 slowest:`,
  );
  for (const t of tests.toSorted((a, b) => b.seconds - a.seconds).slice(0, 10)) {
    console.log(`${t.seconds.toFixed(1).padStart(6)} s  ${t.file} › ${t.title}`);
  }
}
console.log(
  `\nnpm test: ${results.length} stage(s) in ${total.toFixed(0)} s${process.exitCode ? ', FAILED' : ''}`,
);
