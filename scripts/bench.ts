// `npm run bench -- <name> [options]`: every benchmark and measurement behind
// one entry. Each prints figures; none is a pass/fail test.
//
//   npm run bench -- test        every stage of npm test, each stage's time, the 10 slowest tests
//   npm run bench -- step-up     step-up latency and requests from the 403 to the retried call [--runs N]
//   npm run bench -- load        N concurrent step-up flows [--flows N --concurrency N --browser]
//   npm run bench -- explainer   the challenge explainer on hostile 64 KB headers
//   npm run bench -- page-js     after a build: the JavaScript each page ships [--json]
//   npm run bench -- pages       after a build: words and height of each page, search ranks [--json]
import { spawn } from 'node:child_process';

const BENCHES: Record<string, string[]> = {
  test: ['scripts/test.ts', '--bench'],
  'step-up': ['scripts/bench/step-up.ts'],
  load: ['scripts/bench/load.ts'],
  explainer: ['scripts/bench/explainer.ts'],
  'page-js': ['scripts/bench/page-js.ts'],
  pages: ['scripts/bench/pages.ts'],
};

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : BENCHES[name];
if (!command) {
  const names = Object.keys(BENCHES).join(', ');
  console.error(
    name === undefined
      ? `usage: npm run bench -- <name> [options]; the names are ${names}`
      : `bench: no benchmark "${name}"; the names are ${names}`,
  );
  process.exit(2);
}
// Its own process, so each benchmark parses its own options as before.
const child = spawn(process.execPath, [...command, ...rest], { stdio: 'inherit' });
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
