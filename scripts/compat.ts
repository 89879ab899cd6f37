// `npm run compat`: drives real MCP clients through every server scenario and
// compares what they do with the records in tests/real-clients/records/.
//   npm run compat                              all open-source clients, all scenarios; exit 1 on a change
//   npm run compat -- --update                  re-record (write the JSON files)
//   npm run compat -- --client sdk-1.32.2-refresh,reference --scenario held-scope
//   npm run compat -- --client claude-code@2.1.117,2.1.118,latest   (opt-in, see tests/real-clients/harness/claude-code.ts)
//   npm run compat -- --client gemini-cli@0.61.0   (opt-in, see tests/real-clients/harness/gemini-cli.ts)
//   npm run compat -- --client codex@0.171.0,opencode@1.18.33
//       (opt-in agent CLIs, see tests/real-clients/harness/codex.ts and opencode.ts)
//   npm run compat -- --client codex@0.171.0 --only exec-registers
//       (only the rows whose id contains "exec-registers")
//   npm run compat -- --journey --client claude-code@latest [--only prompt]   Claude Code's whole step-up
//        journey, driven in a terminal (tests/real-clients/harness/claude-code-journey.ts); --update re-records it
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { SCENARIOS, parseScenario, type ScenarioName } from '../examples/server/scenarios.ts';
import { OPEN_SOURCE_ADAPTERS } from '../tests/real-clients/harness/adapters/index.ts';
import { launchBrowser, BrowserHook } from '../tests/real-clients/harness/browser.ts';
import { runOne, type ClientAdapter } from '../tests/real-clients/harness/harness.ts';
import { recordKey, type CompatRecord } from '../tests/real-clients/harness/record.ts';
import {
  describeChange,
  readRecords,
  writeRecords,
} from '../tests/real-clients/harness/records.ts';

// oidc-provider warns about its in-memory store once per server; every run starts two.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (!String(args[0]).startsWith('oidc-provider WARNING')) warn(...args);
};

