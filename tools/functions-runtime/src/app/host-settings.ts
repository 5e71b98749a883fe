import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What the runtime reads from host.json (the parts a local Node host honours). */
export interface HostSettings {
  /** extensions.http.routePrefix; "api" by default, "" for none. */
  readonly routePrefix: string;
  /** extensions.durableTask.hubName. */
  readonly hubName?: string;
  /** extensions.durableTask.storageProvider.connectionStringName. */
  readonly connectionStringName: string;
  /** logging.logLevel: category (or "default") → level name. */
  readonly logLevel: Readonly<Record<string, string>>;
}

/**
 * host.json, with logging levels overridable from the environment the way the Functions host allows
 * (`AzureFunctionsJobHost__logging__logLevel__<category>=<level>`, e.g. in local.settings.json Values).
 */
export function readHostSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): HostSettings {
  const file = path.join(appDir, 'host.json');
  const json = existsSync(file) ? (JSON.parse(stripJsonComments(readFileSync(file, 'utf8'))) as HostJson) : {};
  const prefix = json.extensions?.http?.routePrefix;
  return {
    routePrefix: typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api',
    hubName: json.extensions?.durableTask?.hubName,
    connectionStringName: json.extensions?.durableTask?.storageProvider?.connectionStringName ?? 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING',
    logLevel: { ...json.logging?.logLevel, ...logLevelOverrides(env) },
  };
}

/**
 * local.settings.json `Values` become environment variables, as `func start` does; variables already set in
 * the environment win.
 */
export function applyLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const file = path.join(appDir, 'local.settings.json');
  if (!existsSync(file)) return [];
  const json = JSON.parse(stripJsonComments(readFileSync(file, 'utf8'))) as { Values?: Record<string, string> };
  const applied: string[] = [];
  for (const [key, value] of Object.entries(json.Values ?? {})) {
    if (env[key] === undefined) {
      env[key] = String(value);
      applied.push(key);
    }
  }
  return applied;
}

const LOG_LEVEL_SETTING = /^AzureFunctionsJobHost__logging__logLevel__(.+)$/i;

function logLevelOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const category = LOG_LEVEL_SETTING.exec(key)?.[1];
    if (category !== undefined && value !== undefined) overrides[category] = value;
  }
  return overrides;
}

interface HostJson {
  logging?: { logLevel?: Record<string, string> };
  extensions?: {
    http?: { routePrefix?: string };
    durableTask?: { hubName?: string; storageProvider?: { connectionStringName?: string } };
  };
}

function stripJsonComments(text: string): string {
  return text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, quoted: string | undefined) => quoted ?? '');
}
