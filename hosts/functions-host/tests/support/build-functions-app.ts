// Builds this app as `nx serve functions-host` does before the runtime loads it (package.json main points
// at tsc's output); the tests then run it with test-support's startFunctionsApp.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** `tsc --build tsconfig.lib.json` for the app. */
export function buildFunctionsApp(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '--build', 'tsconfig.lib.json'], { cwd: APP_DIR, stdio: 'pipe' });
}
