// Claims tie a sentence on a page to the test that proves it. The test states
// the sentence, next to its assertions, with claims() from
// tests/support/claims.ts; a page shows it with <Claim id="..." />. This
// module reads those declarations statically with the TypeScript compiler API
// (the build and `npm run check` must not run the tests to know them).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { DECISION_TABLE } from './decision-table.ts';
import { withBase } from './base-path.ts';
import { readMapping } from './upstream.ts';

export interface ClaimTest {
  /** Project-relative path of the test file. */
  file: string;
  /** Line of the sentence in the test file (1-based). */
  line: number;
  /** The test's title (the first argument of `test(...)`). */
  title: string;
  /** The claim's sentence, as the test states it. */
  sentence: string;
  /** Record files of real-client runs the test checks the sentence against (`proof` in claims()' second argument). */
  proof?: string[];
}

/** A claim declaration the reader cannot accept (names the file and line). */
export interface ClaimProblem {
  at: string;
  message: string;
  fix: string;
}

export interface ClaimIndex {
  /** Every declared claim id, with the tests that state it (all with the same sentence). */
  claims: Map<string, ClaimTest[]>;
  problems: ClaimProblem[];
}

export const CLAIM_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const DECLARE = 'claims';
const TEST_FILE = /\.(spec|test)\.ts$/;

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.')) return [];
      return statSync(path).isDirectory() ? testFiles(path) : TEST_FILE.test(name) ? [path] : [];
    });
}

/** The literal text of a string or template with no substitutions, else undefined. */
function literal(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

/** `test(...)`, `test.only(...)`, `it(...)`: the title of the test call enclosing `node`. */
function enclosingTestTitle(node: ts.Node): string | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (!ts.isCallExpression(at)) continue;
    const callee = at.expression;
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
        ? callee.expression.text
        : '';
    if (
      name === 'test' &&
      !(ts.isPropertyAccessExpression(callee) && callee.name.text === 'describe')
    )
      return literal(at.arguments[0]);
  }
  return undefined;
}

/** `proof: ['file', ...]` in claims()' second argument: the record files, or a problem. */
function readProof(details: ts.Node | undefined): { proof?: string[]; problem?: string } {
  if (!details || !ts.isObjectLiteralExpression(details)) return {};
  const named = (p: ts.ObjectLiteralElementLike) =>
    literal(p.name) ?? (p.name && ts.isIdentifier(p.name) ? p.name.text : undefined);
  const prop = details.properties.find((p) => named(p) === 'proof');
  if (!prop || !ts.isPropertyAssignment(prop)) return {};
  const list = prop.initializer;
  const files = ts.isArrayLiteralExpression(list) ? list.elements.map((e) => literal(e)) : [];
  if (!files.length || files.some((f) => f === undefined))
    return {
      problem:
        "proof is not a list of literal file paths, like proof: ['tests/real-clients/records/x.json']",
    };
  return { proof: files as string[] };
}

