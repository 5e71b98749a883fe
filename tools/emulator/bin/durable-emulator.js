#!/usr/bin/env node
// Starts the emulator: the built dist/main.js when present, otherwise the TypeScript source through tsx.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const args = fs.existsSync(built)
  ? [built, ...process.argv.slice(2)]
  : ['--conditions=@durable-hosts/source', '--import', 'tsx', source, ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
