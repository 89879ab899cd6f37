// `npm start`: the docs site (astro dev) and the reference servers side by
// side, so the examples on the pages can be run against them.
import { spawn } from 'node:child_process';
import { configFromEnv } from '../examples/server/config.ts';
import { parseScenario } from '../examples/server/scenarios.ts';
import { startReferenceServers } from '../examples/server/start.ts';

const servers = await startReferenceServers(
  configFromEnv(),
  parseScenario(process.env.SCENARIO),
).catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
const port = process.env.DOCS_PORT ?? '4321';
const astro = spawn(
  process.execPath,
  ['node_modules/astro/bin/astro.mjs', 'dev', '--port', port, '--host', '127.0.0.1'],
  { stdio: 'inherit' },
);

console.log(`
  Docs site             http://127.0.0.1:${port}/
  Authorization server  ${servers.issuer}
  MCP server            ${servers.mcpUrl}  (scenario: ${servers.scenario})

  Try the step-up example in another terminal:  npm run example:step-up
`);

const stop = () => {
  astro.kill('SIGTERM');
  void servers.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
astro.on('exit', (code) => void servers.close().then(() => process.exit(code ?? 0)));
