// The packager's rules on apps that are not ours: .funcignore honoured as gitignore, the project's package.json
// replaced by one of pinned published dependencies, reproducible zips, and bad input named with its fix.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { packageFunctionsApp } from '../src/functions-app-package.js';
import { pinPublishedDependencies } from '../src/published-dependencies.js';
import { freshFolder, WORKSPACE_ROOT } from './support/artifact-tools.js';
import { replayDockerfile } from './support/dockerfile-replay.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/funcignore-app');
const PACKAGER = path.join(WORKSPACE_ROOT, 'tools/deploy/src/main.ts');
const run = promisify(execFile);

function version(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(WORKSPACE_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A copy of the fixture app inside the fixtures folder (so workspace packages still resolve), removed after. */
function fixtureCopy(change: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(path.dirname(FIXTURE), 'tmp-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  change(dir);
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('packaging a Functions app', () => {
  it('leaves out what .funcignore matches (folders, wildcards) and keeps what it takes back with !', async () => {
    const zipFile = path.join(freshFolder('funcignore-app'), 'app.zip');
    const built = await packageFunctionsApp(FIXTURE, zipFile, WORKSPACE_ROOT);
    expect(built.files).toEqual(['.funcignore', 'KEEP.md', 'dist/functions/status.js', 'extra.txt', 'host.json', 'package.json']);
    expect(Object.keys(unzipSync(fs.readFileSync(zipFile))).sort()).toEqual(built.files);
  });

  it('ships a package.json with only published dependencies, pinned, and no scripts or devDependencies', async () => {
    const zipFile = path.join(freshFolder('funcignore-app'), 'app.zip');
    await packageFunctionsApp(FIXTURE, zipFile, WORKSPACE_ROOT);
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(fs.readFileSync(zipFile))['package.json'])) as Record<string, unknown>;
    expect(manifest).toEqual({
      name: 'funcignore-app',
      version: '1.2.3',
      private: true,
      description: 'A Functions app whose .funcignore has a folder rule, a wildcard and a negation.',
      type: 'module',
      main: 'dist/functions/*.js',
      engines: expect.any(Object),
      dependencies: { '@azure/functions': version('@azure/functions') },
    });
  });

  it('bundles the workspace code it imports and leaves published packages as imports', async () => {
    const zipFile = path.join(freshFolder('funcignore-app'), 'app.zip');
    await packageFunctionsApp(FIXTURE, zipFile, WORKSPACE_ROOT);
    const code = new TextDecoder().decode(unzipSync(fs.readFileSync(zipFile))['dist/functions/status.js']);
    expect(code).toContain('import { app } from "@azure/functions"');
    expect(code).not.toContain('@durable-hosts/');
    expect(code).toContain('"Completed", "Failed", "Terminated"');
  });

  it('writes the same bytes for the same app', async () => {
    const folder = freshFolder('funcignore-app');
    await packageFunctionsApp(FIXTURE, path.join(folder, 'a.zip'), WORKSPACE_ROOT);
    await packageFunctionsApp(FIXTURE, path.join(folder, 'b.zip'), WORKSPACE_ROOT);
    expect(fs.readFileSync(path.join(folder, 'a.zip')).equals(fs.readFileSync(path.join(folder, 'b.zip')))).toBe(true);
  });

  it('refuses a .funcignore that leaves out host.json or the functions, naming them', async () => {
    const dir = fixtureCopy((app) => fs.appendFileSync(path.join(app, '.funcignore'), 'host.json\ndist/\n'));
    await expect(packageFunctionsApp(dir, path.join(freshFolder('bad'), 'app.zip'), WORKSPACE_ROOT)).rejects.toThrow(
      /\.funcignore leaves out host\.json, dist\/functions\/status\.js, which the app cannot run without/,
    );
  });

  it('refuses a main that no source file compiles to, naming both patterns', async () => {
    const dir = fixtureCopy((app) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ ...manifest, main: 'dist/handlers/*.js' }));
    });
    await expect(packageFunctionsApp(dir, path.join(freshFolder('bad'), 'app.zip'), WORKSPACE_ROOT)).rejects.toThrow(
      `package.json "main" 'dist/handlers/*.js' is compiled from 'src/handlers/*.ts', which matches no file`,
    );
  });
});

describe('pinning published dependencies', () => {
  function withInstalled(name: string, installed: string): string {
    const dir = freshFolder('pin');
    fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: installed }));
    return dir;
  }

  it('pins the version Node resolves from the importing file', () => {
    const dir = withInstalled('some-sdk', '2.4.1');
    expect(pinPublishedDependencies(new Map([['some-sdk', new Set([path.join(dir, 'src/index.js')])]]), dir)).toEqual({ 'some-sdk': '2.4.1' });
  });

  it('refuses a package that is not installed, saying what to run', () => {
    const dir = freshFolder('pin');
    expect(() => pinPublishedDependencies(new Map([['no-such-sdk', new Set([dir])]]), dir)).toThrow(
      "'no-such-sdk' (imported by .) is not installed. Run npm ci in the workspace",
    );
  });

  it('refuses one package in two versions, naming both', () => {
    const a = withInstalled('some-sdk', '1.0.0');
    const b = withInstalled('some-sdk', '2.0.0');
    expect(() => pinPublishedDependencies(new Map([['some-sdk', new Set([a, b])]]), path.dirname(a))).toThrow(
      /'some-sdk' is installed in more than one version: 1\.0\.0 \(for .*\), 2\.0\.0 \(for .*\)\. Align the workspace on one version of it\./,
    );
  });
});

describe('package-host (the command behind each host\'s package target)', () => {
  it('refuses to write into a folder that is not empty', async () => {
    const out = freshFolder('not-empty');
    fs.writeFileSync(path.join(out, 'mine.txt'), 'keep me');
    const failed = await run(process.execPath, ['--import', 'tsx', PACKAGER, path.join(WORKSPACE_ROOT, 'hosts/worker-host'), '--out', out]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`${out} is not empty. Choose a new or empty folder with --out`);
    expect(fs.readFileSync(path.join(out, 'mine.txt'), 'utf8')).toBe('keep me');
  });
});

describe('the Dockerfile player used by the image tests', () => {
  it('fails on an instruction it does not play, so no step goes untested', () => {
    const context = freshFolder('dockerfile');
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM node:22-slim\nHEALTHCHECK CMD node -e 1\nCMD ["node", "x.js"]\n');
    expect(() => replayDockerfile(context, freshFolder('workdir'))).toThrow('Dockerfile instruction HEALTHCHECK is not played by these tests');
  });
});
