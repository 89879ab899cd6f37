// What proved a claim: a test of the reference client, or recorded runs of a
// real MCP client. A test names the records it checks its sentence against
// with claims(..., { proof: ['tests/real-clients/records/x.json'] }); each record
// says which client, version and date it ran (fields `client`, `version`,
// `date`). The mark on the page is built from those fields, never written by
// hand. And a sentence on a page that names a real client (Claude Code, say)
// may only carry claims proven by that client's records: a claim proven on the
// reference client says nothing about Claude Code.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLAIM_TAG, claimIndex, type ClaimTest } from './claims.ts';

export interface RecordedRun {
  client: string;
  version: string;
  date: string;
}

/** What proved a claim, read from the records its tests name. */
export interface Provenance {
  /** No records: the tests run the reference client (or the site's own code). */
  reference: boolean;
  /** The recorded clients, each with its versions in the order first met. */
  clients: { client: string; versions: string[] }[];
  /** The latest date among the records. */
  date?: string;
  /** Record files that cannot be read as runs. */
  problems: { at: string; message: string; fix: string }[];
}

/**
 * The real MCP clients a page sentence may name: how pages name them, and how
 * their records spell `client`. The reference client is not among them.
 */
export const REAL_CLIENTS: { name: string; onPage: RegExp; inRecord: RegExp }[] = [
  // `/mcp` is Claude Code's own command: a sentence about its menu is about Claude Code.
  { name: 'Claude Code', onPage: /\bClaude Code\b|`\/mcp`/, inRecord: /^Claude Code\b/ },
  { name: 'Codex CLI', onPage: /\bCodex\b/, inRecord: /\bCodex\b/i },
  { name: 'Gemini CLI', onPage: /\bGemini CLI\b/, inRecord: /\bGemini\b/i },
  { name: 'opencode', onPage: /\bopencode\b/, inRecord: /\bopencode\b/i },
  { name: 'MCP Inspector', onPage: /\bInspector\b/, inRecord: /\bInspector\b/ },
  {
    name: '@modelcontextprotocol/sdk',
    onPage: /@modelcontextprotocol\/sdk\b|\bTypeScript SDK 1\b/,
    inRecord: /^@modelcontextprotocol\/sdk$/,
  },
  {
    name: '@modelcontextprotocol/client',
    onPage: /@modelcontextprotocol\/client\b/,
    inRecord: /^@modelcontextprotocol\/client$/,
  },
  { name: 'mcp-remote', onPage: /\bmcp-remote\b/, inRecord: /^mcp-remote$/ },
];

const isRun = (v: unknown): v is RecordedRun =>
  typeof v === 'object' &&
  v !== null &&
  ['client', 'version', 'date'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');

/** The runs in a record file: the object itself, or the objects of an array, that carry client, version and date. */
export function readRuns(file: string, root = process.cwd()): RecordedRun[] | string {
  const abs = join(root, file);
  if (!existsSync(abs)) return `proof file ${file} does not exist`;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(abs, 'utf8'));
  } catch {
    return `proof file ${file} is not JSON`;
  }
  const runs = (Array.isArray(data) ? data : [data]).filter(isRun);
  return runs.length ? runs : `proof file ${file} holds no run with "client", "version" and "date"`;
}

/** What proved the claim stated by `tests` (all its tests' proof files together). */
export function provenance(tests: ClaimTest[], root = process.cwd()): Provenance {
  const clients: Provenance['clients'] = [];
  const problems: Provenance['problems'] = [];
  let date: string | undefined;
  for (const test of tests) {
    for (const file of test.proof ?? []) {
      const runs = readRuns(file, root);
      if (typeof runs === 'string') {
        problems.push({
          at: `${test.file}:${test.line}`,
          message: runs,
          fix: 'name the record files the test reads (tests/real-clients/records/...), each a run or a list of runs with client, version and date',
        });
        continue;
      }
      for (const run of runs) {
        const entry =
          clients.find((c) => c.client === run.client) ??
          clients[clients.push({ client: run.client, versions: [] }) - 1]!;
        if (!entry.versions.includes(run.version)) entry.versions.push(run.version);
        if (!date || run.date > date) date = run.date;
      }
    }
  }
  return { reference: clients.length === 0, clients, date, problems };
}

/** The words of a claim's mark: "recorded with Claude Code 2.1.117, 2.1.118 on 2026-11-26", or "tested on the reference client". */
export function markText(p: Provenance): string {
  if (p.reference) return 'tested on the reference client';
  const who = p.clients.map((c) => `${c.client} ${c.versions.join(', ')}`).join('; ');
  return `recorded with ${who} on ${p.date}`;
}

