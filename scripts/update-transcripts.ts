// `npm run transcripts:update`: re-runs the tests that record transcripts and
// lets them rewrite examples/transcripts/ (works the same on every shell).
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  [
    'node_modules/@playwright/test/cli.js',
    'test',
    '--grep',
    '@transcript',
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, UPDATE_TRANSCRIPTS: '1' },
  },
);
process.exit(result.status ?? 1);
