// Hostile WWW-Authenticate headers of exactly the 64 KB limit, and what the
// challenge explainer does with one. Shared by challenge.test.ts (outcomes)
// and scripts/bench/explainer.ts (timings).
import {
  joinLines,
  MAX_CHALLENGE_LENGTH,
  MAX_CHALLENGE_WORDS,
  parseChallenges,
} from './challenge.ts';
import { decide } from './decide.ts';

/** Adversarial inputs of exactly the limit: long runs the old regexes backtracked over. */
export function adversarial(): Record<string, string> {
  const fill = (head: string, unit: string, tail: string) =>
    head +
    unit.repeat(Math.floor((MAX_CHALLENGE_LENGTH - head.length - tail.length) / unit.length)) +
    tail;
  return {
    'Bearer, spaces, error="x"': fill('Bearer', ' ', 'error="x"'),
    'Bearer, spaces and newlines': fill('Bearer', ' \n ', 'error="x"'),
    'Bearer, tabs, no parameter': fill('Bearer', '\t', ''),
    'commas between parameters': fill('Bearer error="insufficient_scope"', ',', 'scope="a"'),
    'unterminated quoted string': fill('Bearer scope="', 'a', ''),
    'escaped quotes': fill('Bearer scope="', '\\"', '"'),
    'spaces before =': fill('Bearer error', ' ', '="x"'),
    'many parameters': fill('Bearer ', 'a=b, ', 'error="insufficient_scope"'),
    'many challenges': fill(
      '',
      'Basic realm="x", ',
      'Bearer error="insufficient_scope", scope="a"',
    ),
    // Just under the word cap, each parameter followed by the whole long tail: the parser's worst case.
    'words at the cap, then a long value': fill(
      `Bearer ${'a=b '.repeat(MAX_CHALLENGE_WORDS / 2 - 2)}z="`,
      'x',
      '"',
    ),
    'a very long scope': fill('Bearer error="insufficient_scope", scope="', 'notes:read ', '"'),
  };
}

/** What the explainer does on Explain: join the lines, parse, decide. */
export async function explain(text: string): Promise<string> {
  try {
    const header = joinLines(text, 'The WWW-Authenticate header');
    const challenges = await parseChallenges(403, header || null);
    return decide({
      status: 403,
      challenges,
      sentToken: true,
      grantedScopes: ['a'],
      hasRefreshToken: true,
      attempts: { refreshes: 0, reauthorizations: 0 },
    }).action;
  } catch (err) {
    return `error: ${(err as { code?: string }).code}`;
  }
}
