// A test declares the sentences it proves, next to its assertions:
//
//   test('title', claims({ 'step-up.not-refresh': 'It does not try a silent refresh first' }, { tag: '@transcript' }), ...)
//
// Pages render a claim with <Claim id="step-up.not-refresh" />: the words come
// from here, so a page cannot state what the test's author did not write.
// src/lib/claims.ts reads these calls statically (the TypeScript compiler API),
// so keep both arguments literal: string ids, string sentences.
import type { TestDetails, TestDetailsAnnotation } from '@playwright/test';

export const CLAIM_ANNOTATION = 'claim';

/**
 * `proof`: the record files of real-client runs (tests/real-clients/records/...)
 * the test checks its sentences against. The page's mark then says "recorded
 * with <client> <version> on <date>", read from those files; a claim without
 * it is tested on the reference client. A page sentence naming a real client
 * may only carry claims whose records are that client's (scripts/check-claims.ts).
 */
export type ClaimDetails = TestDetails & { proof?: string[] };

/** Test details carrying a `@claim:<id>` tag and a `claim` annotation ("<id>: <sentence>") per claim, plus `details`. */
export function claims(
  sentences: Record<string, string>,
  { proof, ...details }: ClaimDetails = {},
): TestDetails {
  const asList = <T>(v: T | T[] | undefined): T[] =>
    v === undefined ? [] : Array.isArray(v) ? v : [v];
  const ids = Object.keys(sentences);
  const annotations: TestDetailsAnnotation[] = ids.map((id) => ({
    type: CLAIM_ANNOTATION,
    description: `${id}: ${sentences[id]}`,
  }));
  for (const file of proof ?? []) annotations.push({ type: 'proof', description: file });
  return {
    ...details,
    tag: [...asList(details.tag), ...ids.map((id) => `@claim:${id}`)],
    annotation: [...asList(details.annotation), ...annotations],
  };
}
