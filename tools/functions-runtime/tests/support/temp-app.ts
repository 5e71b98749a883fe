// Builds a Functions app folder in the temp directory, as a user's project would be laid out, whose
// node_modules/@azure/functions (and durable-functions) is the version under test (the workspace's, or an npm alias
// of an older one).
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));

export interface TempAppOptions {
  /** The package folder under the workspace node_modules that plays @azure/functions (default: @azure/functions). */
  readonly azureFunctions?: string;
  /** Also link durable-functions: `true` for the workspace's, or the package folder that plays it (an npm alias of an older one). */
  readonly durableFunctions?: boolean | string;
  /** More workspace packages the app's own install would bring (its devDependencies, e.g. @types/node). */
  readonly packages?: readonly string[];
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A copy of tests/fixtures/<name> in the temp directory, with its node_modules linked: what it writes stays there. */
export function copyFixtureApp(name: string, options: TempAppOptions = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  linkPackages(dir, options);
  return dir;
}

export function createTempApp(files: Record<string, string>, options: TempAppOptions = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'functions-app-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  linkPackages(dir, options);
  return dir;
}

function linkPackages(dir: string, options: TempAppOptions): void {
  mkdirSync(path.join(dir, 'node_modules/@azure'), { recursive: true });
  symlinkSync(path.join(WORKSPACE_NODE_MODULES, options.azureFunctions ?? '@azure/functions'), path.join(dir, 'node_modules/@azure/functions'), 'dir');
  // Package name in the app → folder under the workspace node_modules.
  const links = new Map((options.packages ?? []).map((name) => [name, name]));
  if (options.durableFunctions) links.set('durable-functions', options.durableFunctions === true ? 'durable-functions' : options.durableFunctions);
  for (const [name, folder] of links) {
    mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(path.join(WORKSPACE_NODE_MODULES, folder), path.join(dir, 'node_modules', name), 'dir');
  }
}
