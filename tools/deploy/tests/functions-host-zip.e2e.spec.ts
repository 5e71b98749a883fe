// functions-host's zip, proven outside the workspace: `package` writes it, it is unpacked into a fresh folder,
// its dependencies are installed from the registry as a remote build does (npm install --omit=dev), and the
// Functions runtime runs the unpacked app against the real emulator, giving the seed's JSON.
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { runHttpStarter, startEmulator, startFunctionsApp, type EmulatorProcess, type FunctionsAppProcess } from '@durable-hosts/test-support';
import { freshFolder, installPublishedDependencies, linkedPackages, packageHost, WORKSPACE_ROOT } from './support/artifact-tools.js';

function installedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(WORKSPACE_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

describe('the functions-host zip (npx nx run functions-host:package), unpacked and installed from the registry', () => {
  let entries: string[];
  let appDir: string;
  let emulator: EmulatorProcess;
  let app: FunctionsAppProcess;

  beforeAll(async () => {
    const zipFile = path.join(freshFolder('functions-host-package'), 'functions-host.zip');
    await packageHost('functions-host', zipFile);
    const unpacked = unzipSync(fs.readFileSync(zipFile));
    entries = Object.keys(unpacked).sort();
    appDir = freshFolder('functions-host-deployed');
    for (const [name, bytes] of Object.entries(unpacked)) {
      fs.mkdirSync(path.dirname(path.join(appDir, name)), { recursive: true });
      fs.writeFileSync(path.join(appDir, name), bytes);
    }
    await installPublishedDependencies(appDir);
    emulator = await startEmulator();
    app = await startFunctionsApp(appDir, { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString });
  });
  afterAll(async () => {
    await app?.stop();
    await emulator?.stop();
  });

  it('holds host.json, package.json and the compiled functions at the root, and what .funcignore excludes is left out', () => {
    expect(entries).toEqual(expect.arrayContaining(['host.json', 'package.json', 'dist/functions/durable-functions.js', 'dist/functions/http-starters.js']));
    for (const excluded of ['local.settings.json', 'README.md', 'tsconfig.json', 'tsconfig.lib.json', 'eslint.config.mjs', 'vitest.config.mts']) {
      expect(entries).not.toContain(excluded);
    }
    expect(entries.filter((entry) => /\.(ts|mts)$/.test(entry) || entry.startsWith('tests/') || entry.startsWith('node_modules/'))).toEqual([]);
  });

  it('declares only published packages, at the versions the workspace runs', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ type: 'module', main: 'dist/functions/*.js' });
    expect(manifest.scripts).toBeUndefined(); // a remote build runs `npm run build` when there is one
    expect(manifest.dependencies).toEqual({
      '@azure/functions': installedVersion('@azure/functions'),
      'durable-functions': installedVersion('durable-functions'),
    });
  });

  it('installs real packages, no workspace links', () => {
    expect(linkedPackages(appDir)).toEqual([]);
    expect(fs.existsSync(path.join(appDir, 'node_modules/@durable-hosts'))).toBe(false);
  });

  it('lists the seed functions and runs chaining and fan-out/fan-in to the quickstart output', async () => {
    expect(app.output()).toContain(`StartChaining: [POST] ${app.origin}/api/StartChaining`);
    const chaining = await runHttpStarter(app.origin, '/api/StartChaining');
    expect(chaining).toMatchObject({ name: 'chaining_orchestration', runtimeStatus: 'Completed', output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
    const fanOut = await runHttpStarter(app.origin, '/api/StartFanOutFanIn');
    expect(fanOut).toMatchObject({
      name: 'fan_out_fan_in_orchestration',
      runtimeStatus: 'Completed',
      output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'],
    });
  });
});
