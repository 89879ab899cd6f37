// Reads code for the pages from the example files, by named region, at build
// time. A missing file or region throws, which fails the build: an excerpt
// can never silently drift from the code that the tests run.
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';

const ROOT = process.cwd();
const SHOWABLE = /^(examples|tests)\//;

export function readSource(file: string): string {
  const clean = normalize(file);
  if (!SHOWABLE.test(clean))
    throw new Error(`Code shown on a page must come from examples/ or tests/, not "${file}"`);
  try {
    return readFileSync(join(ROOT, clean), 'utf8');
  } catch {
    throw new Error(
      `Code import failed: ${file} does not exist. Fix the "file" attribute or restore the file.`,
    );
  }
}

/** The lines between `// #region NAME` and `// #endregion NAME`, dedented. */
export function readRegion(file: string, region?: string): string {
  const text = readSource(file);
  if (!region) return text.trimEnd();
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region ${region}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${region}`);
  if (start < 0 || end < 0) {
    throw new Error(
      `Code import failed: ${file} has no region "${region}". Add "// #region ${region}" and "// #endregion ${region}" around the code, or fix the region name on the page.`,
    );
  }
  const body = lines.slice(start + 1, end).filter((l) => !/^\s*\/\/ #(end)?region /.test(l));
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return body
    .map((l) => l.slice(indent))
    .join('\n')
    .trimEnd();
}
