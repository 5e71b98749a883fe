/**
 * `%NAME%` references in host.json and binding properties, replaced by app settings as the host's name resolver
 * does (every `%...%` in the value; setting names are case-insensitive, as in IConfiguration).
 */
export function resolveSettingReferences(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(/%([^%]+)%/g, (reference, name: string) => {
    const resolved = lookupSetting(env, name);
    if (resolved === undefined) {
      throw new Error(`${where}: '${reference}' does not resolve to a value. Set ${name} in local.settings.json "Values" or in the environment.`);
    }
    return resolved;
  });
}

export function lookupSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const exact = env[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(env)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
