// Proves the drift checks work: in a throwaway copy of the project, introduce
// one drift of each kind and assert that the check meant for it fails with a
// message naming the problem. Run by `npm test` (as `npm run test:drift`).
//
// The copy holds the project's files (`git ls-files`, plus new files not yet
// committed, so it matches the work tree the other checks just passed) and a
// node_modules of hard links to this project's packages (see linkTree). One
// copy serves every drift: each is introduced, only the check or test meant
// for it runs, and the files it changed are put back. Drifts whose tests
// cannot disturb each other (each changes a file only its own test reads) go
// into the copy together and share one Playwright run, which the JSON report
// splits back per test: a Playwright run costs more than most of these tests.
// The site is not rebuilt: the broken link goes into a copy of the build
// (dist/) the build stage made. A copy's site preview gets a free port.
// DRIFT_KEEP=1 keeps the copy for a look.
import { copyFileSync, cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  edit as editFile,
  makeCopy,
  PLAYWRIGHT,
  removeCopies,
  ROOT,
  run,
  writePlaywrightConfig,
  type Run,
} from './lib/throwaway.ts';
import { freePort } from '../examples/shared/free-port.ts';
import { readReport } from './lib/playwright-report.ts';
import { escapeRegExp } from './check-support.ts';

const started = Date.now();

/** Files a drift changed in the copy, put back from the project after it. */
const changed = new Set<string>();
function edit(copy: string, file: string, change: (text: string) => string): void {
  changed.add(file);
  editFile(copy, file, change);
}
function putBack(copy: string): void {
  for (const file of changed) copyFileSync(join(ROOT, file), join(copy, file));
  changed.clear();
  rmSync(join(copy, 'dist'), { recursive: true, force: true });
}

/** Set by the stale-transcript drift: the step-up test's behaviour passed on the copy. */
let stepUpBehaviourPasses = false;

const PAGE = 'src/content/docs/guides/authenticate.mdx';
/** Each drift runs one test file or one test: one worker is enough, and starts faster than two. */
const PW = [...PLAYWRIGHT, '--workers=1'];
const append = (extra: string) => (text: string) => `${text.trimEnd()}\n\n${extra}\n`;
const lineOf = (output: string, needle: string) =>
  output
    .split('\n')
    .find((l) => l.includes(needle))
    ?.trim() ?? '';

type Verdict = { caught: boolean; evidence: string };

/** A drift whose test shares the Playwright run of the others like it. */
interface SharedRun {
  /** Change the copy; a string says why the drift could not be introduced. */
  introduce: (copy: string) => void | string;
  /** The test file meant to catch it, and the test(s) in it (a title pattern), if not all. */
  file: string;
  grep?: string;
  /** What the failure of that test must say. */
  needle: string;
}

interface Drift {
  kind: string;
  caughtBy: string;
  /** Introduce the drift in the copy, run the check; say what it printed that proves it caught this drift, or why not. */
  check?: (copy: string) => Promise<Verdict>;
  shared?: SharedRun;
}

/** The check must fail (non-zero exit) and print `needle`. */
function expectFailure(result: Run, needle: string): { caught: boolean; evidence: string } {
  if (result.code === 0)
    return { caught: false, evidence: `exited 0; output:\n${result.output.trim().slice(-1500)}` };
  const line = lineOf(result.output, needle);
  if (!line)
    return {
      caught: false,
      evidence: `failed, but did not print "${needle}"; output:\n${result.output.trim().slice(-1500)}`,
    };
  return { caught: true, evidence: line };
}

const STEP_UP_TEST = '403 insufficient_scope opens a second consent screen';
const LINK_TEST = 'no broken links';
/** The built guide page, where the broken link goes. */
const PAGE_HTML = 'guides/authenticate/index.html';

