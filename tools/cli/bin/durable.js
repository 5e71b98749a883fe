#!/usr/bin/env node
// `durable`: in the workspace it runs the TypeScript source through tsx (so a stale build is never used);
// outside it (no src/), the built dist/main.js.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const args = fs.existsSync(source)
  ? ['--conditions=@durable-hosts/source', '--import', 'tsx', source, ...process.argv.slice(2)]
  : [built, ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
