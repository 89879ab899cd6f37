// `npm run test:mutation`: StrykerJS over the pure and security-relevant
// modules (groups in stryker.config.mjs), one group at a time with its own
// tests, then a score per module and every surviving mutant. Slow (minutes),
// so it runs outside `npm test`; CI runs it in its own job.
//
//   npm run test:mutation                 every group
//   npm run test:mutation -- scope-policy one group
//
// Fails if a module scores under 90% killed, not counting the survivors listed
// in ACCEPTED (scripts/lib/mutation-accepted.ts, each with the reason no test should kill it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { GROUPS } from '../stryker.config.mjs';
import { ACCEPTED, isAccepted } from './lib/mutation-accepted.ts';

const TARGET = 90;

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const groups = process.argv[2] ? [process.argv[2]] : Object.keys(GROUPS);
const started = Date.now();
let failed = false;
for (const group of groups) {
  const t = Date.now();
  console.log(
    `mutation: group ${group} (${(GROUPS as Record<string, { mutate: string[] }>)[group]?.mutate.join(', ')})`,
  );
  const result = spawnSync(
    process.execPath,
    ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, MUTATION_GROUP: group },
      encoding: 'utf8',
    },
  );
  const reportFile = `reports/mutation/${group}.json`;
  if (result.status !== 0 || !existsSync(reportFile)) {
    console.error(`mutation: group ${group}: Stryker failed (exit ${result.status})`);
    failed = true;
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    const valid = mutants.filter(
      (m) => !['CompileError', 'RuntimeError', 'Ignored'].includes(m.status),
    );
    const killed = valid.filter((m) => m.status === 'Killed' || m.status === 'Timeout');
    const survivors = valid.filter((m) => m.status !== 'Killed' && m.status !== 'Timeout');
    const accepted = survivors.filter((m) =>
      ACCEPTED.some((a) => isAccepted(a, file, lines[m.location.start.line - 1] ?? '', m)),
    );
    const score = valid.length ? (100 * killed.length) / valid.length : 100;
    const scoreAccepted = valid.length
      ? (100 * (killed.length + accepted.length)) / valid.length
      : 100;
    console.log(
      `  ${file}: ${score.toFixed(1)}% killed (${killed.length} of ${valid.length}); with ${accepted.length} accepted survivor(s): ${scoreAccepted.toFixed(1)}%`,
    );
    for (const m of survivors) {
      const a = ACCEPTED.find((x) =>
        isAccepted(x, file, lines[m.location.start.line - 1] ?? '', m),
      );
      const code = lines[m.location.start.line - 1]?.trim().slice(0, 100);
      console.log(
        `    ${a ? 'accepted' : 'SURVIVED'} ${file}:${m.location.start.line} ${m.mutatorName} -> ${JSON.stringify((m.replacement ?? '').slice(0, 80))} (${m.status})  in: ${code}${a ? `\n      why accepted: ${a.reason}` : ''}`,
      );
    }
    if (scoreAccepted < TARGET) {
      console.error(
        `mutation: ${file} is under ${TARGET}% killed: add assertions that notice the survivors above, or accept one in scripts/mutation.ts with the reason`,
      );
      failed = true;
    }
  }
  console.log(`mutation: group ${group} took ${((Date.now() - t) / 1000).toFixed(0)}s`);
}
console.log(`mutation: done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
process.exitCode = failed ? 1 : 0;
