// The emulator's defaults match the official DTS emulator image (and docker-compose.yml).
export const DEFAULT_GRPC_PORT = 8080;
export const DEFAULT_DASHBOARD_PORT = 8082;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_TASK_HUB_NAMES: readonly string[] = ['default'];
export const DEFAULT_DB_FILE = '.data/emulator.db';

export const ENV = {
  grpcPort: 'DTS_EMULATOR_GRPC_PORT',
  dashboardPort: 'DTS_EMULATOR_DASHBOARD_PORT',
  db: 'DTS_EMULATOR_DB',
  host: 'DTS_EMULATOR_HOST',
  taskHubs: 'DTS_TASK_HUB_NAMES',
  abandonGraceMs: 'DTS_EMULATOR_ABANDON_GRACE_MS',
} as const;
