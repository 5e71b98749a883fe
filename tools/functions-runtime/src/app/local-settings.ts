import { z } from 'zod';
import { readSettingsFile } from './settings-file.js';

/** What `func start` takes from local.settings.json besides the app settings it puts in the environment. */
export interface LocalSettings {
  /** Host.LocalHttpPort: the port when none is given on the command line. */
  readonly localHttpPort?: number;
  /** ConnectionStrings: looked up by name after app settings, as IConfiguration.GetConnectionString does. */
  readonly connectionStrings: Readonly<Record<string, string>>;
  /** One line per setting the runtime does not apply. */
  readonly notApplied: readonly string[];
}

// Core Tools reads Values as strings; numbers and booleans written without quotes become their text.
const settingValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const localSettingsSchema = z.looseObject({
  IsEncrypted: z.boolean().optional(),
  Values: z.record(z.string(), settingValue).optional(),
  ConnectionStrings: z.record(z.string(), z.string()).optional(),
  Host: z.looseObject({ LocalHttpPort: z.number().int().min(0).max(65535).optional() }).optional(),
});

/**
 * local.settings.json as `func start` applies it: `Values` become environment variables (variables already set
 * win), `ConnectionStrings` and `Host.LocalHttpPort` are honoured, anything else is named as not applied.
 */
export function loadLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const json = readSettingsFile(appDir, 'local.settings.json', localSettingsSchema)?.value;
  if (!json) return { connectionStrings: {}, notApplied: [] };
  if (json.IsEncrypted) {
    throw new Error('local.settings.json "IsEncrypted" is true: functions-runtime reads plain values only. Run `func settings decrypt`, or set IsEncrypted to false.');
  }
  for (const [key, value] of Object.entries(json.Values ?? {})) {
    if (env[key] === undefined && value !== null) env[key] = String(value);
  }
  const notApplied: string[] = [];
  for (const key of Object.keys(json)) {
    if (!['IsEncrypted', 'Values', 'ConnectionStrings', 'Host'].includes(key)) notApplied.push(key);
  }
  for (const key of Object.keys(json.Host ?? {})) if (key !== 'LocalHttpPort') notApplied.push(`Host.${key}`);
  return {
    localHttpPort: json.Host?.LocalHttpPort,
    connectionStrings: json.ConnectionStrings ?? {},
    notApplied: notApplied.map((key) => `local.settings.json "${key}" is not applied by functions-runtime.`),
  };
}
