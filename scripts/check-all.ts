// `npm run check`: the static drift checks, all of them even when one fails,
// so a contributor sees every problem at once. Each sets process.exitCode.
import './check-claims.ts';
import './check-inline-code.ts';
import './check-transcripts.ts';
import './check-test-imports.ts';
import './check-format-lint.ts';
