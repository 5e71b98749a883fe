// Which scheduler the CLI talks to: --connection-string, else DURABLE_TASK_SCHEDULER_CONNECTION_STRING, else
// the local emulator (as every host); --endpoint and --task-hub replace those parts of it.
import { DEFAULT_CONNECTION_STRING, parseConnectionString, type DtsConnectionSettings } from '@durable-hosts/dts-connection';
import { CONNECTION_STRING_SETTING } from '@durable-hosts/dts-protocol';
import { UsageError } from './cli-errors.js';

export interface ConnectionOptions {
  connectionString?: string;
  endpoint?: string;
  taskHub?: string;
}

export function resolveConnection(options: ConnectionOptions, env: Record<string, string | undefined> = process.env): DtsConnectionSettings {
  const fromEnv = env[CONNECTION_STRING_SETTING]?.trim();
  const source = options.connectionString !== undefined ? '--connection-string' : fromEnv ? CONNECTION_STRING_SETTING : undefined;
  const connectionString = options.connectionString ?? (fromEnv || DEFAULT_CONNECTION_STRING);
  try {
    return parseConnectionString(connectionString, { endpoint: options.endpoint, taskHub: options.taskHub });
  } catch (error) {
    throw new UsageError(source ? `${source}: ${(error as Error).message}` : (error as Error).message);
  }
}
