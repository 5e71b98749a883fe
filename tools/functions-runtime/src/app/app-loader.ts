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
}

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
  const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { main?: string; type?: string };
  if (!packageJson.main) {
    throw new Error(`${packageJsonPath} has no "main" field. Set it to the compiled functions, e.g. "dist/functions/*.js".`);
  }
  const entryPoints = resolveEntryPoints(appDir, packageJson.main);
  const missing = entryPoints.filter((file) => !existsSync(file));
  if (entryPoints.length === 0 || missing.length > 0) {
    throw new Error(
      `package.json "main" ("${packageJson.main}") matched no files in '${appDir}'. Build the app first (e.g. npx nx build <app>).`,
    );
  }

  const registry = core.beginApp();
  const requireFromApp = createRequire(packageJsonPath);
  for (const file of entryPoints) {
    const isEsm = file.endsWith('.mjs') || (file.endsWith('.js') && packageJson.type === 'module');
    try {
      if (isEsm) await import(pathToFileURL(file).href);
      else requireFromApp(file);
    } catch (error) {
      throw new Error(`Worker was unable to load entry point "${path.relative(appDir, file)}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const programmingModel = core.programmingModel;
  if (!programmingModel) {
    throw new Error(
      `The app in '${appDir}' registered no programming model. Does it import '@azure/functions' (v4) and register functions with app.*?`,
    );
  }
  const appHookData: Record<string, unknown> = {};
  for (const hook of registry.hooks('appStart')) {
    await hook({ hookData: {}, appHookData, functionAppDirectory: appDir });
  }
  registry.lock();
  // The library locks its setup options when the host asks for capabilities.
  await programmingModel.getCapabilities?.({});
  return { appDir, entryPoints, registry, programmingModel, appHookData };
}