/** A sentence of a page around a <Claim>: its text (claims' sentences put in), and where. */
export interface ClaimSentence {
  page: string;
  line: number;
  /** The claims the sentence carries. */
  ids: string[];
  /** What a reader reads: tags removed, links reduced to their text, claims' sentences in place. */
  text: string;
}

// Where a sentence starts or ends: a blank line, a list item, a table cell, a
// heading, or a full stop, question or exclamation mark before a space.
// A full stop may be followed by the end of bold text, a quote or a bracket.
const BEFORE = /\n\s*\n|\n\s*(?:[-*]|\d+\.)\s|\||\n#+\s|[.!?][*_)"']*(?=\s)/g;
const AFTER = /\n\s*\n|\n\s*(?:[-*]|\d+\.)\s|\||\n#|[.!?](?=[*_)"']*(?:\s|$))/;

/** What a reader reads of a stretch of MDX: claims' sentences in place, no tags, link text only. */
function readable(mdx: string, sentences: Map<string, string>): string {
  return mdx
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
    .replace(
      new RegExp(CLAIM_TAG.source, 'g'),
      (_m, a, b, c) => ` ${sentences.get(a ?? b ?? c) ?? ''} `,
    )
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:[-*]|\d+\.)\s+/, '');
}

/** Every sentence of the MDX text that carries a <Claim>. */
export function claimSentences(
  page: string,
  mdx: string,
  sentences: Map<string, string>,
): ClaimSentence[] {
  const found: ClaimSentence[] = [];
  for (const m of mdx.matchAll(new RegExp(CLAIM_TAG.source, 'g'))) {
    const at = m.index;
    const end = at + m[0].length;
    let start = 0;
    for (const b of mdx.slice(0, at).matchAll(BEFORE)) start = b.index + b[0].length;
    const rest = mdx.slice(end);
    const stop = rest.search(AFTER);
    const raw = mdx.slice(start, stop < 0 ? mdx.length : end + stop);
    const ids = [...raw.matchAll(new RegExp(CLAIM_TAG.source, 'g'))].map(
      (c) => c[1] ?? c[2] ?? c[3] ?? '',
    );
    found.push({
      page,
      line: mdx.slice(0, at).split('\n').length,
      ids,
      text: readable(raw, sentences),
    });
  }
  // A sentence with several claims is found once per claim: keep one.
  return found.filter(
    (s, i) => found.findIndex((o) => o.page === s.page && o.text === s.text) === i,
  );
}

export interface ProvenanceProblem {
  at: string;
  message: string;
  fix: string;
  id?: string;
}

const mdxPages = (abs: string): string[] =>
  readdirSync(abs)
    .sort()
    .flatMap((name) =>
      statSync(join(abs, name)).isDirectory()
        ? mdxPages(join(abs, name))
        : /\.mdx?$/.test(name)
          ? [join(abs, name)]
          : [],
    );

/**
 * Sentences that name a real client but carry a claim its records did not
 * prove, and proof files that cannot be read. Names the page, the sentence and
 * the claim.
 */
let cached: ProvenanceProblem[] | undefined;

export function provenanceProblems(
  root = process.cwd(),
  dir = 'src/content/docs',
): ProvenanceProblem[] {
  if (cached && root === process.cwd()) return cached;
  const { claims } = claimIndex(root);
  const sentences = new Map([...claims].map(([id, tests]) => [id, tests[0]!.sentence]));
  const problems: ProvenanceProblem[] = [];
  const proven = new Map([...claims].map(([id, tests]) => [id, provenance(tests, root)]));
  for (const [id, p] of proven) problems.push(...p.problems.map((q) => ({ ...q, id })));
  for (const abs of mdxPages(join(root, dir))) {
    const page = relative(root, abs);
    for (const s of claimSentences(page, readFileSync(abs, 'utf8'), sentences)) {
      const named = REAL_CLIENTS.filter((c) => c.onPage.test(s.text));
      for (const id of s.ids) {
        const p = proven.get(id);
        if (!p) continue;
        for (const client of named) {
          if (p.clients.some((c) => client.inRecord.test(c.client))) continue;
          const by = p.reference
            ? 'proven only by the reference client'
            : `proven by records of ${p.clients.map((c) => c.client).join(', ')}`;
          problems.push({
            at: `${page}:${s.line}`,
            id,
            message: `the sentence "${s.text.slice(0, 160)}" names ${client.name}, but claim "${id}" is ${by}, not by a run of ${client.name}`,
            fix: `prove the claim with ${client.name}'s records (claims({...}, { proof: ['tests/real-clients/records/....json'] }) in a test that checks them), use a claim that is, or rewrite the sentence so it does not speak of ${client.name}`,
          });
        }
      }
    }
  }
  if (root === process.cwd()) cached = problems;
  return problems;
}
