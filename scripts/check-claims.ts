// Every <Claim id="..." /> on a page is stated by a test (its sentence lives in
// the test, declared with claims() next to the assertions), every declared
// claim is shown on some page, and no page writes a claim's words itself.
// (A failing test for a claim fails the Playwright run; this check catches
// the claims with no test, and the pages that could say something else.)
// And a sentence that names a real client (Claude Code, say) carries only
// claims proven by that client's recorded runs (src/lib/provenance.ts).
import {
  claimIndex,
  CLAIM_ID,
  claimProblem,
  pageClaims,
  type PageClaim,
} from '../src/lib/claims.ts';
import { provenanceProblems } from '../src/lib/provenance.ts';
import { report, ROOT, type Problem } from './check-support.ts';

const onPages = new Map<string, PageClaim[]>();
for (const c of pageClaims(ROOT)) onPages.set(c.id, [...(onPages.get(c.id) ?? []), c]);
const { claims: tested, problems: declared } = claimIndex(ROOT);

const problems: Problem[] = [...declared];
for (const [id, places] of onPages) {
  // An invalid id is reported once, at its first place.
  for (const place of CLAIM_ID.test(id) ? places : places.slice(0, 1)) {
    const problem = claimProblem(id, place, tested.get(id));
    if (problem) problems.push({ at: `${place.page}:${place.line}`, ...problem });
  }
}
for (const [id, tests] of tested) {
  if (onPages.has(id)) continue;
  for (const t of tests) {
    problems.push({
      at: `${t.file}:${t.line}`,
      message: `test "${t.title}" declares claim "${id}", but no page has <Claim id="${id}" />`,
      fix: `fix the id's spelling, show the sentence on a page with <Claim id="${id}" />, or remove the claim from the test if no page says it.`,
    });
  }
}

const misplaced = provenanceProblems(ROOT);
problems.push(...misplaced.map(({ at, message, fix }) => ({ at, message, fix })));

const testedOnPages = [...onPages.keys()].filter((id) => tested.has(id)).length;
const orphans = [...tested.keys()].filter((id) => !onPages.has(id)).length;
report(
  'claims',
  `${onPages.size} on pages, ${testedOnPages} stated by a test, ${orphans} test claim(s) on no page, ${misplaced.length} real-client sentence(s) with another proof`,
  problems,
);
