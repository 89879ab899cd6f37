// Benchmark: how long a step-up takes and how many HTTP requests the client
// makes from the 403 to the successful retry. Prints figures; asserts nothing.
//   npm run bench -- step-up [--runs 10]
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { runStepUpExample } from '../../examples/client/step-up.ts';
import { Transcript } from '../../examples/client/transcript.ts';
import { startReferenceServers } from '../../examples/server/start.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../lib/chromium.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${values.runs}`);

const browser = await chromium.launch({
  executablePath: chromiumExecutable(),
  args: CHROMIUM_ARGS,
});
const stepUpMs: number[] = [];
const totalMs: number[] = [];
let clientRequests = 0;
let browserRequests = 0;

for (let i = 0; i < runs; i++) {
  const servers = await startReferenceServers({
    host: '127.0.0.1',
    authorizationServerPort: 0,
    mcpPort: 0,
  });
  const page = await browser.newPage();
  let forbiddenAt = 0;
  let navigations = 0;
  page.on('request', () => {
    if (forbiddenAt) navigations++;
  });
  const transcript = new Transcript({
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 403) forbiddenAt = performance.now();
      return response;
    },
  });
  const started = performance.now();
  await runStepUpExample({
    mcpUrl: servers.mcpUrl,
    transcript,
    openBrowser: async (url) => {
      await page.goto(url);
      await page.getByRole('button', { name: 'Approve' }).click();
    },
  });
  const done = performance.now();
  const ex = transcript.exchanges;
  const from = ex.findIndex((e) => e.status === 403);
  const to = ex.findIndex((e, j) => j > from && e.rpc === ex[from]!.rpc && e.status === 200);
  clientRequests = to - from; // requests after the 403 up to and including the retry
  browserRequests = navigations;
  stepUpMs.push(done - forbiddenAt);
  totalMs.push(done - started);
  await page.close();
  await servers.close();
}
await browser.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`runs: ${runs}`);
console.log(
  `client HTTP requests from the 403 to the successful retry: ${clientRequests} (token request, retried call)`,
);
console.log(`browser requests during the step-up consent: ${browserRequests}`);
console.log(
  `step-up, 403 to retried call answered: median ${median(stepUpMs).toFixed(0)} ms, max ${Math.max(...stepUpMs).toFixed(0)} ms`,
);
console.log(
  `whole example (sign-in, read, step-up, write): median ${median(totalMs).toFixed(0)} ms`,
);
process.exit(0);
