// `npm run example:step-up [-- --server URL] [--paste]`: runs the step-up
// example against a running reference server and prints the transcript.
// It opens the consent page in your browser and always prints its URL too.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { StepUpError } from './errors.ts';
import { runStepUpExample } from './step-up.ts';
import { Transcript } from './transcript.ts';

function openInBrowser(url: string): void {
  console.log(`\nOpen this URL to continue (a browser should open by itself):\n  ${url}\n`);
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  // Best effort: with no desktop, the printed URL is the way.
  spawn(command, [url], { stdio: 'ignore', detached: true })
    .on('error', () => {})
    .unref();
}

const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
async function readPastedUrl(): Promise<string> {
  const next = await lines.next();
  if (next.done) throw new Error('stdin closed');
  return next.value;
}

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.MCP_URL ?? 'http://127.0.0.1:9001/mcp' },
    paste: { type: 'boolean', default: false },
  },
});

try {
  console.log(
    'If the browser cannot reach this machine after you approve, paste the full URL from its address bar here.\n',
  );
  const { outcomes } = await runStepUpExample({
    mcpUrl: values.server!,
    openBrowser: openInBrowser,
    readPastedUrl,
    loopbackCallback: !values.paste,
    transcript: new Transcript({ echo: (line) => console.log(line) }),
  });
  for (const o of outcomes) console.log(`${o.tool}: ${o.isError ? 'error: ' : ''}${o.text}`);
  process.exit(0);
} catch (err) {
  if (err instanceof StepUpError) console.error(`\nerror (${err.code}): ${err.message}`);
  else if (
    err instanceof Error &&
    'cause' in err &&
    (err.cause as NodeJS.ErrnoException)?.code === 'ECONNREFUSED'
  ) {
    console.error(
      `\nerror: nothing answers at ${values.server}. Start the reference server first: npm run example:server`,
    );
  } else console.error(`\nerror: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
