// Load benchmark: N complete step-up flows against the reference servers, with
// consent answered over HTTP (no browser) or, with --browser, by clicking
// Approve in headless Chromium (one context per flow), C of them in flight at a time.
// Each flow is the reference client's whole example: register, first consent
// (notes:read), list_notes, add_note → 403 → second consent → retry.
// The servers run in their own process, on a SQLite file, as `npm start` runs them.
// Prints successes, errors, p50/p95 and the server's memory; asserts nothing.
//   npm run bench -- load [--flows 1000 --concurrency 100] [--browser]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { runStepUpExample } from '../../examples/client/step-up.ts';
import { HttpUser } from '../../tests/server/http-user.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../lib/chromium.ts';

const { values } = parseArgs({
  options: {
    flows: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '100' },
    browser: { type: 'boolean', default: false },
  },
});
const flows = Number(values.flows);
const concurrency = Number(values.concurrency);
for (const [name, value] of [
  ['--flows', flows],
  ['--concurrency', concurrency],
] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
}

/** Resident memory of a process in MB, from /proc (Linux). */
const rssMb = (pid: number): number | undefined => {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
};
/** CPU seconds (user + system) a process has used, from /proc (Linux). */
const cpuSeconds = (pid: number): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return undefined;
  }
};
const mb = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(0)} MB`);

async function startServers(dataFile: string) {
  const child = spawn(process.execPath, ['examples/server/main.ts'], {
    env: { ...process.env, AS_PORT: '0', MCP_PORT: '0', DATA_FILE: dataFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const mcpUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const url = /MCP server\s+(\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`the servers exited with ${code}: ${output}`)));
  });
  return { child, mcpUrl };
}

/** Answers each consent screen in Chromium, as a person would: a fresh profile per flow. */
async function chromiumConsent(browser: Browser) {
  const context = await browser.newContext();
  return {
    close: () => context.close(),
    openBrowser: async (url: string) => {
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: 'Approve' }).click();
      // The client's loopback receiver answers the redirect with its "you can close this tab" page.
      await page.waitForURL((u) => u.pathname === '/callback');
      await page.close();
    },
  };
}

async function oneFlow(mcpUrl: string, browser: Browser | undefined): Promise<number> {
  const user = new HttpUser();
  const inBrowser = browser ? await chromiumConsent(browser) : undefined;
  const started = performance.now();
  const { outcomes } = await runStepUpExample({
    mcpUrl,
    openBrowser:
      inBrowser?.openBrowser ??
      (async (url) => {
        const { callback } = await user.authorize(url);
        // The browser's last hop: the client's loopback receiver takes the code.
        await fetch(callback);
      }),
  }).finally(() => inBrowser?.close());
  if (outcomes.some((o) => o.isError))
    throw new Error(`a tool call failed: ${outcomes.map((o) => o.text).join(' | ')}`);
  return performance.now() - started;
}

const browser = values.browser
  ? await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS })
  : undefined;
const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
const { child, mcpUrl } = await startServers(join(dir, 'store.sqlite'));
await new Promise((resolve) => setTimeout(resolve, 500));
const memoryBefore = rssMb(child.pid!);
const serverCpuBefore = cpuSeconds(child.pid!);
const clientCpuBefore = process.cpuUsage();

const durations: number[] = [];
const errors = new Map<string, number>();
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(concurrency, flows) }, async () => {
    while (next < flows) {
      next++;
      try {
        durations.push(await oneFlow(mcpUrl, browser));
      } catch (err) {
        const message = err instanceof Error ? err.message.slice(0, 200) : String(err);
        errors.set(message, (errors.get(message) ?? 0) + 1);
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const memoryAfter = rssMb(child.pid!);
const serverCpu = (cpuSeconds(child.pid!) ?? NaN) - (serverCpuBefore ?? NaN);
const clientCpu = process.cpuUsage(clientCpuBefore);
child.kill('SIGTERM');
await browser?.close();
rmSync(dir, { recursive: true, force: true });

const sorted = [...durations].sort((a, b) => a - b);
const percentile = (p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(0)
    : 'n/a';
const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
console.log(
  `flows: ${flows}, ${concurrency} in flight, consent ${browser ? 'in Chromium' : 'over HTTP'}, in ${seconds.toFixed(1)} s (${(flows / seconds).toFixed(1)} flows/s)`,
);
console.log(`successes: ${durations.length}, errors: ${errorCount}`);
for (const [message, count] of errors) console.log(`  ${count} × ${message}`);
console.log(
  `flow duration: p50 ${percentile(50)} ms, p95 ${percentile(95)} ms, max ${percentile(100)} ms`,
);
console.log(`server process memory (RSS): before ${mb(memoryBefore)}, after ${mb(memoryAfter)}`);
// CPU per flow does not depend on what else the machine runs; wall-clock figures do.
console.log(
  `CPU per flow: servers ${((serverCpu * 1000) / flows).toFixed(0)} ms, clients and consent driver ${((clientCpu.user + clientCpu.system) / 1000 / flows).toFixed(0)} ms`,
);
console.log(
  `load average at the end: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${(await import('node:os')).availableParallelism()} cores`,
);
process.exit(errorCount ? 1 : 0);
