// Shared by the static drift checks (scripts/check-*.ts): find files, report
// problems as "file:line: what is wrong. Fix: ..." and a one-line summary.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = process.cwd();
export const PAGES_DIR = 'src/content/docs';

/** Files under `dir` (relative to ROOT) whose name matches `pattern`, as ROOT-relative paths. */
export function listFiles(dir: string, pattern: RegExp): string[] {
  const walk = (abs: string): string[] => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      if (name === 'node_modules' || name.startsWith('.')) return [];
      const path = join(abs, name);
      return statSync(path).isDirectory()
        ? walk(path)
        : pattern.test(name)
          ? [relative(ROOT, path)]
          : [];
    });
  };
  return walk(join(ROOT, dir));
}

export const pageFiles = (): string[] => listFiles(PAGES_DIR, /\.mdx?$/);
/** Every test file Playwright runs (its config's testMatch): browser tests in tests/, unit tests beside the code. */
/** What Playwright runs (playwright.config.ts testMatch): browser specs and unit tests. */
export const testFiles = (): string[] => [
  ...listFiles('tests', /\.(spec|test)\.ts$/),
  ...['examples', 'scripts', 'src'].flatMap((dir) => listFiles(dir, /\.test\.ts$/)),
];

export const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** `text` as a regular expression that matches it literally. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 1-based line number of a character offset. */
export const lineAt = (text: string, offset: number): number =>
  text.slice(0, offset).split('\n').length;

export interface Problem {
  at: string;
  message: string;
  fix: string;
}

/** Prints the problems, then the summary line (all on stdout, in order); exit code 1 if there are problems. */
export function report(check: string, summary: string, problems: Problem[]): void {
  for (const p of problems) console.log(`${p.at}: ${p.message}\n  Fix: ${p.fix}`);
  console.log(`${check}: ${summary}`);
  if (problems.length) {
    console.log(
      `${check}: FAILED, ${problems.length} problem(s); see "What npm test runs" in CONTRIBUTING.md.`,
    );
    process.exitCode = 1;
  }
}