const drifts: Drift[] = [
  {
    kind: 'claim without a test',
    caughtBy: 'scripts/check-claims.ts',
    check: async (copy) => {
      edit(
        copy,
        PAGE,
        append('<Claim id="drift.untested">Drift: a sentence that no test proves.</Claim>'),
      );
      return expectFailure(
        await run(copy, ['scripts/check-claims.ts']),
        'claim "drift.untested" has no test',
      );
    },
  },
  {
    kind: 'claim sentence reversed on a page',
    caughtBy: 'scripts/check-claims.ts',
    check: async (copy) => {
      edit(copy, PAGE, (text) =>
        text.replace(
          '<Claim id="step-up.not-refresh" />',
          '<Claim id="step-up.not-refresh">It first tries a silent token refresh</Claim>',
        ),
      );
      return expectFailure(
        await run(copy, ['scripts/check-claims.ts']),
        'the sentence of claim "step-up.not-refresh" lives in test',
      );
    },
  },
  {
    kind: 'decision-table row changed',
    caughtBy: 'src/lib/decision-table.test.ts',
    shared: {
      // The delta-only row now says the client asks for the new scope only.
      introduce: (copy) =>
        edit(copy, 'src/lib/decision-table.ts', (text) =>
          text.replace(
            "          scopes: ['notes:read', 'notes:write'],\n          newScopes: ['notes:write'],\n        },\n        why: 'Since MCP 2026-07-28",
            "          scopes: ['notes:write'],\n          newScopes: ['notes:write'],\n        },\n        why: 'Since MCP 2026-07-28",
          ),
        ),
      file: 'src/lib/decision-table.test.ts',
      needle: 'row delta-only',
    },
  },
  {
    kind: 'explainer sample contradicts its label',
    caughtBy: 'src/lib/explainer-samples.test.ts',
    shared: {
      // "naming only the new scope", but the data names a granted one too.
      introduce: (copy) =>
        edit(copy, 'src/lib/explainer-samples.ts', (text) =>
          text.replace(
            'header: `Bearer error="insufficient_scope", scope="notes:write", resource_metadata',
            'header: `Bearer error="insufficient_scope", scope="notes:read notes:write", resource_metadata',
          ),
        ),
      file: 'src/lib/explainer-samples.test.ts',
      needle: 'the label says "naming only the new scope"',
    },
  },
  {
    kind: 'consent labels swapped',
    caughtBy: 'tests/protections/consent-screen.spec.ts',
    shared: {
      // The visible "new" badge and "(already granted)" change places; data-state stays right.
      introduce: (copy) =>
        edit(copy, 'examples/server/consent-page.ts', (text) =>
          text.replace(
            "${isNew ? '<span class=\"badge\">new</span>' : ' (already granted)'}",
            "${!isNew ? '<span class=\"badge\">new</span>' : ' (already granted)'}",
          ),
        ),
      file: 'tests/protections/consent-screen.spec.ts',
      grep: 'a step-up shows',
      needle: 'but its data-state says',
    },
  },
  {
    kind: 'protection removed',
    caughtBy: 'tests/protections/client.spec.ts',
    shared: {
      // The client stops checking that the authorization server supports PKCE S256.
      introduce: (copy) =>
        edit(copy, 'examples/client/discovery.ts', (text) =>
          text.replace(
            "if (!as.code_challenge_methods_supported?.includes('S256')) {",
            'if (false) {',
          ),
        ),
      file: 'tests/protections/client.spec.ts',
      grep: 'PKCE S256',
      needle: 'expected a StepUpError',
    },
  },
  {
    kind: 'hollowed claim test',
    caughtBy: 'scripts/defects.ts (npm run test:defects)',
    check: async (copy) => {
      // The held-scope test keeps running and passing, with its assertions deleted; its planted defect must now survive.
      edit(copy, 'examples/client/decide.test.ts', (text) => {
        const start = text.indexOf("'held scope: re-consent for the same scopes, never a refresh'");
        const body = text.indexOf('() => {', start);
        const end = text.indexOf('\n    },\n  );', body);
        if (start < 0 || body < 0 || end < 0) return text;
        return text.slice(0, body + '() => {'.length) + text.slice(end);
      });
      return expectFailure(
        await run(copy, ['scripts/defects.ts', 'decide.held-scope-reconsent']),
        'decide.held-scope-reconsent: its test(s) still pass with the defect',
      );
    },
  },
  {
    kind: 'pasted code',
    caughtBy: 'scripts/check-inline-code.ts',
    check: async (copy) => {
      edit(
        copy,
        PAGE,
        append('```ts\nconst pasted = await fetch("http://127.0.0.1:9001/mcp");\n```'),
      );
      return expectFailure(
        await run(copy, ['scripts/check-inline-code.ts']),
        'code block is written inline',
      );
    },
  },
  {
    kind: 'stale transcript',
    caughtBy: 'tests/reference-client/step-up.spec.ts (@transcript)',
    check: async (copy) => {
      edit(copy, 'examples/transcripts/step-up.txt', (text) =>
        text.replace(/^(.*\S.*)$/m, '$1 (edited by hand)'),
      );
      writePlaywrightConfig(copy);
      const result = await run(copy, [...PW, 'tests/reference-client/step-up.spec.ts']);
      const verdict = expectFailure(result, 'stale output');
      // The transcript is compared last: failing there, every behaviour
      // assertion before it passed on an otherwise unchanged copy.
      stepUpBehaviourPasses = verdict.caught;
      return verdict.caught && !result.output.includes('npm run transcripts:update')
        ? { caught: false, evidence: 'the failure does not say to run npm run transcripts:update' }
        : verdict;
    },
  },
  {
    kind: 'broken link',
    caughtBy: `tests/site/pages.spec.ts ("${LINK_TEST}")`,
    shared: {
      // The build the build stage just made, with a link to a missing page
      // added to the guide's article (rebuilding to add one link is most of
      // this self-test's time otherwise). Without one, the shared run builds it.
      introduce: (copy) => {
        if (!existsSync(join(copy, 'tests/site/pages.spec.ts')))
          return 'tests/site/pages.spec.ts, which holds the link check, is missing';
        const built = join(ROOT, 'dist', PAGE_HTML);
        if (existsSync(built)) {
          cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
          editFile(copy, join('dist', PAGE_HTML), (html) =>
            html.replace(
              '</main>',
              '<p>See <a href="/no-such-page/">a page that is not there</a>.</p></main>',
            ),
          );
        } else {
          edit(copy, PAGE, append('See [a page that is not there](/no-such-page/).'));
        }
      },
      file: 'tests/site/pages.spec.ts',
      grep: LINK_TEST,
      needle: '/no-such-page/',
    },
  },
  {
    kind: 'held-scope fix badge changed',
    caughtBy: 'tests/site/recorded-prose.spec.ts',
    shared: {
      // The "What changed in Claude Code" row of the 2.1.118 fix says 2.1.117, in the
      // build (after the broken link, in the same copy of it), or on the page.
      introduce: (copy) => {
        const built = join(ROOT, 'dist', PAGE_HTML);
        if (!existsSync(built))
          return edit(copy, PAGE, (text) =>
            text.replace('<HeldScopeFixBadge />', '<Badge text="2.1.117" variant="note" />'),
          );
        if (!existsSync(join(copy, 'dist', PAGE_HTML)))
          cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
        editFile(copy, join('dist', PAGE_HTML), (html) =>
          html.replace(/(data-recorded-badge="held-scope-fix"[\s\S]*?>)2\.1\.118</, '$12.1.117<'),
        );
      },
      file: 'tests/site/recorded-prose.spec.ts',
      grep: 'held-scope fix badge',
      needle: 'the held-scope fix badge',
    },
  },
  {
    kind: 'reference-client claim on a Claude Code sentence',
    caughtBy: 'scripts/check-claims.ts',
    check: async (copy) => {
      edit(
        copy,
        PAGE,
        append('Claude Code does not refresh either: <Claim id="step-up.not-refresh" />.'),
      );
      return expectFailure(
        await run(copy, ['scripts/check-claims.ts']),
        'names Claude Code, but claim "step-up.not-refresh" is proven only by the reference client',
      );
    },
  },
  {
    kind: 'client behaviour change',
    caughtBy: 'tests/reference-client/step-up.spec.ts (browser)',
    check: async (copy) => {
      // Its failure must be this drift's doing: the test's behaviour passes without it.
      const broken = stepUpBehaviourPasses ? undefined : await baseline(copy);
      if (broken) return { caught: false, evidence: broken };
      // The client tries a silent refresh on 403 insufficient_scope before asking for consent.
      edit(copy, 'examples/client/decide.ts', (text) =>
        text.replace(
          /^(\s*)if \(input\.status === 401\) \{/m,
          "$1if (input.status === 403 && input.hasRefreshToken && input.attempts.refreshes === 0) return { action: 'refresh', reason: 'drift' };\n$&",
        ),
      );
      writePlaywrightConfig(copy);
      const result = await run(copy, [...PW, 'tests/reference-client/step-up.spec.ts']);
      const verdict = expectFailure(result, STEP_UP_TEST);
      if (!verdict.caught) return verdict;
      if (result.output.includes('stale output'))
        return {
          caught: false,
          evidence: 'only the transcript comparison noticed; no behaviour assertion failed',
        };
      // Show the assertion that failed and what it received, e.g. an extra "refresh_token" grant.
      const assertion =
        result.output
          .split('\n')
          .find((l) => /^\s*>\s*\d+\s*\|/.test(l))
          ?.replace(/^\s*>\s*\d+\s*\|\s*/, '') ?? '';
      const received = result.output
        .split('\n')
        .filter((l) => /^\s*\+\s{2,}/.test(l))
        .map((l) => l.trim().replace(/^\+\s*/, ''))
        .join(' ');
      return {
        caught: true,
        evidence: assertion
          ? `${assertion}${received ? ` received also: ${received}` : ''}`
          : verdict.evidence,
      };
    },
  },
];

/**
 * The step-up test passes on an unchanged copy, so a behaviour drift's failure
 * is the drift's doing: run only if the stale-transcript drift (which shows the
 * same) did not run first. (The other drifts need no such run: each must fail
 * saying the very line, link or row the drift changed.)
 */
async function baseline(copy: string): Promise<string | undefined> {
  writePlaywrightConfig(copy);
  const result = await run(copy, [...PW, 'tests/reference-client/step-up.spec.ts']);
  return result.code === 0
    ? undefined
    : `tests/reference-client/step-up.spec.ts fails on an unchanged copy, so this self-test would prove nothing:\n${result.output.trim().slice(-1500)}`;
}

/**
 * The shared drifts, introduced together and run in one Playwright run (their
 * test files, each narrowed to its tests). Each is caught only if a test of
 * its own failed saying its needle: another drift cannot catch it for it.
 */
async function runShared(copy: string, drifts: Drift[]): Promise<Map<Drift, Verdict>> {
  const verdicts = new Map<Drift, Verdict>();
  const introduced = drifts.filter((drift) => {
    const why = drift.shared!.introduce(copy);
    if (typeof why === 'string') verdicts.set(drift, { caught: false, evidence: why });
    return typeof why !== 'string';
  });
  if (!introduced.length) return verdicts;
  if (
    !existsSync(join(copy, 'dist', PAGE_HTML)) &&
    introduced.some((d) => d.shared!.file.startsWith('tests/site/'))
  ) {
    const build = await run(copy, ['node_modules/astro/bin/astro.mjs', 'build']);
    if (build.code !== 0)
      throw new Error(`the copy did not build:\n${build.output.trim().slice(-1500)}`);
  }
  // The copy's site preview gets a free port (the site tests read PREVIEW_PORT).
  const port = await freePort();
  const reportFile = join(copy, 'drift-report.json');
  writePlaywrightConfig(copy, port, `[['json', { outputFile: ${JSON.stringify(reportFile)} }]]`);
  rmSync(reportFile, { force: true });
  const files = [...new Set(introduced.map((d) => d.shared!.file))];
  const grep = introduced
    .map(
      (d) =>
        `${escapeRegExp(d.shared!.file)}${d.shared!.grep ? ` .*${escapeRegExp(d.shared!.grep)}` : ''}`,
    )
    .join('|');
  const result = await run(copy, [...PW, ...files, '--grep', grep], undefined, {
    PREVIEW_PORT: String(port),
  });
  if (!existsSync(reportFile))
    throw new Error(
      `the shared Playwright run wrote no report:\n${result.output.trim().slice(-1500)}`,
    );
  const { tests, loadErrors } = readReport(reportFile);
  if (loadErrors.length)
    throw new Error(
      `the shared Playwright run could not load its tests:\n${loadErrors.join('\n').slice(0, 1500)}`,
    );
  for (const drift of introduced) {
    const { file, grep, needle } = drift.shared!;
    const own = tests.filter((t) => t.file === file && (!grep || t.title.includes(grep)));
    const caught = own.find((t) => t.failed && t.errors.includes(needle));
    verdicts.set(
      drift,
      caught
        ? { caught: true, evidence: lineOf(caught.errors, needle) }
        : !own.length
          ? {
              caught: false,
              evidence: `no test in ${file}${grep ? ` matching "${grep}"` : ''} ran`,
            }
          : own.some((t) => t.failed)
            ? {
                caught: false,
                evidence: `failed, but did not print "${needle}"; output:\n${own
                  .map((t) => t.errors)
                  .join('\n')
                  .trim()
                  .slice(-1500)}`,
              }
            : { caught: false, evidence: `${own.map((t) => t.title).join(', ')} passed` },
    );
  }
  return verdicts;
}

const only = process.argv[2]; // e.g. `npm run test:drift -- link` runs only the drifts whose kind contains "link"

let failed: boolean;
try {
  const copy = makeCopy('drift');
  const rows: { kind: string; caughtBy: string; caught: boolean; evidence: string }[] = [];
  const chosen = drifts.filter((d) => !only || d.kind.includes(only));
  const shared = chosen.filter((d) => d.shared);
  const verdicts = new Map<Drift, Verdict>();
  if (shared.length) {
    const t = Date.now();
    const fromShared = await runShared(copy, shared).catch(
      (err: Error) => new Map(shared.map((d) => [d, { caught: false, evidence: err.message }])),
    );
    putBack(copy);
    for (const [drift, verdict] of fromShared) verdicts.set(drift, verdict);
    console.log(
      `  ${shared.length} drifts in one Playwright run (${((Date.now() - t) / 1000).toFixed(1)}s):`,
    );
    for (const drift of shared)
      console.log(`    ${verdicts.get(drift)!.caught ? 'caught' : 'MISSED'}: ${drift.kind}`);
  }
  for (const drift of chosen.filter((d) => d.check)) {
    const t = Date.now();
    const verdict = await drift.check!(copy).catch((err: Error) => ({
      caught: false,
      evidence: err.message,
    }));
    putBack(copy);
    verdicts.set(drift, verdict);
    console.log(
      `  ${verdict.caught ? 'caught' : 'MISSED'}: ${drift.kind} (${((Date.now() - t) / 1000).toFixed(1)}s)`,
    );
  }
  for (const drift of chosen)
    rows.push({ kind: drift.kind, caughtBy: drift.caughtBy, ...verdicts.get(drift)! });
  const w = [
    Math.max(10, ...rows.map((r) => r.kind.length)),
    Math.max(9, ...rows.map((r) => r.caughtBy.length)),
  ] as const;
  console.log(`\n${'drift kind'.padEnd(w[0])}  ${'caught by'.padEnd(w[1])}  caught  message`);
  for (const r of rows) {
    console.log(
      `${r.kind.padEnd(w[0])}  ${r.caughtBy.padEnd(w[1])}  ${(r.caught ? 'yes' : 'NO').padEnd(6)}  ${r.caught ? r.evidence.slice(0, 160) : ''}`,
    );
  }
  for (const r of rows.filter((r) => !r.caught))
    console.error(`\n${r.kind} was not caught by ${r.caughtBy}: ${r.evidence}`);
  failed = rows.some((r) => !r.caught);
  console.log(
    `drift self-test: ${rows.filter((r) => r.caught).length} of ${rows.length} drift kinds caught (${((Date.now() - started) / 1000).toFixed(0)}s)`,
  );
} catch (err) {
  console.error(`drift self-test: ${(err as Error).message}`);
  failed = true;
} finally {
  removeCopies();
}
process.exitCode = failed ? 1 : 0;
