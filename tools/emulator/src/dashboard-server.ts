// The HTTP server on the dashboard port: the dashboard's REST API and UI (src/dashboard).
import http from 'node:http';
import type { TaskHubEngine } from './engine/task-hub-engine.js';
import { PortInUseError } from './port-in-use-error.js';
import { createDashboardApi } from './dashboard/dashboard-api.js';
import { toApiError } from './dashboard/api-error.js';
import { sendJson } from './dashboard/json-exchange.js';

export interface DashboardServerOptions {
  host: string;
  port: number;
  grpcPort: number;
  /** Each engine's `queries` read the hub's lists and counts from SQLite. */
  hubs: ReadonlyMap<string, TaskHubEngine>;
}

export function startDashboardServer(opts: DashboardServerOptions): Promise<http.Server> {
  const dashboard = createDashboardApi(opts);
  const server = http.createServer((req, res) => {
    try {
      if (dashboard.handle(req, res)) return;
      sendJson(res, 404, { error: `Nothing is served at ${req.method} ${req.url}.` });
    } catch (err) {
      const error = toApiError(err);
      if (!res.headersSent) sendJson(res, error.status, { error: error.message });
      else res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Cannot listen for the dashboard on ${opts.host}:${opts.port}: the port is in use. Stop whatever uses ` +
                'it, or choose another port with --dashboard-port / DTS_EMULATOR_DASHBOARD_PORT.',
            )
          : err,
      );
    });
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
