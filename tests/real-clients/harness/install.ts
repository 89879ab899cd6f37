// On-demand installs of clients that are not dependencies of this project
// (Claude Code: proprietary; the MCP Inspector: large), into a cache outside
// the repository: ~/.cache/mcp-step-up-compat/<name>/<version>/.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const CACHE_ROOT = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'mcp-step-up-compat',
);

/** "latest" becomes a number (asks the registry); the rest are checked for shape. */
export async function resolveVersions(pkg: string, specs: string[]): Promise<string[]> {
  const versions: string[] = [];
  for (const spec of specs) {
    if (spec === 'latest')
      versions.push((await run('npm', ['view', pkg, 'version'])).stdout.trim());
    else if (/^\d+\.\d+\.\d+$/.test(spec)) versions.push(spec);
    else throw new Error(`${pkg} version must look like 2.1.118 or be "latest", got "${spec}"`);
  }
  return versions;
}

/** Installs pkg@version into the cache unless `entry` (a path inside its folder) is there; returns the folder. */
export async function installCached(
  cacheName: string,
  pkg: string,
  version: string,
  entry: string,
  note = '',
): Promise<string> {
  const dir = join(CACHE_ROOT, cacheName, version);
  if (existsSync(join(dir, entry))) return dir;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"private":true}\n');
  console.log(`installing ${pkg}@${version} into ${dir}${note}`);
  await run(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${version}`],
    { cwd: dir },
  );
  if (!existsSync(join(dir, entry)))
    throw new Error(`${pkg}@${version} installed, but ${join(dir, entry)} is missing`);
  return dir;
}
