// Builds a host's artifact with the same command as its `package` target, and installs an artifact's
// dependencies the way a deployment does: from the registry, into a folder outside the workspace.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const WORKSPACE_ROOT = path.join(import.meta.dirname, '../../../../');
const PACKAGER = path.join(WORKSPACE_ROOT, 'tools/deploy/src/main.ts');

/** A fresh folder in the temp directory, far from the workspace's node_modules. */
export function freshFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** `node --import tsx tools/deploy/src/main.ts hosts/<host> --out <out>`; resolves with what it printed. */
export async function packageHost(host: string, out: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', PACKAGER, path.join(WORKSPACE_ROOT, 'hosts', host), '--out', out], {
    cwd: WORKSPACE_ROOT,
  });
  return stdout;
}

/**
 * The environment for an install outside the workspace: none of the npm_* settings `npm test` hands its
 * children (npm_config_local_prefix would point npm back at the workspace), the shared cache preferred over
 * the network so that the install takes seconds.
 */
export function registryInstallEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) || /^npm_config_(cache|registry|userconfig)$/i.test(key)) env[key] = value;
  }
  return { ...env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** `npm install --omit=dev` in `dir`: only what its package.json declares, from the registry. */
export async function installPublishedDependencies(dir: string): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['install', '--omit=dev', '--no-audit', '--no-fund'], { cwd: dir, env: registryInstallEnv() });
}

/** Every package folder under `dir`/node_modules that is a link (a workspace link would be one). */
export function linkedPackages(dir: string): string[] {
  const root = path.join(dir, 'node_modules');
  const links: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isSymbolicLink()) links.push(entry.name);
    else if (entry.name.startsWith('@') && entry.isDirectory()) {
      for (const scoped of fs.readdirSync(full, { withFileTypes: true })) if (scoped.isSymbolicLink()) links.push(`${entry.name}/${scoped.name}`);
    }
  }
  return links;
}
