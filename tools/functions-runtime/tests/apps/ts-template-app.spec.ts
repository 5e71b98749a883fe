import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';
import { copyFixtureApp } from '../support/temp-app.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// The TypeScript template layout, built with tsc as `npm run build` does: main "dist/src/{index.js,functions/*.js}".
describe('a TypeScript app from the template, built with tsc', () => {
  let runtime: RuntimeProcess;
  let appDir: string;
  beforeAll(async () => {
    appDir = copyFixtureApp('ts-template-app', { packages: ['@types/node'] });
    // The template's tsconfig as it is, built with the workspace's TypeScript 6 (the template pins ^4): 6 needs
    // to be told that its CommonJS defaults are expected and, as 4 and 5 did by default, to use @types/node.
    execFileSync(process.execPath, [tsc, '-p', appDir, '--ignoreDeprecations', '6.0', '--types', 'node'], { stdio: 'pipe' });
    runtime = await startRuntimeProcess(appDir);
  }, 60_000);
  afterAll(() => runtime?.stop());

  it('compiles to dist/src and loads index.js with every function file the brace glob names', () => {
    expect(existsSync(path.join(appDir, 'dist/src/index.js'))).toBe(true);
    expect(runtime.output()).toContain(`HttpExample: [GET,POST] ${runtime.origin}/api/HttpExample`);
    expect(runtime.output()).toContain('TimerExample: timerTrigger');
  });

  it('serves the HTTP function in the stream mode index.ts turns on', async () => {
    expect(await (await fetch(`${runtime.origin}/api/HttpExample?name=TypeScript`)).text()).toBe('Hello, TypeScript!');
    expect(await (await fetch(`${runtime.origin}/api/httpexample`, { method: 'POST', body: 'Seattle' })).text()).toBe('Hello, Seattle!');
  });
});
