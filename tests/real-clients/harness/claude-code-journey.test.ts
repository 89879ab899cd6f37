// The journey records keep Claude Code's screens as text: the redaction must
// take out every secret and every run-to-run difference, including in a URL
// the terminal wrapped over two lines. And no committed record holds a token.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../../support/fixtures.ts';
import { JOURNEY_DIR } from './claude-code-journey-records.ts';
import { redactScreen } from './claude-code-journey.ts';

test('redactScreen joins a wrapped sign-in URL and redacts it whole', () => {
  const screen = [
    ' ▐▛███▛█   Claude Code v9.9.9',
    '  /tmp/compat-claude-home-Ab12/project',
    '● Opening your browser: http://127.0.0.1:43305/auth?client_id=8dfO-78R1IL7&code_challenge=GMEfQxuwvY4gUB2wlw5g&state=RpQ2N1bPe',
    '  G-vOcftHIF-3r7ADHi&scope=notes%3Aread&prompt=consent&redirect_uri=http%3A%2F%2Flocalhost%3A49845%2Fcallback',
    '✻ Sautéed for 2s · done 6:20 PM',
    'Pane is dead (status 0, Fri Dec  4 18:51:33 2026)',
  ].join('\n');
  const lines = redactScreen(screen, { '/tmp/compat-claude-home-Ab12/project': '~/project' });
  expect(lines).toEqual([
    '● Opening your browser: http://127.0.0.1:{port}/auth?client_id=<client_id>&code_challenge=<code_challenge>&state=<state>&scope=notes%3Aread&prompt=consent&redirect_uri=http%3A%2F%2Flocalhost%3A{port}%2Fcallback',
    '(the command ended, exit status 0)',
  ]);
});

test('redactScreen replaces anything token-shaped and closes up the status line gap', () => {
  const lines = redactScreen(
    `x ~/project\nBearer ${'a'.repeat(40)} code=abc&x=1\n  ? for shortcuts${' '.repeat(200)}● high`,
    {},
  );
  expect(lines).toEqual(['Bearer [redacted] code=[redacted]&x=1', '  ? for shortcuts    ● high']);
});

test('no journey record holds a token, a key or a home directory', () => {
  for (const file of readdirSync(JOURNEY_DIR).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(join(JOURNEY_DIR, file), 'utf8');
    expect(text, file).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // a JWT
    expect(text, file).not.toMatch(/sk-ant-/);
    expect(text, file).not.toMatch(
      /\b(code|access_token|refresh_token)=(?!\[redacted\])[A-Za-z0-9_-]/,
    );
    expect(text, file).not.toMatch(/compat-claude-home-/);
    expect(text, file).not.toMatch(/127\.0\.0\.1:\d/);
  }
});
