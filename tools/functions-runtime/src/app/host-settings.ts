import { CONNECTION_STRING_SETTING } from '@durable-hosts/dts-protocol';
import { z } from 'zod';
import { readSettingsFile } from './settings-file.js';
import { resolveSettingReferences } from './setting-references.js';

/** What the runtime reads from host.json (the parts a local Node host honours), `%SETTING%`s resolved. */
export interface HostSettings {
  /** extensions.http.routePrefix; "api" by default, "" for none. */
  readonly routePrefix: string;
  /** extensions.durableTask.hubName. */
  readonly hubName?: string;
  /** extensions.durableTask.storageProvider.type, when set. */
  readonly storageProviderType?: string;
  /** extensions.durableTask.storageProvider.connectionStringName. */
  readonly connectionStringName: string;
  /** logging.logLevel: category (or "default") → level name. */
  readonly logLevel: Readonly<Record<string, string>>;
  /** One line per host.json setting the runtime does not apply. */
  readonly notApplied: readonly string[];
}

const hostJsonSchema = z.looseObject({
  version: z.string(),
  logging: z.looseObject({ logLevel: z.record(z.string(), z.string()).optional() }).optional(),
  extensions: z
    .looseObject({
      http: z.looseObject({ routePrefix: z.string().optional() }).optional(),
      durableTask: z
        .looseObject({
          hubName: z.string().optional(),
          storageProvider: z.looseObject({ type: z.string().optional(), connectionStringName: z.string().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});
type HostJson = z.infer<typeof hostJsonSchema>;

/** Settings the runtime honours, by path; `*` = the whole section. */
const APPLIED = new Set([
  'version',
  '$schema',
  // The bundle only supplies binding extensions; the runtime brings its own.
  'extensionBundle',
  'logging.logLevel',
  'extensions.http.routePrefix',
  'extensions.durableTask.hubName',
  'extensions.durableTask.storageProvider.type',
  'extensions.durableTask.storageProvider.connectionStringName',
]);
/** Where the not-applied lines go one level deeper than the top: these sections are partly applied. */
const PARTLY_APPLIED = new Set(['logging', 'extensions', 'extensions.http', 'extensions.durableTask', 'extensions.durableTask.storageProvider']);

/**
 * host.json, as the Functions host reads it: `version` "2.0" required, comments allowed, `%SETTING%` references in
 * the Durable settings resolved; logging levels overridable from app settings
 * (`AzureFunctionsJobHost__logging__logLevel__<category>=<level>`, e.g. in local.settings.json Values).
 */
export function readHostSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): HostSettings {
  const file = readSettingsFile(appDir, 'host.json', hostJsonSchema);
  const json: HostJson = file?.value ?? { version: '2.0' };
  if (json.version !== '2.0') {
    throw new Error(`host.json "version" is '${json.version}'; Functions v4 apps need "version": "2.0".`);
  }
  const prefix = json.extensions?.http?.routePrefix;
  const durable = json.extensions?.durableTask;
  const resolve = (value: string | undefined, key: string) => (value === undefined ? undefined : resolveSettingReferences(value, env, `host.json ${key}`));
  return {
    routePrefix: typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api',
    hubName: resolve(durable?.hubName, 'extensions.durableTask.hubName'),
    storageProviderType: durable?.storageProvider?.type,
    connectionStringName:
      resolve(durable?.storageProvider?.connectionStringName, 'extensions.durableTask.storageProvider.connectionStringName') ??
      CONNECTION_STRING_SETTING,
    logLevel: { ...json.logging?.logLevel, ...logLevelOverrides(env) },
    notApplied: notAppliedSettings(file?.raw ?? {}, '').map((key) => `host.json "${key}" is not applied by functions-runtime.`),
  };
}

function notAppliedSettings(section: Record<string, unknown>, prefix: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(section)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (APPLIED.has(path)) continue;
    if (PARTLY_APPLIED.has(path) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      lines.push(...notAppliedSettings(value as Record<string, unknown>, path));
    } else {
      lines.push(path);
    }
  }
  return lines;
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
