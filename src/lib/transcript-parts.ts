// Splits a recorded transcript into the first sign-in that most runs share
// and the part that differs, so the recorded-runs page can show the shared
// sign-in once and, under each run, only what is particular to it.
//
// The shared sign-in is the start of the baseline transcript up to (not
// including) its first tool call. A transcript that starts with exactly those
// lines shares it; any other (a pasted callback, a different first scope) is
// shown whole.

const FIRST_TOOL_CALL = /^\s+JSON-RPC tools\/call /;

/** Lines of the baseline before the request that carries its first tool call. */
export function firstSignIn(baseline: string): string[] {
  const lines = baseline.split('\n');
  const call = lines.findIndex((l) => FIRST_TOOL_CALL.test(l));
  if (call < 0)
    throw new Error(
      'The baseline transcript has no tool call: it cannot mark where the first sign-in ends.',
    );
  // Back up to the "→" line of that request, and drop the blank line before it.
  let start = call;
  while (start > 0 && !lines[start]!.startsWith('→')) start--;
  while (start > 0 && lines[start - 1]!.trim() === '') start--;
  return lines.slice(0, start);
}

export interface TranscriptParts {
  /** Lines shared with the baseline's first sign-in (0 when the start differs). */
  sharedLines: number;
  /** What is shown under the run. */
  rest: string;
}

export function splitTranscript(text: string, shared: string[]): TranscriptParts {
  const lines = text.split('\n');
  const same = shared.length > 0 && shared.every((line, i) => lines[i] === line);
  if (!same) return { sharedLines: 0, rest: text.trimEnd() };
  return {
    sharedLines: shared.length,
    rest: lines.slice(shared.length).join('\n').replace(/^\n+/, '').trimEnd(),
  };
}
