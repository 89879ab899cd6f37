// The formatter and the linter, as part of `npm run check`: Prettier
// (prettier.config.mjs) must find every file formatted, and ESLint
// (eslint.config.mjs) must report no error and no warning. Both run at once, as
// child processes, and each prints its own one-line summary.
import { spawn } from 'node:child_process';

interface Tool {
  name: string;
  args: string[];
  fix: string;
}

const TOOLS: Tool[] = [
  {
    name: 'format',
    args: ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'],
    fix: 'npx prettier --write <file> (or the whole tree: npx prettier --write .)',
  },
  {
    name: 'lint',
    args: ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'],
    fix: 'fix what ESLint names; `npx eslint --fix .` fixes some of it',
  },
];

function run(tool: Tool): Promise<{ tool: Tool; code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, tool.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('close', (code) => resolve({ tool, code: code ?? 1, output }));
  });
}

for (const { tool, code, output } of await Promise.all(TOOLS.map(run))) {
  if (code === 0) {
    console.log(`${tool.name}: clean`);
    continue;
  }
  console.log(`${tool.name}: problems found\n${output.trimEnd()}\nFix: ${tool.fix}`);
  process.exitCode = 1;
}
