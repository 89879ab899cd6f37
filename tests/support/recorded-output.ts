// Go-style "// Output:" checks for transcripts: a test compares what a fresh
// run printed with the file the docs show. UPDATE_TRANSCRIPTS=1 rewrites it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from '@playwright/test';

export const TRANSCRIPTS_DIR = 'examples/transcripts';
export const UPDATE_COMMAND = 'npm run transcripts:update';

export async function expectRecordedOutput(name: string, actual: string): Promise<void> {
  const path = join(TRANSCRIPTS_DIR, name);
  if (process.env.UPDATE_TRANSCRIPTS === '1') {
    await writeFile(path, actual);
    return;
  }
  const recorded = await readFile(path, 'utf8').catch(() => undefined);
  expect(recorded, `${path} is missing. Record it with: ${UPDATE_COMMAND}`).toBeDefined();
  expect(
    actual,
    `${path} differs from a fresh run of the example: the page shows stale output. If the change is intended, run ${UPDATE_COMMAND} and commit the file.`,
  ).toBe(recorded);
}
