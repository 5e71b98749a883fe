// The package.json an artifact ships: the host's name, description and module type, an entry point into
// the bundle, and only published dependencies, pinned (see published-dependencies.ts). No devDependencies
// and no build script: where the artifact is installed (`npm install --omit=dev`, an Oryx remote build, a
// Dockerfile's RUN) there is nothing to build.
import path from 'node:path';
import { readManifest } from './published-dependencies.js';

export interface DeployManifestOptions {
  projectDir: string;
  workspaceRoot: string;
  main: string;
  dependencies: Record<string, string>;
  scripts?: Record<string, string>;
}

export function deployManifest(options: DeployManifestOptions): Record<string, unknown> {
  const project = readManifest(path.join(options.projectDir, 'package.json')) as Record<string, unknown>;
  const workspace = readManifest(path.join(options.workspaceRoot, 'package.json')) as Record<string, unknown>;
  const name = String(project.name ?? path.basename(options.projectDir)).replace(/^@[^/]+\//, '');
  return {
    name,
    version: project.version ?? '0.0.0',
    private: true,
    ...(project.description ? { description: project.description } : {}),
    type: project.type ?? 'commonjs',
    main: options.main,
    ...(workspace.engines ? { engines: workspace.engines } : {}),
    ...(options.scripts ? { scripts: options.scripts } : {}),
    dependencies: options.dependencies,
  };
}