/** The claims one test file declares, and what is wrong with any that cannot be read. */
export function readClaimsInFile(
  file: string,
  text: string,
): { found: [string, ClaimTest][]; problems: ClaimProblem[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: [string, ClaimTest][] = [];
  const problems: ClaimProblem[] = [];
  const at = (node: ts.Node) =>
    `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === DECLARE
    ) {
      const title = enclosingTestTitle(node);
      const map = node.arguments[0];
      const { proof, problem } = readProof(node.arguments[1]);
      if (problem)
        problems.push({
          at: at(node),
          message: problem,
          fix: 'write the record files the test reads as string literals, so the build can read them',
        });
      if (!title) {
        problems.push({
          at: at(node),
          message: `${DECLARE}(...) is not the details argument of a test('title', ...) with a literal title`,
          fix: `write test('title', ${DECLARE}({ 'id': 'sentence' }), async () => { ... })`,
        });
      } else if (!map || !ts.isObjectLiteralExpression(map)) {
        problems.push({
          at: at(node),
          message: `${DECLARE}(...) needs an object literal { 'claim.id': 'sentence' } as its first argument`,
          fix: 'write the ids and sentences inline, so the build can read them without running the test',
        });
      } else {
        for (const prop of map.properties) {
          const id = ts.isPropertyAssignment(prop)
            ? (literal(prop.name) ?? (ts.isIdentifier(prop.name) ? prop.name.text : undefined))
            : undefined;
          const sentence = ts.isPropertyAssignment(prop) ? literal(prop.initializer) : undefined;
          if (!id || sentence === undefined) {
            problems.push({
              at: at(prop),
              message: `a claim in ${DECLARE}(...) is not 'id': 'sentence' with literal strings`,
              fix: "write it as 'claim.id': 'The sentence the page shows'",
            });
          } else if (!CLAIM_ID.test(id)) {
            problems.push({
              at: at(prop),
              message: `claim id "${id}" is not valid`,
              fix: 'use lowercase words joined by dots or dashes, like "step-up.not-refresh"',
            });
          } else if (!sentence.trim()) {
            problems.push({
              at: at(prop),
              message: `claim "${id}" has an empty sentence`,
              fix: 'write the sentence the test proves',
            });
          } else {
            found.push([
              id,
              {
                file,
                line: Number(at(prop).split(':').at(-1)),
                title,
                sentence,
                ...(proof && { proof }),
              },
            ]);
          }
        }
      }
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      node.text.startsWith('@claim:')
    ) {
      // A bare tag proves nothing about the words: the sentence must be stated with it.
      problems.push({
        at: at(node),
        message: `"${node.text}" is a claim tag written by hand, with no sentence`,
        fix: `declare it with ${DECLARE}({ '${node.text.slice(7)}': 'the sentence this test proves' }) from tests/support/claims.ts`,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { found, problems };
}

let cached: ClaimIndex | undefined;

/** Every claim the tests declare, read from tests/, examples/, scripts/ and src/ test files. */
export function claimIndex(root = process.cwd()): ClaimIndex {
  if (cached && root === process.cwd()) return cached;
  const claims = new Map<string, ClaimTest[]>();
  const problems: ClaimProblem[] = [];
  for (const abs of ['tests', 'examples', 'scripts', 'src'].flatMap((d) =>
    testFiles(join(root, d)),
  )) {
    const file = relative(root, abs);
    const read = readClaimsInFile(file, readFileSync(abs, 'utf8'));
    problems.push(...read.problems);
    for (const [id, test] of read.found) {
      const first = claims.get(id)?.[0];
      if (first && first.sentence !== test.sentence) {
        problems.push({
          at: `${test.file}:${test.line}`,
          message: `claim "${id}" has another sentence in test "${first.title}" (${first.file}:${first.line})`,
          fix: 'a claim has one sentence: state the same words in both tests, or give one of them a claim id of its own',
        });
        continue;
      }
      claims.set(id, [...(claims.get(id) ?? []), test]);
    }
  }
  const index = { claims, problems };
  if (root === process.cwd()) cached = index;
  return index;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`,
  );

/**
 * A claim sentence as HTML. The sentence may use two bits of Markdown:
 * `code`, and [links](/path/) to a site path or an https URL. Everything
 * else is text, escaped. Site paths go under `base` (see base-path.ts).
 */
export function sentenceHtml(sentence: string, base = '/'): string {
  const INLINE = /`([^`]+)`|\[([^\]]+)\]\(((?:\/|https:\/\/)[^)\s]*)\)/g;
  let html = '';
  let last = 0;
  for (const m of sentence.matchAll(INLINE)) {
    html += escapeHtml(sentence.slice(last, m.index));
    html +=
      m[1] !== undefined
        ? `<code>${escapeHtml(m[1])}</code>`
        : `<a href="${escapeHtml(withBase(m[3]!, base))}">${sentenceHtml(m[2]!, base)}</a>`;
    last = m.index + m[0].length;
  }
  return html + escapeHtml(sentence.slice(last));
}

/** A <Claim> on a page: where, and the words the page wrote inside it (if any). */
export interface PageClaim {
  id: string;
  page: string;
  line: number;
  selfClosing: boolean;
  words: string;
}

/**
 * What is wrong with one <Claim> on a page, if anything, in the one wording
 * the build (src/components/Claim.astro) and `npm run check`
 * (scripts/check-claims.ts) both report.
 */
export function claimProblem(
  id: string,
  place: Pick<PageClaim, 'page' | 'selfClosing' | 'words'>,
  tests: readonly ClaimTest[] | undefined,
): { message: string; fix: string } | undefined {
  if (!CLAIM_ID.test(id))
    return {
      message: `claim id "${id}" is not valid`,
      fix: 'use lowercase words joined by dots or dashes, like "step-up.not-refresh".',
    };
  const test = tests?.[0];
  if (!test)
    return {
      message: `claim "${id}" has no test`,
      fix: `state the sentence in the test that proves it: test('...', claims({ '${id}': 'the sentence' }), ...) (write the test if there is none), or remove the <Claim> if the page should not promise it.`,
    };
  if (!place.selfClosing)
    return {
      message: `the sentence of claim "${id}" lives in test "${test.title}" (${test.file}:${test.line}); remove the text from page ${place.page}${place.words ? ` ("${place.words.slice(0, 80)}")` : ''}`,
      fix: `write <Claim id="${id}" />: the page shows the test's sentence. To change the words, change them in the test, where the assertions are.`,
    };
  return undefined;
}

