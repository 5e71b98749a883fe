// Reads the emulator's settings from command-line flags, then the environment, then the defaults.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_ABANDON_GRACE_MS,
  DEFAULT_ACTIVITY_WORK_ITEM_TIMEOUT_MS,
  DEFAULT_DASHBOARD_PORT,
  DEFAULT_DB_FILE,
  DEFAULT_GRPC_PORT,
  DEFAULT_HOST,
  DEFAULT_ORCHESTRATION_WORK_ITEM_TIMEOUT_MS,
  DEFAULT_TASK_HUB_NAMES,
  ENV,
} from './defaults.js';
import type { EmulatorConfig } from './emulator.js';

/** The workspace root, three folders up from tools/emulator/src. */
const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const USAGE = `Usage: durable-emulator [options]

  --grpc-port N        gRPC port (env ${ENV.grpcPort}, default ${DEFAULT_GRPC_PORT}; 0 = any free port)
  --dashboard-port N   dashboard HTTP port (env ${ENV.dashboardPort}, default ${DEFAULT_DASHBOARD_PORT}; 0 = any)
  --db FILE            SQLite database file, or :memory: (env ${ENV.db}, default <workspace>/${DEFAULT_DB_FILE})
  --task-hubs a,b      task hubs to serve (env ${ENV.taskHubs}, default ${DEFAULT_TASK_HUB_NAMES.join(',')})
  --host ADDRESS       address to listen on (env ${ENV.host}, default ${DEFAULT_HOST})
  --help               show this help

Environment only:
  ${ENV.orchestrationWorkItemTimeoutMs}  ms a worker may hold an orchestration or entity work item
      before it is offered to another worker (default ${DEFAULT_ORCHESTRATION_WORK_ITEM_TIMEOUT_MS}; 0 = no timeout)
  ${ENV.activityWorkItemTimeoutMs}  the same for activities (default ${DEFAULT_ACTIVITY_WORK_ITEM_TIMEOUT_MS})
  ${ENV.abandonGraceMs}  ms before work held by a disconnected worker goes to another (default ${DEFAULT_ABANDON_GRACE_MS})`;

export function parseTaskHubNames(value: string): string[] {
  return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
}

function parsePort(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${what} must be a port number between 0 and 65535, got '${value}'.`);
  }
  return port;
}

function parseMilliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`${name} must be a number of milliseconds (0 or more), got '${value}'.`);
  }
  return ms;
}

export function readEmulatorConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): EmulatorConfig | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'grpc-port': { type: 'string' },
      'dashboard-port': { type: 'string' },
      db: { type: 'string' },
      'task-hubs': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const hubs = parseTaskHubNames(values['task-hubs'] ?? env[ENV.taskHubs] ?? DEFAULT_TASK_HUB_NAMES.join(','));
  if (hubs.length === 0) throw new Error('No task hub names given: set --task-hubs or DTS_TASK_HUB_NAMES, e.g. "default".');
  return {
    host: values.host ?? env[ENV.host] ?? DEFAULT_HOST,
    grpcPort: parsePort(values['grpc-port'] ?? env[ENV.grpcPort] ?? String(DEFAULT_GRPC_PORT), '--grpc-port'),
    dashboardPort: parsePort(
      values['dashboard-port'] ?? env[ENV.dashboardPort] ?? String(DEFAULT_DASHBOARD_PORT),
      '--dashboard-port',
    ),
    dbFile: values.db ?? env[ENV.db] ?? `${WORKSPACE_ROOT}${DEFAULT_DB_FILE}`,
    taskHubs: hubs,
    abandonGraceMs: parseMilliseconds(env, ENV.abandonGraceMs, DEFAULT_ABANDON_GRACE_MS),
    orchestrationWorkItemTimeoutMs: parseMilliseconds(
      env,
      ENV.orchestrationWorkItemTimeoutMs,
      DEFAULT_ORCHESTRATION_WORK_ITEM_TIMEOUT_MS,
    ),
    activityWorkItemTimeoutMs: parseMilliseconds(env, ENV.activityWorkItemTimeoutMs, DEFAULT_ACTIVITY_WORK_ITEM_TIMEOUT_MS),
    log,
  };
}
