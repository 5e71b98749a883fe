#!/usr/bin/env node
// In the workspace, runs the TypeScript sources through tsx with the workspace's source condition, so
// neither the runtime nor the workspace libraries an app imports need a build (and no stale build is
// used). Outside it (no src/), runs the compiled runtime.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
if (existsSync(source)) {
  const child = spawn(process.execPath, ['--conditions=@durable-hosts/source', '--import', 'tsx', source, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import('../dist/main.js');
}
