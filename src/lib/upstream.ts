// The subsection proposed for the Claude Code docs (upstream/claude-code-mcp-step-up.md),
// and its mapping (upstream/claude-code-mcp-step-up.claims.json): each sentence
// with the claims that prove it, and a SHA-256 of each record those claims
// rest on. The text is plain Markdown in that page's voice, so it holds no
// site markup; src/lib/upstream.test.ts checks it against the mapping, and the
// guide and the "Proposed text" page render the same file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const UPSTREAM_FILE = 'upstream/claude-code-mcp-step-up.md';
export const UPSTREAM_MAP = 'upstream/claude-code-mcp-step-up.claims.json';
export const UPSTREAM_HEADING = 'Step-up authorization and elevated scopes';
export const MAX_WORDS = 200;

export interface UpstreamMapping {
  /** Each sentence of the text, exactly, with the claims that prove it. */
  sentences: { sentence: string; claims: string[] }[];
  /** Record file -> SHA-256 of its content when the sentences were last checked against it. */
  records: Record<string, string>;
}

export const readUpstream = (root = process.cwd()): string =>
  readFileSync(join(root, UPSTREAM_FILE), 'utf8');
export const readMapping = (root = process.cwd()): UpstreamMapping =>
  JSON.parse(readFileSync(join(root, UPSTREAM_MAP), 'utf8')) as UpstreamMapping;
export const sha256 = (file: string, root = process.cwd()): string =>
  createHash('sha256')
    .update(readFileSync(join(root, file)))
    .digest('hex');

/** The text without its heading line: what the guide shows under its own heading. */
export function upstreamBody(markdown: string): string {
  return markdown.replace(/^#{1,6} .*\n+/, '');
}

/** The words a reader reads: Markdown markers (`#`, `-`, `**`, backticks) are not words. */
export function renderedWords(markdown: string): string[] {
  return markdown
    .replace(/[`*]/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*(?:#{1,6}|[-*]|\d+\.)\s+/, ''))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * The sentences of the text, as written (Markdown kept): each bullet or
 * paragraph, split after a full stop followed by a capital, a backtick or
 * bold. The heading is not a sentence.
 */
export function upstreamSentences(markdown: string): string[] {
  return upstreamBody(markdown)
    .split(/\n\s*\n|\n(?=\s*[-*] )/)
    .map((block) =>
      block
        .replace(/^\s*[-*]\s+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .flatMap((block) => block.split(/(?<=[.!?])\s+(?=[A-Z`*(])/));
}

/** Markup the Claude Code docs would not take: HTML tags, JSX components or expressions, outside code spans. */
export function markupIn(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/<\/?[A-Za-z!][^>]*>|\{[^}]*\}|^(?:import|export)\s.*$/gm)].map(
    (m) => m[0],
  );
}

/** Links into this site (site paths, anchors), which the Claude Code docs cannot follow. */
export function siteLinksIn(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)]*)\)/g)]
    .map((m) => m[1]!)
    .filter((href) => !/^https:\/\//.test(href) || /localhost|127\.0\.0\.1/.test(href));
}
