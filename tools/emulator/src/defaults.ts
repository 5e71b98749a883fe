// The emulator's defaults match the official DTS emulator image (and docker-compose.yml).
export const DEFAULT_GRPC_PORT = 8080;
export const DEFAULT_DASHBOARD_PORT = 8082;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_TASK_HUB_NAMES: readonly string[] = ['default'];
export const DEFAULT_DB_FILE = '.data/emulator.db';
/** Work-item lock timeouts: an orchestration episode takes milliseconds; activities may run for minutes. */
export const DEFAULT_ORCHESTRATION_WORK_ITEM_TIMEOUT_MS = 60_000;
export const DEFAULT_ACTIVITY_WORK_ITEM_TIMEOUT_MS = 600_000;
export const DEFAULT_ABANDON_GRACE_MS = 3000;

export const ENV = {
  grpcPort: 'DTS_EMULATOR_GRPC_PORT',
  dashboardPort: 'DTS_EMULATOR_DASHBOARD_PORT',
  db: 'DTS_EMULATOR_DB',
  host: 'DTS_EMULATOR_HOST',
  taskHubs: 'DTS_TASK_HUB_NAMES',
  abandonGraceMs: 'DTS_EMULATOR_ABANDON_GRACE_MS',
  orchestrationWorkItemTimeoutMs: 'DTS_EMULATOR_ORCHESTRATION_WORK_ITEM_TIMEOUT_MS',
  activityWorkItemTimeoutMs: 'DTS_EMULATOR_ACTIVITY_WORK_ITEM_TIMEOUT_MS',
} as const;
