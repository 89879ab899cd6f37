// `npm run example:server [-- --scenario NAME]`: runs the reference servers
// until interrupted. AS_PORT, MCP_PORT and MCP_HOST pick where they listen.
import { parseArgs } from 'node:util';
import { configFromEnv } from './config.ts';
import { parseScenario, SCENARIOS } from './scenarios.ts';
import { startReferenceServers } from './start.ts';

try {
  const { values } = parseArgs({
    options: { scenario: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log('Usage: npm run example:server -- [--scenario NAME]\n\nScenarios:');
    for (const [name, text] of Object.entries(SCENARIOS))
      console.log(`  ${name.padEnd(20)} ${text}`);
    process.exit(0);
  }
  const scenario = parseScenario(values.scenario ?? process.env.SCENARIO);
  const config = configFromEnv();
  const servers = await startReferenceServers(config, scenario);
  console.log(`Authorization server  ${servers.issuer}`);
  console.log(`MCP server            ${servers.mcpUrl}  (scenario: ${scenario})`);
  if (config.dataFile)
    console.log(
      `State                 ${config.dataFile}  (clients, grants, refresh tokens; delete it to start over)`,
    );
  const stop = () => void servers.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
