// The records arranged for the compatibility page: one row per client and
// version, one column per scenario, and the summary sentences computed from
// them so the page's answer cannot drift from the runs.
import { SCENARIOS, type ScenarioName } from '../../../examples/server/scenarios.ts';
import { SATISFIABLE, type CompatRecord } from './record.ts';

export interface MatrixRow {
  clientId: string;
  client: string;
  version: string;
  variant?: string;
  /** Recorded runs by scenario; a scenario not run is absent. */
  runs: Partial<Record<ScenarioName, CompatRecord>>;
}

export const SCENARIO_ORDER = Object.keys(SCENARIOS) as ScenarioName[];

// Families in the order readers look for them; versions newest first, Claude Code oldest first (before/after 2.1.118).
const FAMILY_ORDER = ['reference', 'sdk-', 'client-', 'mcp-remote', 'inspector', 'claude-code-'];
const family = (id: string) => {
  const i = FAMILY_ORDER.findIndex((prefix) => id === prefix || id.startsWith(prefix));
  return i < 0 ? FAMILY_ORDER.length : i;
};
const versionKey = (v: string) =>
  v
    .split('.')
    .map((n) => n.padStart(6, '0'))
    .join('.');

export function rows(records: CompatRecord[]): MatrixRow[] {
  const byClient = Map.groupBy(records, (r) => r.clientId);
  return [...byClient.entries()]
    .map(([clientId, runs]) => ({
      clientId,
      client: runs[0]!.client,
      version: runs[0]!.version,
      ...(runs[0]!.variant ? { variant: runs[0]!.variant } : {}),
      runs: Object.fromEntries(runs.map((r) => [r.scenario, r])),
    }))
    .sort((a, b) => {
      const f = family(a.clientId) - family(b.clientId);
      if (f) return f;
      if (a.client !== b.client) return a.client.localeCompare(b.client);
      const v = versionKey(a.version).localeCompare(versionKey(b.version));
      if (v) return a.clientId.startsWith('claude-code-') ? v : -v;
      return a.clientId.localeCompare(b.clientId);
    });
}

/** The agent CLIs (Codex CLI, opencode, Gemini CLI): their own table on the compatibility page. */
export const isAgentCli = (clientId: string) => /^(codex|opencode|gemini-cli)-/.test(clientId);

export const rowLabel = (row: Pick<MatrixRow, 'client' | 'version' | 'variant'>) =>
  `${row.client} ${row.version}${row.variant ? ` (${row.variant})` : ''}`;

export const runAnchor = (clientId: string, scenario: string) =>
  `run-${clientId}-${scenario}`.replace(/[^a-zA-Z0-9-]/g, '-');
export const rowAnchor = (clientId: string) => `client-${clientId}`.replace(/[^a-zA-Z0-9-]/g, '-');
export const scenarioAnchor = (scenario: string) => `scenario-${scenario}`;

/** Rows whose run of this scenario worked, and rows whose run failed or looped. */
export function whoHandles(
  all: MatrixRow[],
  scenario: ScenarioName,
): { works: MatrixRow[]; failing: MatrixRow[] } {
  const ran = all.filter((r) => r.runs[scenario]);
  return {
    works: ran.filter((r) => r.runs[scenario]!.outcome === 'works'),
    failing: ran.filter((r) => ['fails', 'loops'].includes(r.runs[scenario]!.outcome)),
  };
}

/** For each row, the satisfiable scenarios it does not complete. */
export function failures(all: MatrixRow[]): { row: MatrixRow; scenarios: ScenarioName[] }[] {
  return all
    .map((row) => ({
      row,
      scenarios: SCENARIO_ORDER.filter(
        (s) => SATISFIABLE.has(s) && row.runs[s] && row.runs[s]!.outcome !== 'works',
      ),
    }))
    .filter((f) => f.scenarios.length);
}

/** Whether the MCP server sent a 403 insufficient_scope in the run (a client whose first sign-in took every scope never sees one). */
export const challenged = (run: Pick<CompatRecord, 'transcript'>) =>
  run.transcript.some((line) => /← 403 .*insufficient_scope/.test(line));