const { values } = parseArgs({
  options: {
    client: { type: 'string' },
    scenario: { type: 'string' },
    update: { type: 'boolean', default: false },
    journey: { type: 'boolean', default: false },
    only: { type: 'string' },
    print: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    `clients: ${OPEN_SOURCE_ADAPTERS.map((a) => a.id).join(', ')}, claude-code@VERSION[,VERSION...], inspector@VERSION, ` +
      `codex@VERSION, opencode@VERSION, gemini-cli@VERSION[,VERSION...] (--only ID-PART picks rows)\nscenarios: ${Object.keys(SCENARIOS).join(', ')}`,
  );
  process.exit(0);
}

// --print: the recorded matrix as a text table, no runs.
if (values.print) {
  const { rows, rowLabel, SCENARIO_ORDER, challenged } =
    await import('../tests/real-clients/harness/matrix.ts');
  const all = rows(readRecords());
  const cell = (r: CompatRecord | undefined) =>
    r
      ? `${r.outcome} ${r.consentScreens}c${r.refreshAfter403 ? ` ${r.refreshAfter403}r` : ''}${r.outcome === 'works' && !challenged(r) ? ' †' : ''}`
      : '-';
  console.log(
    `| client | ${SCENARIO_ORDER.join(' | ')} |\n|---|${SCENARIO_ORDER.map(() => '---').join('|')}|`,
  );
  for (const row of all)
    console.log(
      `| ${rowLabel(row)} | ${SCENARIO_ORDER.map((s) => cell(row.runs[s])).join(' | ')} |`,
    );
  console.log(
    '\nNc: consent screens; Nr: refresh_token grants after the 403; †: no 403 (first sign-in took every scope)',
  );
  process.exit(0);
}

async function selectAdapters(spec: string | undefined): Promise<ClientAdapter[]> {
  if (!spec) return OPEN_SOURCE_ADAPTERS;
  const adapters: ClientAdapter[] = [];
  // "claude-code@a,b" / "inspector@a": the versions after @ run up to the next client name.
  const versioned = (name: string) =>
    new RegExp(`${name}@([^\\s]+?)(?=,(?![\\d.]|latest)|$)`).exec(spec);
  const claude = versioned('claude-code');
  const inspector = versioned('inspector');
  const gemini = versioned('gemini-cli');
  const codex = versioned('codex');
  const opencode = versioned('opencode');
  const rest = [claude, inspector, gemini, codex, opencode].reduce(
    (left, match) => (match ? left.replace(match[0], '') : left),
    spec,
  );
  for (const id of rest.split(',').filter(Boolean)) {
    const found = OPEN_SOURCE_ADAPTERS.filter((a) => a.id === id || a.id.startsWith(`${id}-`));
    if (!found.length)
      throw new Error(
        `Unknown client "${id}". Known: ${OPEN_SOURCE_ADAPTERS.map((a) => a.id).join(', ')}, claude-code@VERSION`,
      );
    adapters.push(...found);
  }
  if (inspector) {
    const { inspectorAdapters } = await import('../tests/real-clients/harness/inspector.ts');
    adapters.push(...(await inspectorAdapters(inspector[1]!.split(','))));
  }
  if (gemini) {
    const { geminiCliAdapters } = await import('../tests/real-clients/harness/gemini-cli.ts');
    adapters.push(...(await geminiCliAdapters(gemini[1]!.split(','))));
  }
  if (claude) {
    const { claudeCodeAdapters } = await import('../tests/real-clients/harness/claude-code.ts');
    adapters.push(...(await claudeCodeAdapters(claude[1]!.split(','))));
  }
  if (codex) {
    const { codexAdapters } = await import('../tests/real-clients/harness/codex.ts');
    adapters.push(...(await codexAdapters(codex[1]!.split(','))));
  }
  if (opencode) {
    const { opencodeAdapters } = await import('../tests/real-clients/harness/opencode.ts');
    adapters.push(...(await opencodeAdapters(opencode[1]!.split(','))));
  }
  return adapters;
}

const adapters = (await selectAdapters(values.client))
  // With --journey, --only picks journey runs (below), not rows.
  .filter((a) => values.journey || !values.only || a.id.includes(values.only));

// Claude Code and the agent CLIs run only in a loopback-only network namespace where the machine
// allows it (root and unshare): the whole harness re-runs itself inside one,
// with the versions already installed and resolved.
const ISOLATED = ['claude-code', 'codex', 'opencode', 'gemini-cli'];
const familyOf = (a: ClientAdapter) => ISOLATED.find((name) => a.id.startsWith(`${name}-`));
const claudeIds = adapters.filter((a) => familyOf(a));
if (claudeIds.length && process.env.COMPAT_NETNS !== '1') {
  const versionsOf = (name: string) => [
    ...new Set(claudeIds.filter((a) => familyOf(a) === name).map((a) => a.version)),
  ];
  const families = ISOLATED.map((name) => [name, versionsOf(name)] as const).filter(
    ([, versions]) => versions.length,
  );
  const others = adapters
    .filter((a) => !claudeIds.includes(a))
    .map((a) => (a.id.startsWith('inspector-') ? `inspector@${a.version}` : a.id));
  const args = process.argv
    .slice(2)
    .filter(
      (_, i, all) =>
        all[i] !== '--client' && all[i - 1] !== '--client' && !all[i]!.startsWith('--client='),
    );
  const clientArg = [...others, ...families.map(([name, v]) => `${name}@${v.join(',')}`)].join(',');
  const inner = [process.execPath, process.argv[1]!, ...args, '--client', clientArg];
  const canIsolate = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;
  if (canIsolate) {
    const names = families.map(([name]) => name).join(', ');
    console.log(`${names}: running in a loopback-only network namespace (unshare -n)`);
    const child = spawnSync(
      'unshare',
      ['-n', '--', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...inner],
      {
        stdio: 'inherit',
        env: { ...process.env, COMPAT_NETNS: '1' },
      },
    );
    process.exit(child.status ?? 1);
  }
  console.warn(
    'Claude Code: no network namespace here (needs root and unshare); it runs with ANTHROPIC_BASE_URL at the local mock and non-essential traffic disabled, but is not isolated from the network.',
  );
}
if (values.journey) {
  const { runJourneys } =
    await import('../tests/real-clients/harness/claude-code-journey-records.ts');
  process.exit(
    await runJourneys(
      claudeIds.filter((a) => a.id.startsWith('claude-code-')).map((a) => a.version),
      { update: values.update, only: values.only },
    ),
  );
}
const scenarios: ScenarioName[] = values.scenario
  ? values.scenario.split(',').map(parseScenario)
  : (Object.keys(SCENARIOS) as ScenarioName[]);
const recorded = new Map(readRecords().map((r) => [recordKey(r), r]));

const started = performance.now();
const browser = await launchBrowser();
const hook = await BrowserHook.start();
const fresh: CompatRecord[] = [];
const changes: string[] = [];
try {
  for (const adapter of adapters) {
    for (const scenario of scenarios) {
      const record = await runOne(adapter, scenario, browser, hook);
      fresh.push(record);
      const changed = describeChange(recorded.get(recordKey(record)), record);
      const figures = `${record.consentScreens} consent, ${record.refreshAfter403} refresh after 403, ${record.requestsAfter403 ?? '-'} req / ${record.msAfter403 ?? '-'} ms after 403`;
      console.log(
        `${adapter.id.padEnd(26)} ${scenario.padEnd(20)} ${record.outcome.padEnd(6)} ${figures}${changed.length ? `  CHANGED: ${changed.join('; ')}` : ''}`,
      );
      if (record.outcome !== 'works') console.log(`${''.padEnd(48)}user sees: ${record.userSees}`);
      if (process.env.COMPAT_DEBUG) console.log(record.transcript.join('\n'));
      if (changed.length) changes.push(`${recordKey(record)}: ${changed.join('; ')}`);
    }
  }
} finally {
  await hook.close();
  await browser.close();
}
console.log(`\n${fresh.length} run(s) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (values.update) {
  for (const file of writeRecords(fresh)) console.log(`wrote ${file}`);
} else if (changes.length) {
  console.log(
    `\n${changes.length} run(s) differ from the records:\n  ${changes.join('\n  ')}\nIf the client changed on purpose, re-record: npm run compat -- --update (add --client/--scenario to limit it)`,
  );
  process.exit(1);
}
process.exit(0);
