// A Node service (worker-host, express-host) as a container image is built from it: a folder with the
// bundle, a package.json of published dependencies and the host's Dockerfile, which installs those and runs
// the bundle. The folder is the Docker build context; nothing outside it is needed.
import fs from 'node:fs';
import path from 'node:path';
import { deployManifest } from './deploy-manifest.js';
import { declaredPublishedDependencies, mergePackageSources, pinPublishedDependencies } from './published-dependencies.js';
import { bundleWorkspaceCode } from './workspace-bundle.js';

export interface NodeServicePackage {
  readonly folder: string;
  /** Every file in it, sorted. */
  readonly files: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
}

export const BUNDLE_MAIN = 'dist/main.js';

// What a build context should not send to the Docker daemon if someone installs in the folder first.
const DOCKERIGNORE = 'node_modules\nnpm-debug.log*\n';

function listFiles(dir: string, relative = ''): string[] {
  return fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const file = relative === '' ? entry.name : `${relative}/${entry.name}`;
    return entry.isDirectory() ? listFiles(dir, file) : [file];
  });
}

export async function packageNodeService(projectDir: string, folder: string, workspaceRoot: string, entry = 'src/main.ts'): Promise<NodeServicePackage> {
  const dockerfile = path.join(projectDir, 'Dockerfile');
  if (!fs.existsSync(dockerfile)) {
    throw new Error(`${projectDir} has no Dockerfile: add one that builds the packaged folder (see hosts/worker-host/Dockerfile).`);
  }
  const source = path.join(projectDir, entry);
  if (!fs.existsSync(source)) throw new Error(`The entry point ${source} does not exist; pass --entry <file> relative to ${projectDir}.`);

  const bundle = await bundleWorkspaceCode([{ source, output: BUNDLE_MAIN.replace(/\.js$/, '') }], folder);
  const dependencies = pinPublishedDependencies(mergePackageSources(declaredPublishedDependencies(projectDir), bundle.packages), workspaceRoot);
  const manifest = deployManifest({ projectDir, workspaceRoot, main: BUNDLE_MAIN, dependencies, scripts: { start: `node ${BUNDLE_MAIN}` } });
  fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.copyFileSync(dockerfile, path.join(folder, 'Dockerfile'));
  fs.writeFileSync(path.join(folder, '.dockerignore'), DOCKERIGNORE);
  return { folder, files: listFiles(folder).sort(), dependencies };
}
