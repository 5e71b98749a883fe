import path from 'node:path';
import { runEntry } from '@durable-hosts/test-support';
import { describe, expect, it } from 'vitest';
import { createTempApp } from './support/temp-app.js';

const MAIN = path.join(import.meta.dirname, '../src/main.ts');
const packageJson = (main: string, type = 'commonjs') => JSON.stringify({ name: 'app', main, type });

describe('functions-runtime start-up failures, as a user sees them', () => {
  it('shows the stack of an app that throws at start-up and exits non-zero', async () => {
    const appDir = createTempApp({
      'package.json': packageJson('src/functions/*.js'),
      'host.json': '{"version": "2.0"}',
      'src/functions/broken.js': "const { app } = require('@azure/functions');\nfunction connect() { throw new Error('database unreachable'); }\nconnect();\n",
    });
    const result = await runEntry(MAIN, [appDir, '--port', '0'], {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Worker was unable to load entry point "src/functions/broken.js": database unreachable');
    expect(result.stderr).toMatch(/at connect \(.*broken\.js:2/);
  });

  it('names the main pattern that matched nothing', async () => {
    const appDir = createTempApp({ 'package.json': packageJson('dist/src/{index.js,functions/*.js}'), 'host.json': '{"version": "2.0"}' });
    const result = await runEntry(MAIN, [appDir, '--port', '0'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Worker was unable to load entry point "dist/src/{index.js,functions/*.js}": found zero files matching the pattern');
  });

  it('names the file and key of a malformed host.json', async () => {
    const appDir = createTempApp({ 'package.json': packageJson('index.js'), 'index.js': '', 'host.json': '{"version": "2.0", "extensions": {"http": {"routePrefix": 7}}}' });
    const result = await runEntry(MAIN, [appDir, '--port', '0'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/host\.json .* "extensions\.http\.routePrefix"/);
  });

  it('shows the stack of an appStart hook that throws', async () => {
    const appDir = createTempApp({
      'package.json': packageJson('index.mjs', 'module'),
      'host.json': '{"version": "2.0"}',
      'index.mjs': "import { app } from '@azure/functions';\napp.get('x', { handler: () => ({}) });\napp.hook.appStart(() => { throw new Error('no config'); });\n",
    });
    const result = await runEntry(MAIN, [appDir, '--port', '0'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('An appStart hook of the app');
    expect(result.stderr).toMatch(/no config\n\s+at .*index\.mjs:3/);
  });
});
