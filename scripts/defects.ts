// Claims that can die: plants each defect of tests/defects/defects.ts in a
// throwaway copy of the project, runs only the tests that state its claims
// (or the protection's test), and fails, naming the claim, when they still
// pass. A test whose assertions were deleted, or that checks too little to
// notice its claim breaking, fails here.
//
//   npm run test:defects                 every defect
//   npm run test:defects -- edge.paste   only defects whose claim or protection contains "edge.paste"
//   npm run test:defects -- a,b          ... contains "a" or "b"
//
// Also fails when a claim has no defect, or a defect no longer applies.
// One copy is reused: each defect is planted, its tests run, the file restored.
import { readFileSync, writeFileSync } from 'node:fs';
import { readReport } from './lib/playwright-report.ts';
import { escapeRegExp } from './check-support.ts';
import { join } from 'node:path';
import { claimIndex } from '../src/lib/claims.ts';
import { DEFECTS, NO_DEFECT, type Defect } from '../tests/defects/defects.ts';
import {
  makeCopy,
  PLAYWRIGHT,
  removeCopies,
  ROOT,
  run,
  writePlaywrightConfig,
} from './lib/throwaway.ts';
import { freePort } from '../examples/shared/free-port.ts';
import { locate } from '../tests/defects/locate.ts';

const started = Date.now();
const only = process.argv[2];
const RESULTS = 'defect-results.json';

interface Verdict {
  defect: Defect;
  caught: boolean;
  evidence: string;
  seconds: number;
}

const nameOf = (d: Defect) => d.claims?.join(', ') ?? `protection: ${d.protection!.name}`;

/** Failed test titles and their errors, from Playwright's JSON report. */
function failures(copy: string): { ran: number; failed: { title: string; error: string }[] } {
  const { tests, loadErrors } = readReport(join(copy, RESULTS));
  const failed = tests.filter((t) => t.failed).map((t) => ({ title: t.title, error: t.errors }));
  if (loadErrors.length) failed.push({ title: '(load error)', error: loadErrors.join('\n') });
  return { ran: tests.filter((t) => !t.skipped).length, failed };
}

async function plant(copy: string, defect: Defect): Promise<Omit<Verdict, 'defect' | 'seconds'>> {
  const path = join(copy, defect.file);
  const original = readFileSync(path, 'utf8');
  const found = locate(original, defect.find);
  if (found.length !== 1)
    return {
      caught: false,
      evidence: `cannot plant the defect: ${defect.file} has its text ${found.length} times, not once; update tests/defects/defects.ts`,
    };
  const [{ index, length }] = found as [{ index: number; length: number }];
  writeFileSync(path, original.slice(0, index) + defect.replace + original.slice(index + length));
  try {
    const tests = defect.claims
      ? defect.claims.flatMap((id) => claimIndex(ROOT).claims.get(id) ?? [])
      : [];
    if (defect.claims && !tests.length)
      return { caught: false, evidence: `no test states claim ${defect.claims[0]}` };
    const files = defect.claims ? [...new Set(tests.map((t) => t.file))] : ['tests/protections/'];
    const grep = defect.claims
      ? defect.claims.map((id) => `@claim:${id.replace(/\./g, '\\.')}(?![\\w.-])`).join('|')
      : escapeRegExp(defect.protection!.test);
    let port: number | undefined;
    const env: NodeJS.ProcessEnv = {};
    if (defect.build) {
      const build = await run(copy, ['node_modules/astro/bin/astro.mjs', 'build']);
      if (build.code !== 0)
        return {
          caught: false,
          evidence: `the copy did not build with the defect (a defect must compile):\n${build.output.trim().slice(-800)}`,
        };
      port = await freePort();
      env.PREVIEW_PORT = String(port);
    }
    writePlaywrightConfig(copy, port, `[['json', { outputFile: '${RESULTS}' }]]`);
    await run(copy, [...PLAYWRIGHT, ...files, '--grep', grep, '--workers=1'], 240_000, env);
    const { ran, failed } = failures(copy);
    if (!ran) return { caught: false, evidence: `no test ran for --grep ${grep}` };
    if (failed.some((f) => f.title === '(load error)'))
      return {
        caught: false,
        evidence: `the tests did not load with the defect (a defect must compile): ${failed[0]!.error.slice(0, 300)}`,
      };
    // Only a behaviour assertion counts: a transcript difference alone invites re-recording.
    const real = failed.filter((f) => !/stale output/.test(f.error));
    if (!failed.length)
      return {
        caught: false,
        evidence: `its test(s) still pass with the defect "${defect.what}": they do not prove the claim; restore the assertions that check it`,
      };
    if (!real.length)
      return {
        caught: false,
        evidence: `only the transcript comparison noticed "${defect.what}"; no behaviour assertion failed`,
      };
    // Each claim must be killed by one of its own tests, not by a neighbour's.
    const alive = (defect.claims ?? []).filter(
      (id) =>
        !real.some((f) =>
          tests.some((t) => t.title === f.title && claimIndex(ROOT).claims.get(id)!.includes(t)),
        ),
    );
    if (alive.length)
      return {
        caught: false,
        evidence: `the tests of ${alive.join(', ')} still pass with the defect "${defect.what}" (others failed: ${real.map((f) => f.title).join('; ')})`,
      };
    const line = real[0]!.error.split('\n').find((l) => l.trim()) ?? '';
    return { caught: true, evidence: `"${real[0]!.title}": ${line.trim().slice(0, 140)}` };
  } finally {
    writeFileSync(path, original);
  }
}

const verdicts: Verdict[] = [];
const problems: string[] = [];
// Every claim a test states has a defect that must kill it.
const covered = new Set(DEFECTS.flatMap((d) => d.claims ?? []));
for (const id of claimIndex(ROOT).claims.keys()) {
  if (NO_DEFECT[id]) console.log(`  exempt: ${id} (${NO_DEFECT[id]})`);
  else if (!covered.has(id))
    problems.push(
      `claim ${id} has no planted defect: add one to tests/defects/defects.ts (a small change to the code that makes the sentence false)`,
    );
}
for (const id of covered)
  if (!claimIndex(ROOT).claims.has(id))
    problems.push(`tests/defects/defects.ts names claim ${id}, which no test states`);

const chosen = DEFECTS.filter(
  (d) => !only || only.split(',').some((part) => nameOf(d).includes(part)),
);
try {
  if (chosen.length) {
    const copy = makeCopy('defects');
    for (const defect of chosen) {
      const t = Date.now();
      const verdict = await plant(copy, defect).catch((err: Error) => ({
        caught: false,
        evidence: err.message,
      }));
      const seconds = (Date.now() - t) / 1000;
      verdicts.push({ defect, ...verdict, seconds });
      console.log(
        `  ${verdict.caught ? 'killed' : 'SURVIVED'}: ${nameOf(defect)} — ${defect.what} (${seconds.toFixed(1)}s)`,
      );
    }
  }
} finally {
  removeCopies();
}

for (const v of verdicts.filter((v) => !v.caught))
  problems.push(`${nameOf(v.defect)}: ${v.evidence}`);
for (const v of verdicts.filter((v) => v.caught)) console.log(`${nameOf(v.defect)}: ${v.evidence}`);
for (const p of problems) console.error(`defects: ${p}`);
const killed = verdicts.filter((v) => v.caught).length;
console.log(
  `defects: ${killed} of ${verdicts.length} planted defects killed by their claim's tests, ${problems.length} problem(s) (${((Date.now() - started) / 1000).toFixed(0)}s)`,
);
process.exitCode = problems.length ? 1 : 0;
