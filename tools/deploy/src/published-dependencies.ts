// The `dependencies` of an artifact: every published package the bundle imports and every published package
// the host declares itself (a Functions app declares @azure/functions, which it imports for types only), each
// pinned to the exact version the workspace runs and tests, so the artifact installs what was proven here.
import fs from 'node:fs';
import path from 'node:path';
import { WORKSPACE_SCOPE } from './workspace-bundle.js';

interface Manifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
}

export function readManifest(file: string): Manifest {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** The version of `name` that Node resolves from `fromDir` (the node_modules folders up the tree). */
export function installedVersion(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(manifest)) return readManifest(manifest).version;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Pins each package to its installed version. `packages` maps a package to the files (or folders) it is
 * resolved from; a package found in two versions cannot be one dependency, and one not installed cannot be
 * pinned: both are errors that say what to do.
 */
export function pinPublishedDependencies(packages: ReadonlyMap<string, ReadonlySet<string>>, workspaceRoot: string): Record<string, string> {
  const pinned: Record<string, string> = {};
  for (const name of [...packages.keys()].sort()) {
    if (name.startsWith(WORKSPACE_SCOPE)) {
      throw new Error(`'${name}' is a workspace package; it is bundled, never a dependency of the artifact.`);
    }
    const versions = new Map<string, string>();
    for (const from of packages.get(name) ?? []) {
      const fromDir = fs.existsSync(from) && fs.statSync(from).isDirectory() ? from : path.dirname(from);
      const version = installedVersion(name, fromDir);
      if (version === undefined) {
        throw new Error(
          `'${name}' (imported by ${path.relative(workspaceRoot, from) || '.'}) is not installed. Run npm ci in the workspace, ` +
            'or add it to the dependencies of the package that imports it.',
        );
      }
      versions.set(version, from);
    }
    if (versions.size > 1) {
      const found = [...versions].map(([version, from]) => `${version} (for ${path.relative(workspaceRoot, from)})`).join(', ');
      throw new Error(`'${name}' is installed in more than one version: ${found}. Align the workspace on one version of it.`);
    }
    pinned[name] = [...versions.keys()][0];
  }
  return pinned;
}

/** The host's own published dependencies (its package.json), resolved from its folder. */
export function declaredPublishedDependencies(projectDir: string): Map<string, Set<string>> {
  const declared = readManifest(path.join(projectDir, 'package.json')).dependencies ?? {};
  return new Map(
    Object.keys(declared)
      .filter((name) => !name.startsWith(WORKSPACE_SCOPE))
      .map((name) => [name, new Set([projectDir])]),
  );
}

/** Both maps in one: the union of each package's sources. */
export function mergePackageSources(...sources: ReadonlyMap<string, ReadonlySet<string>>[]): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  for (const source of sources) {
    for (const [name, from] of source) {
      const set = merged.get(name) ?? new Set<string>();
      for (const item of from) set.add(item);
      merged.set(name, set);
    }
  }
  return merged;
}
