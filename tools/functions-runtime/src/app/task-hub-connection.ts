import {
  connectionStringTaskHub,
  DEFAULT_CONNECTION_STRING,
  parseConnectionString,
  type DtsConnectionSettings,
} from '@durable-hosts/dts-connection';
import type { HostSettings } from './host-settings.js';
import { lookupSetting } from './setting-references.js';

export interface TaskHubConnection {
  readonly settings: DtsConnectionSettings;
  /** Start-up lines: where the endpoint and the task hub came from, and what differs from the real host. */
  readonly notes: readonly { level: 'info' | 'warn'; message: string }[];
}

/**
 * The DTS endpoint and task hub as the Durable extension's azureManaged provider combines them: the connection
 * string from the app setting (or ConnectionStrings entry) host.json names, and the task hub from host.json
 * `hubName` first, else the connection string's `TaskHub` (the extension: `options.HubName ?? TaskHubName`).
 */
export function resolveTaskHubConnection(
  host: HostSettings,
  env: NodeJS.ProcessEnv,
  connectionStrings: Readonly<Record<string, string>>,
): TaskHubConnection {
  const notes: { level: 'info' | 'warn'; message: string }[] = [];
  const name = host.connectionStringName;
  const type = host.storageProviderType;
  if (type === undefined || type.toLowerCase() !== 'azuremanaged') {
    notes.push({
      level: 'warn',
      message:
        `host.json "extensions.durableTask.storageProvider.type" is ${type === undefined ? 'not set (the Durable extension then uses Azure Storage)' : `'${type}'`}: ` +
        `functions-runtime runs the Durable work on the Durable Task Scheduler named by ${name} instead (type "azureManaged").`,
    });
  }
  let connectionString = lookupSetting(env, name) ?? connectionStrings[name];
  if (!connectionString) {
    notes.push({ level: 'warn', message: `${name} is not set; using ${DEFAULT_CONNECTION_STRING}.` });
    connectionString = DEFAULT_CONNECTION_STRING;
  }
  const named = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
    }
  };
  const inString = named(() => connectionStringTaskHub(connectionString));
  const hub = host.hubName || inString;
  if (!hub) {
    throw new Error(`No task hub: set "extensions.durableTask.hubName" in host.json, or TaskHub=<name> in ${name}.`);
  }
  if (host.hubName && inString && host.hubName !== inString) {
    notes.push({ level: 'info', message: `Task hub '${host.hubName}' from host.json hubName (${name} names TaskHub '${inString}'; hubName wins, as in the Durable extension).` });
  }
  return { settings: named(() => parseConnectionString(connectionString, { taskHub: hub })), notes };
}
