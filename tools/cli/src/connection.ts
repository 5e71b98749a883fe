// Which scheduler the CLI talks to: --connection-string, else DURABLE_TASK_SCHEDULER_CONNECTION_STRING, else
// the local emulator (as every host); --endpoint and --task-hub replace those parts of it.
import {
  CONNECTION_STRING_SETTING,
  DEFAULT_CONNECTION_STRING,
  parseConnectionString,
  type DtsConnectionSettings,
} from '@durable-hosts/durabletask-adapter';
import { UsageError } from './cli-errors.js';

export interface ConnectionOptions {
  connectionString?: string;
  endpoint?: string;
  taskHub?: string;
}

function withPart(connectionString: string, key: string, value: string): string {
  const kept = connectionString
    .split(';')
    .filter((pair) => pair.trim() !== '' && pair.split('=')[0]?.trim().toLowerCase() !== key.toLowerCase());
  return [...kept, `${key}=${value}`].join(';');
}

export function resolveConnection(options: ConnectionOptions, env: Record<string, string | undefined> = process.env): DtsConnectionSettings {
  const fromEnv = env[CONNECTION_STRING_SETTING]?.trim();
  const source = options.connectionString !== undefined ? '--connection-string' : fromEnv ? CONNECTION_STRING_SETTING : undefined;
  let connectionString = options.connectionString ?? (fromEnv || DEFAULT_CONNECTION_STRING);
  if (options.endpoint !== undefined) connectionString = withPart(connectionString, 'Endpoint', options.endpoint);
  if (options.taskHub !== undefined) connectionString = withPart(connectionString, 'TaskHub', options.taskHub);
  try {
    return parseConnectionString(connectionString);
  } catch (error) {
    throw new UsageError(source ? `${source}: ${(error as Error).message}` : (error as Error).message);
  }
}
