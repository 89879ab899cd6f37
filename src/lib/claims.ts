// Claims tie a sentence on a page to the tests that prove it. A page marks a
// claim with <Claim id="...">; a test names it with the tag "@claim:<id>".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ClaimTest {
  file: string;
  line: number;
  title: string;
}

export const CLAIM_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const TAG = /@claim:([a-z0-9.-]+)/g;
const TEST_TITLE = /\btest(?:\.\w+)?\(\s*(['"`])(.*?)\1/g;

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? testFiles(path) : /\.(spec|test)\.ts$/.test(name) ? [path] : [];
  });
}

let index: Map<string, ClaimTest[]> | undefined;

/** Every claim id named by a test, with where. */
export function claimIndex(root = process.cwd()): Map<string, ClaimTest[]> {
  if (index && root === process.cwd()) return index;
  const found = new Map<string, ClaimTest[]>();
  for (const file of ['tests', 'examples', 'scripts'].flatMap((d) => testFiles(join(root, d)))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      for (const match of text.matchAll(TAG)) {
        // The nearest test( ... ) opening at or above the tag names the test.
        const before = lines.slice(Math.max(0, i - 12), i + 1).join(' ');
        const title = [...before.matchAll(TEST_TITLE)].at(-1)?.[2] ?? 'test';
        const rel = file.slice(root.length + 1);
        found.set(match[1]!, [...(found.get(match[1]!) ?? []), { file: rel, line: i + 1, title }]);
      }
    });
  }
  if (root === process.cwd()) index = found;
  return found;
}