// <Claim id="x" /> or <Claim id="x">words</Claim>; group 4 is "/" when self-closing.
export const CLAIM_TAG =
  /<Claim\b[^>]*?\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})[^>]*?(\/?)>/g;

/** Every <Claim> in the MDX pages under `dir`. */
export function pageClaims(root = process.cwd(), dir = 'src/content/docs'): PageClaim[] {
  const walk = (abs: string): string[] =>
    readdirSync(abs)
      .sort()
      .flatMap((name) =>
        statSync(join(abs, name)).isDirectory()
          ? walk(join(abs, name))
          : /\.mdx?$/.test(name)
            ? [join(abs, name)]
            : [],
      );
  return walk(join(root, dir)).flatMap((abs) => {
    const text = readFileSync(abs, 'utf8');
    const page = relative(root, abs);
    // <DecisionTable section="..." /> shows the claims of its rows (src/lib/decision-table.ts).
    const inTables = [...text.matchAll(/<DecisionTable\b[^>]*\bsection="([^"]*)"/g)].flatMap((m) =>
      (DECISION_TABLE.find((s) => s.section === m[1])?.rows ?? []).flatMap((row) =>
        (row.claims ?? []).map((id) => ({
          id,
          page,
          line: text.slice(0, m.index).split('\n').length,
          selfClosing: true,
          words: '',
        })),
      ),
    );
    // <UpstreamMapping /> shows the claims behind the proposed Claude Code text (src/lib/upstream.ts).
    const inMapping = [...text.matchAll(/<UpstreamMapping\b/g)].flatMap((m) =>
      readMapping(root)
        .sentences.flatMap((s) => s.claims)
        .map((id) => ({
          id,
          page,
          line: text.slice(0, m.index).split('\n').length,
          selfClosing: true,
          words: '',
        })),
    );
    return [
      ...inTables,
      ...inMapping,
      ...[...text.matchAll(CLAIM_TAG)].map((m) => {
        const selfClosing = m[4] === '/';
        const after = text.slice(m.index + m[0].length);
        return {
          id: m[1] ?? m[2] ?? m[3] ?? '',
          page,
          line: text.slice(0, m.index).split('\n').length,
          selfClosing,
          words: selfClosing ? '' : after.slice(0, Math.max(0, after.indexOf('</Claim>'))).trim(),
        };
      }),
    ];
  });
}
