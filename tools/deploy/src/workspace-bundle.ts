// Bundles a host's entry points with esbuild: our workspace code (`@durable-hosts/*`, which no registry
// serves) goes into the output, read from its TypeScript source; every published package stays an import,
// to be installed from the registry where the artifact runs. The SDKs stay real dependencies: the Functions
// worker and durable-functions must share one @azure/functions, native and optional dependencies install
// for the target platform, and a security fix in an SDK is an `npm install`, not a rebuild.
import { builtinModules } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

/** Imports of this scope are bundled; everything else that is not relative is a published package. */
export const WORKSPACE_SCOPE = '@durable-hosts/';

/** Read workspace packages from src/ (as the workspace's own tests do), so no build step comes first. */
const SOURCE_CONDITION = '@durable-hosts/source';

export interface BundleEntry {
  /** The TypeScript entry point (absolute). */
  source: string;
  /** Where it goes, relative to the output folder, without `.js`: `dist/functions/http-starters`. */
  output: string;
}

export interface WorkspaceBundle {
  /** The files written, relative to the output folder (entry points first, then shared chunks). */
  files: string[];
  /** Each published package the bundle imports, with the files (absolute) that import it. */
  packages: Map<string, Set<string>>;
}

const BUILTINS = new Set(builtinModules);

/** `@scope/name/deep/file.js` → `@scope/name`; `name/deep` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageName(specifier));
}

/**
 * Writes the bundle into `outDir`; with several entry points the code they share goes to `chunkDir`
 * (relative to `outDir`), outside any folder a Functions `main` glob covers.
 */
export async function bundleWorkspaceCode(
  entries: readonly BundleEntry[],
  outDir: string,
  chunkDir = 'chunks',
): Promise<WorkspaceBundle> {
  if (entries.length === 0) throw new Error('Nothing to bundle: no entry points were given.');
  const packages = new Map<string, Set<string>>();
  const publishedPackagesStayImports: esbuild.Plugin = {
    name: 'published-packages-stay-imports',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (path.isAbsolute(args.path) || isBuiltin(args.path) || args.path.startsWith(WORKSPACE_SCOPE)) return undefined;
        const name = packageName(args.path);
        let importers = packages.get(name);
        if (importers === undefined) packages.set(name, (importers = new Set()));
        importers.add(args.importer);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: entries.map((entry) => ({ in: entry.source, out: entry.output })),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: [SOURCE_CONDITION],
    // Several entry points (a Functions app's files) share one copy of our code instead of one each.
    splitting: entries.length > 1,
    chunkNames: `${chunkDir}/[name]-[hash]`,
    // Readable output: a deployed stack trace names our functions, and the bundle's comments name the file.
    minify: false,
    legalComments: 'inline',
    metafile: true,
    logLevel: 'silent',
    plugins: [publishedPackagesStayImports],
  });
  const written = Object.keys(result.metafile.outputs).map((file) => path.relative(outDir, path.resolve(file)).split(path.sep).join('/'));
  const entryFiles = new Set(entries.map((entry) => `${entry.output}.js`));
  return {
    files: [...written.filter((file) => entryFiles.has(file)).sort(), ...written.filter((file) => !entryFiles.has(file)).sort()],
    packages,
  };
}
