// Wires the parts together: one SQLite store, one engine per task hub, the gRPC sidecar service and the
// dashboard's HTTP server.
import * as grpc from '@grpc/grpc-js';
import type { Server as HttpServer } from 'node:http';
import { systemClock } from './engine/clock.js';
import { TaskHubEngine } from './engine/task-hub-engine.js';
import { TimerQueue } from './engine/timer-queue.js';
import { createSidecarService } from './grpc/sidecar-service.js';
import { TaskHubRouter } from './grpc/task-hub-router.js';
import { TaskHubSidecarService } from './proto/messages.js';
import { SqliteStore } from './store/sqlite-store.js';
import { startDashboardServer } from './dashboard-server.js';

export interface EmulatorConfig {
  host: string;
  grpcPort: number;
  dashboardPort: number;
  /** SQLite file, or ':memory:'. */
  dbFile: string;
  taskHubs: readonly string[];
  abandonGraceMs: number;
  /** Work-item lock timeouts (≤ 0 = none): see EngineOptions. */
  orchestrationWorkItemTimeoutMs: number;
  activityWorkItemTimeoutMs: number;
  log: (line: string) => void;
}

export interface RunningEmulator {
  readonly grpcPort: number;
  readonly dashboardPort: number;
  readonly hubs: ReadonlyMap<string, TaskHubEngine>;
  readonly store: SqliteStore;
  close(): Promise<void>;
}

export { PortInUseError } from './port-in-use-error.js';
import { PortInUseError } from './port-in-use-error.js';

function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
      if (err) {
        reject(
          new PortInUseError(
            `Cannot listen for gRPC on ${host}:${port} (${err.message}). Is another emulator or the DTS emulator ` +
              'container using it? Stop it, or choose another port with --grpc-port / DTS_EMULATOR_GRPC_PORT.',
          ),
        );
      } else {
        resolve(bound);
      }
    });
  });
}

export async function runEmulator(config: EmulatorConfig): Promise<RunningEmulator> {
  const store = new SqliteStore(config.dbFile);
  const clock = systemClock;
  const timers = new TimerQueue(clock);
  const hubs = new Map<string, TaskHubEngine>();
  for (const name of config.taskHubs) {
    const engine = new TaskHubEngine(store.forHub(name), timers, {
      abandonGraceMs: config.abandonGraceMs,
      abandonRetryDelayMs: 500,
      orchestrationWorkItemTimeoutMs: config.orchestrationWorkItemTimeoutMs,
      activityWorkItemTimeoutMs: config.activityWorkItemTimeoutMs,
      log: config.log,
      clock,
    });
    engine.load();
    hubs.set(name, engine);
  }
  const server = new grpc.Server({
    'grpc.max_receive_message_length': -1,
    'grpc.max_send_message_length': -1,
    // Channelz (gRPC's introspection service) is never served here, yet its per-call bookkeeping costs CPU.
    'grpc.enable_channelz': 0,
  });
  server.addService(TaskHubSidecarService, createSidecarService({ router: new TaskHubRouter(hubs), log: config.log }));
  let http: HttpServer | undefined;
  let grpcPort: number;
  try {
    grpcPort = await bindGrpc(server, config.host, config.grpcPort);
    http = await startDashboardServer({ host: config.host, port: config.dashboardPort, hubs, grpcPort });
  } catch (err) {
    server.forceShutdown();
    timers.close();
    store.close();
    throw err;
  }
  const address = http.address();
  const dashboardPort = typeof address === 'object' && address ? address.port : config.dashboardPort;
  let closed = false;
  return {
    grpcPort,
    dashboardPort,
    hubs,
    store,
    async close() {
      if (closed) return;
      closed = true;
      for (const hub of hubs.values()) hub.close();
      timers.close();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
        // Worker streams never end on their own; cancel them so shutdown isn't held up.
        setImmediate(() => server.forceShutdown());
      });
      await new Promise<void>((resolve) => {
        http!.closeAllConnections?.();
        http!.close(() => resolve());
      });
      store.close();
    },
  };
}
