// Mutants that survive because no test could kill them (equivalent mutants),
// each with its reason; npm run test:mutation (scripts/mutation.ts) counts
// them as killed. Only equivalent mutants belong here.
export interface AcceptedSurvivor {
  file: string;
  code: string;
  column?: number;
  replacement: string;
  reason: string;
}

export const isAccepted = (
  a: AcceptedSurvivor,
  file: string,
  lineText: string,
  m: { replacement?: string; location: { start: { column: number } } },
) =>
  a.file === file &&
  a.code === lineText.trim() &&
  (a.column === undefined || a.column === m.location.start.column) &&
  a.replacement === (m.replacement ?? '');

/**
 * Survivors we accept: file, the code of the line the mutant starts on
 * (trimmed; matched as text, so formatting elsewhere in the file does not
 * unpin it), the column when one line has two mutants with the same
 * replacement, the replacement Stryker made, and why.
 * mutation-accepted.test.ts checks that each line is still in its file.
 */
export const ACCEPTED: AcceptedSurvivor[] = [
  {
    file: 'examples/server/scope-policy.ts',
    code: 'const held = [...call.tokenScopes].filter((s) =>',
    replacement: '[...call.tokenScopes]',
    reason:
      'equivalent: `held` only feeds inSupportedOrder(), which drops scopes outside scopes_supported anyway',
  },
  {
    file: 'examples/server/scope-policy.ts',
    code: 'if (verdict.allowed || verdict.status !== 403) return { allowed: true }; // fullSetPolicy answers 403 or allows',
    replacement: 'false',
    reason:
      'equivalent: the default branch is reached only with a scope missing, and in those scenarios the server checks exactly what it declares, so fullSetPolicy always answers 403 there and this early return is never taken',
  },
  {
    file: 'examples/server/scope-policy.ts',
    code: 'if (verdict.allowed || verdict.status !== 403) return { allowed: true }; // fullSetPolicy answers 403 or allows',
    replacement: 'verdict.allowed && verdict.status !== 403',
    reason:
      'equivalent: the default branch is reached only with a scope missing, and in those scenarios the server checks exactly what it declares, so fullSetPolicy always answers 403 there and this early return is never taken',
  },
  {
    file: 'examples/server/scope-policy.ts',
    code: 'if (verdict.allowed || verdict.status !== 403) return { allowed: true }; // fullSetPolicy answers 403 or allows',
    replacement: '{}',
    reason:
      'equivalent: the default branch is reached only with a scope missing, and in those scenarios the server checks exactly what it declares, so fullSetPolicy always answers 403 there and this early return is never taken',
  },
  {
    file: 'examples/server/scope-policy.ts',
    code: 'if (verdict.allowed) return verdict;',
    replacement: 'false',
    reason:
      'equivalent: an allowed verdict that falls through is not status 200 and has no metadata, so it is returned as the same { allowed: true }',
  },
  {
    file: 'examples/client/transcript.ts',
    code: 'if (actual && actual !== stable) this.#replacements.push([actual, stable]);',
    column: 19,
    replacement: 'true',
    reason:
      'equivalent: without `actual !== stable`, replace(x, x) records an identity replacement, and splitting on x and joining with x changes nothing',
  },
  {
    file: 'examples/client/transcript.ts',
    code: 'await Promise.allSettled([...this.#pending]);',
    replacement: '[]',
    reason:
      'equivalent: waiting on no promises turns the do/while into a poll, one macrotask per turn, until nothing is pending; settled() resolves at the same point',
  },
  {
    file: 'examples/client/transcript.ts',
    code: "const contentType = request.headers.get('content-type') ?? '';",
    replacement: '"Stryker was here!"',
    reason:
      'equivalent: the fallback for a request without content-type only has to not contain the form type; any such string reads the body as JSON as "" does',
  },
  {
    file: 'examples/client/transcript.ts',
    code: "const type = response.headers.get('content-type') ?? '';",
    replacement: '"Stryker was here!"',
    reason:
      'equivalent: the fallback for a response without content-type only has to not contain "json"; any such string skips the body as "" does',
  },
  {
    file: 'examples/client/transcript.ts',
    code: "if (type.includes('json') && response.status !== 204) {",
    column: 34,
    replacement: 'true',
    reason:
      'equivalent: fetch gives a 204 response a null body (a Response cannot be built with one), so its text is "" and `if (text)` prints nothing either way',
  },
  {
    file: 'examples/client/transcript.ts',
    code: 'const texts = (result.content ?? []).map((c) => c.text).filter(Boolean);',
    replacement: '["Stryker was here"]',
    reason:
      'equivalent: a result without content maps each entry to `.text`; a string has none, so filter(Boolean) leaves the same empty list',
  },
  {
    file: 'examples/client/challenge.ts',
    code: "await oauth.protectedResourceRequest('unused', 'GET', PLACEHOLDER, undefined, undefined, {",
    replacement: '""',
    reason:
      "equivalent: the method only reaches parseChallenges' own fake fetch, which answers the same response whatever it is",
  },
  {
    file: 'examples/client/challenge.ts',
    code: 'if (err instanceof oauth.WWWAuthenticateChallengeError) return err.cause;',
    replacement: 'true',
    reason:
      'equivalent: with its fake fetch answering, protectedResourceRequest throws nothing but WWWAuthenticateChallengeError (the URL, token and status are always valid), so the other branch is never taken',
  },
  {
    file: 'examples/client/callback.ts',
    code: 'if (pendingReads.get(read) === pending) pendingReads.delete(read);',
    replacement: 'true',
    reason:
      'equivalent: a read is replaced in pendingReads only after it was deleted, so when a read settles the entry is always its own',
  },
  {
    file: 'examples/client/callback.ts',
    code: "const url = URL.parse(req.url ?? '/', `http://127.0.0.1:${port}`);",
    replacement: '""',
    reason:
      "equivalent: Node's HTTP server always sets req.url on a request it hands to the handler; the `?? '/'` fallback is for the type only",
  },
  {
    file: 'examples/client/callback.ts',
    code: 'if (options.readPastedUrl) {',
    replacement: 'true',
    reason:
      'equivalent: without readPastedUrl, calling the missing reader throws inside the loop\'s try, which ends the loop as "input closed" at once',
  },
  {
    file: 'examples/client/callback.ts',
    code: 'if (left <= 0) {',
    replacement: 'left < 0',
    reason:
      'equivalent: with exactly 0 ms left, the mutant waits one 0 ms timer and then finds the deadline passed, with the same consent_timeout',
  },
];
