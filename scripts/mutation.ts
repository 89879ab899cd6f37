// `npm run test:mutation`: StrykerJS over the pure and security-relevant
// modules (groups in stryker.config.mjs), one group at a time with its own
// tests, then a score per module and every surviving mutant. Slow (minutes),
// so it runs outside `npm test`; CI runs it in its own job.
//
//   npm run test:mutation                 every group
//   npm run test:mutation -- scope-policy one group
//
// Fails if a module scores under 90% killed, not counting the survivors listed
// in ACCEPTED below (each with the reason no test should kill it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { GROUPS } from '../stryker.config.mjs';

const TARGET = 90;

/**
 * Survivors we accept: file, the line (and the column, when one line has two
 * mutants with the same replacement), the replacement Stryker made, and why.
 */
const ACCEPTED: { file: string; line: number; column?: number; replacement: string; reason: string }[] = [
  {
    file: 'examples/server/scope-policy.ts',
    line: 85,
    replacement: '[...call.tokenScopes]',
    reason: 'equivalent: `held` only feeds inSupportedOrder(), which drops scopes outside scopes_supported anyway',
  },
  {
    file: 'examples/server/scope-policy.ts',
    line: 105,
    replacement: 'false',
    reason: 'equivalent: the default branch is reached only with a scope missing, and in those scenarios the server checks exactly what it declares, so fullSetPolicy always answers 403 there and this early return is never taken',
  },
  {
    file: 'examples/server/scope-policy.ts',
    line: 105,
    replacement: 'verdict.allowed && verdict.status !== 403',
    reason: 'equivalent: the default branch is reached only with a scope missing, and in those scenarios the server checks exactly what it declares, so fullSetPolicy always answers 403 there and this early return is never taken',
  },
  {
    file: 'examples/server/scope-policy.ts',
    line: 105,
    replacement: '{}',
    reason: 'equivalent: the default branch is reached only with a scope missing, and in those scenarios the server checks exactly what it declares, so fullSetPolicy always answers 403 there and this early return is never taken',
  },
  {
    file: 'examples/server/scope-policy.ts',
    line: 127,
    replacement: 'false',
    reason: 'equivalent: an allowed verdict that falls through is not status 200 and has no metadata, so it is returned as the same { allowed: true }',
  },
  {
    file: 'examples/client/transcript.ts',
    line: 46,
    column: 19,
    replacement: 'true',
    reason: 'equivalent: without `actual !== stable`, replace(x, x) records an identity replacement, and splitting on x and joining with x changes nothing',
  },
  {
    file: 'examples/client/transcript.ts',
    line: 71,
    replacement: '[]',
    reason: 'equivalent: waiting on no promises turns the do/while into a poll, one macrotask per turn, until nothing is pending; settled() resolves at the same point',
  },
  {
    file: 'examples/client/transcript.ts',
    line: 92,
    replacement: '"Stryker was here!"',
    reason: 'equivalent: the fallback for a request without content-type only has to not contain the form type; any such string reads the body as JSON as "" does',
  },
  {
    file: 'examples/client/transcript.ts',
    line: 109,
    replacement: '"Stryker was here!"',
    reason: 'equivalent: the fallback for a response without content-type only has to not contain "json"; any such string skips the body as "" does',
  },
  {
    file: 'examples/client/transcript.ts',
    line: 110,
    column: 34,
    replacement: 'true',
    reason: 'equivalent: fetch gives a 204 response a null body (a Response cannot be built with one), so its text is "" and `if (text)` prints nothing either way',
  },
  {
    file: 'examples/client/transcript.ts',
    line: 151,
    replacement: '["Stryker was here"]',
    reason: 'equivalent: a result without content maps each entry to `.text`; a string has none, so filter(Boolean) leaves the same empty list',
  },
  {
    file: 'examples/client/challenge.ts',
    line: 83,
    replacement: '""',
    reason: "equivalent: the method only reaches parseChallenges' own fake fetch, which answers the same response whatever it is",
  },
  {
    file: 'examples/client/challenge.ts',
    line: 85,
    replacement: 'true',
    reason: 'equivalent: with its fake fetch answering, protectedResourceRequest throws nothing but WWWAuthenticateChallengeError (the URL, token and status are always valid), so the other branch is never taken',
  },
  {
    file: 'examples/client/callback.ts',
    line: 74,
    replacement: 'true',
    reason: 'equivalent: a read is replaced in pendingReads only after it was deleted, so when a read settles the entry is always its own',
  },
  {
    file: 'examples/client/callback.ts',
    line: 102,
    replacement: '""',
    reason: "equivalent: Node's HTTP server always sets req.url on a request it hands to the handler; the `?? '/'` fallback is for the type only",
  },
  {
    file: 'examples/client/callback.ts',
    line: 130,
    replacement: 'true',
    reason: 'equivalent: without readPastedUrl, calling the missing reader throws inside the loop\'s try, which ends the loop as "input closed" at once',
  },
  {
    file: 'examples/client/callback.ts',
    line: 156,
    replacement: 'left < 0',
    reason: 'equivalent: with exactly 0 ms left, the mutant waits one 0 ms timer and then finds the deadline passed, with the same consent_timeout',
  },
];

const isAccepted = (a: (typeof ACCEPTED)[number], file: string, m: Mutant) =>
  a.file === file && a.line === m.location.start.line && (a.column === undefined || a.column === m.location.start.column) && a.replacement === (m.replacement ?? '');

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
  console.log(`mutation: group ${group} (${(GROUPS as Record<string, { mutate: string[] }>)[group]?.mutate.join(', ')})`);
  const result = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, MUTATION_GROUP: group }, encoding: 'utf8' });
  const reportFile = `reports/mutation/${group}.json`;
  if (result.status !== 0 || !existsSync(reportFile)) {
    console.error(`mutation: group ${group}: Stryker failed (exit ${result.status})`);
    failed = true;
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    const valid = mutants.filter((m) => !['CompileError', 'RuntimeError', 'Ignored'].includes(m.status));
    const killed = valid.filter((m) => m.status === 'Killed' || m.status === 'Timeout');
    const survivors = valid.filter((m) => m.status !== 'Killed' && m.status !== 'Timeout');
    const accepted = survivors.filter((m) => ACCEPTED.some((a) => isAccepted(a, file, m)));
    const score = valid.length ? (100 * killed.length) / valid.length : 100;
    const scoreAccepted = valid.length ? (100 * (killed.length + accepted.length)) / valid.length : 100;
    console.log(`  ${file}: ${score.toFixed(1)}% killed (${killed.length} of ${valid.length}); with ${accepted.length} accepted survivor(s): ${scoreAccepted.toFixed(1)}%`);
    for (const m of survivors) {
      const a = ACCEPTED.find((x) => isAccepted(x, file, m));
      const code = lines[m.location.start.line - 1]?.trim().slice(0, 100);
      console.log(`    ${a ? 'accepted' : 'SURVIVED'} ${file}:${m.location.start.line} ${m.mutatorName} -> ${JSON.stringify((m.replacement ?? '').slice(0, 80))} (${m.status})  in: ${code}${a ? `\n      why accepted: ${a.reason}` : ''}`);
    }
    if (scoreAccepted < TARGET) {
      console.error(`mutation: ${file} is under ${TARGET}% killed: add assertions that notice the survivors above, or accept one in scripts/mutation.ts with the reason`);
      failed = true;
    }
  }
  console.log(`mutation: group ${group} took ${((Date.now() - t) / 1000).toFixed(0)}s`);
}
console.log(`mutation: done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
process.exitCode = failed ? 1 : 0;
