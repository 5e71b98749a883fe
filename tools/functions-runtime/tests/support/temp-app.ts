// Builds a Functions app folder in the temp directory, as a user's project would be laid out, whose
// node_modules/@azure/functions is the version under test (the workspace's, or an npm alias of an older one).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));

export interface TempAppOptions {
  /** The package folder under the workspace node_modules that plays @azure/functions (default: @azure/functions). */
  readonly azureFunctions?: string;
}

export function createTempApp(files: Record<string, string>, options: TempAppOptions = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'functions-app-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  mkdirSync(path.join(dir, 'node_modules/@azure'), { recursive: true });
  symlinkSync(path.join(WORKSPACE_NODE_MODULES, options.azureFunctions ?? '@azure/functions'), path.join(dir, 'node_modules/@azure/functions'), 'dir');
  return dir;
}
