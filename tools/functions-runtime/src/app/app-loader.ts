import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CoreModuleHost } from '../core/core-module-shim.js';
import type { FunctionRegistry } from '../core/function-registry.js';
import type { ProgrammingModel } from '../core/core-api-types.js';
import { resolveEntryPoints } from './entry-point-glob.js';

export interface LoadedApp {
  readonly appDir: string;
  readonly entryPoints: readonly string[];
  readonly registry: FunctionRegistry;
  readonly programmingModel: ProgrammingModel;
  /** Shared by every hook of this app (the worker's `appHookData`). */
  readonly appHookData: Record<string, unknown>;
  /** What the worker reports to the host; `HttpUri` is set when the app turned on HTTP stream mode. */
  readonly capabilities: Readonly<Record<string, string>>;
}

/** The Node worker's own capabilities (getWorkerCapabilities.ts), which the library then adds to. */
const WORKER_CAPABILITIES: Readonly<Record<string, string>> = {
  RawHttpBodyBytes: 'true',
  RpcHttpTriggerMetadataRemoved: 'true',
  RpcHttpBodyOnly: 'true',
  IgnoreEmptyValuedRpcHttpHeaders: 'true',
  UseNullableValueDictionaryForHttp: 'true',
  WorkerStatus: 'true',
  TypedDataCollection: 'true',
  HandlesWorkerTerminateMessage: 'true',
};

/**
 * Loads a Functions v4 Node app as the worker's startApp.ts does: every file matched by package.json
 * `main` (a glob), ESM through import() and CommonJS through require(), then the appStart hooks; after
 * that no more registrations are accepted.
 */
export async function loadFunctionApp(appDir: string, core: CoreModuleHost): Promise<LoadedApp> {
  const packageJsonPath = path.join(appDir, 'package.json');
  if (!existsSync(packageJsonPath)) {
    throw new Error(`No package.json in the app folder '${appDir}'. Pass the folder of a Functions v4 Node.js app.`);
  }
  const packageJson = readPackageJson(packageJsonPath);
  if (typeof packageJson.main !== 'string' || packageJson.main === '') {
    throw new Error(`${packageJsonPath} has no "main" field. Set it to the compiled functions, e.g. "dist/functions/*.js".`);
  }
  const { files: entryPoints, problem } = await resolveEntryPoints(appDir, packageJson.main);
  if (problem) {
    throw new Error(
      `Worker was unable to load entry point "${packageJson.main}": ${problem} in '${appDir}' (package.json "main"). ` +
        'Build the app first (e.g. npm run build), or point "main" at the files that register its functions.',
    );
  }

  const registry = core.beginApp();
  const requireFromApp = createRequire(packageJsonPath);
  for (const file of entryPoints) {
    try {
      if (isEsModule(file, packageJson.type)) await import(pathToFileURL(file).href);
      else requireFromApp(file);
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      // The worker's message; the stack is the app's, so the runtime prints it whole.
      const failure = new Error(`Worker was unable to load entry point "${path.relative(appDir, file)}": ${cause.message}`, { cause });
      failure.stack = `${failure.message}\n${cause.stack ?? ''}`;
      throw failure;
    }
  }
  const programmingModel = core.programmingModel;
  if (!programmingModel) {
    throw new Error(
      `The app in '${appDir}' registered no programming model. Does it import '@azure/functions' (v4) and register functions with app.*?`,
    );
  }
  const appHookData: Record<string, unknown> = {};
  try {
    for (const hook of registry.hooks('appStart')) {
      await hook({ hookData: {}, appHookData, functionAppDirectory: appDir });
    }
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const failure = new Error(`An appStart hook of the app in '${appDir}' failed: ${cause.message}`, { cause });
    failure.stack = `${failure.message}\n${cause.stack ?? ''}`;
    throw failure;
  }
  registry.lock();
  // The library locks its setup options when the host asks for capabilities (and starts its HTTP proxy here).
  const capabilities = (await programmingModel.getCapabilities?.({ ...WORKER_CAPABILITIES })) ?? { ...WORKER_CAPABILITIES };
  return { appDir, entryPoints, registry, programmingModel, appHookData, capabilities };
}

interface PackageJson {
  main?: unknown;
  type?: unknown;
}

function readPackageJson(file: string): PackageJson & { main?: string } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson & { main?: string };
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** The worker's rule (loadScriptFile.ts): .mjs is ESM, .cjs is CommonJS, anything else follows package.json "type". */
function isEsModule(file: string, packageType: unknown): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  return packageType === 'module';
}
