// A Functions app as Azure's zip deploy takes it: host.json and package.json at the root, the compiled
// functions where package.json `main` points, no node_modules (a remote build installs the dependencies,
// as `func azure functionapp publish` does by default on Linux), and nothing `.funcignore` leaves out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globby } from 'globby';
import { deployManifest } from './deploy-manifest.js';
import { readFuncIgnore } from './funcignore.js';
import { declaredPublishedDependencies, mergePackageSources, pinPublishedDependencies, readManifest } from './published-dependencies.js';
import { bundleWorkspaceCode, type BundleEntry } from './workspace-bundle.js';
import { writeZip } from './zip-archive.js';

export interface FunctionsAppPackage {
  readonly zipFile: string;
  /** Every entry of the zip, sorted. */
  readonly files: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
}

// Replaced, never copied: dist/ is rebuilt from src/, node_modules is installed where the app runs.
const REBUILT = new Set(['node_modules', 'dist']);

/** Every file under `dir` (relative, `/`-separated) but the rebuilt folders at its top. */
function projectFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const file = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (relative === '' && REBUILT.has(entry.name)) continue;
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) found.push(file);
    }
  };
  walk('');
  return found;
}

/**
 * The TypeScript files that compile to what `main` names: `dist/functions/*.js` is the output of
 * `src/functions/*.ts` (the host's tsconfig.lib.json: rootDir src, outDir dist).
 */
async function entryPoints(projectDir: string, main: string): Promise<BundleEntry[]> {
  if (!main.startsWith('dist/')) {
    throw new Error(`package.json "main" is '${main}'; the packager expects it under dist/ (the compiled src/), e.g. "dist/functions/*.js".`);
  }
  const sourcePattern = `src/${main.slice('dist/'.length)}`.replace(/\.js\b/g, '.ts').replace(/\.mjs\b/g, '.mts').replace(/\.cjs\b/g, '.cts');
  const sources = await globby(sourcePattern, { cwd: projectDir });
  if (sources.length === 0) {
    throw new Error(`package.json "main" '${main}' is compiled from '${sourcePattern}', which matches no file in ${projectDir}.`);
  }
  return sources.sort().map((source) => ({
    source: path.join(projectDir, source),
    output: `dist/${source.slice('src/'.length).replace(/\.[cm]?ts$/, '')}`,
  }));
}

export async function packageFunctionsApp(projectDir: string, zipFile: string, workspaceRoot: string): Promise<FunctionsAppPackage> {
  const main = readManifest(path.join(projectDir, 'package.json')) as { main?: unknown };
  if (typeof main.main !== 'string' || main.main.trim() === '') {
    throw new Error(`${path.join(projectDir, 'package.json')} has no "main": the Functions worker loads the app from it.`);
  }
  const entries = await entryPoints(projectDir, main.main);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'functions-app-package-'));
  try {
    const bundle = await bundleWorkspaceCode(entries, stage, 'dist/chunks');
    const loaded = new Set(await globby(main.main, { cwd: stage }));
    const missed = entries.map((entry) => `${entry.output}.js`).filter((file) => !loaded.has(file));
    if (missed.length > 0) throw new Error(`package.json "main" '${main.main}' does not match the bundled ${missed.join(', ')}.`);

    const dependencies = pinPublishedDependencies(mergePackageSources(declaredPublishedDependencies(projectDir), bundle.packages), workspaceRoot);
    const manifest = deployManifest({ projectDir, workspaceRoot, main: main.main, dependencies });
    fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const copied = projectFiles(projectDir).filter((file) => file !== 'package.json');
    for (const file of copied) {
      fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
      fs.copyFileSync(path.join(projectDir, file), path.join(stage, file));
    }

    const funcIgnore = readFuncIgnore(projectDir);
    const files = [...copied, ...bundle.files, 'package.json'].filter((file) => !funcIgnore.ignores(file)).sort();
    const required = [...new Set(['host.json', 'package.json', ...bundle.files])]; // bundle.files: the entry points and their chunks
    const leftOut = required.filter((file) => !files.includes(file));
    if (leftOut.length > 0) {
      throw new Error(`.funcignore leaves out ${leftOut.join(', ')}, which the app cannot run without. Rules: ${funcIgnore.rules.join(', ')}.`);
    }
    writeZip(zipFile, stage, files);
    return { zipFile, files, dependencies };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
