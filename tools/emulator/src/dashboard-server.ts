// The HTTP server on the dashboard port. For now: a health endpoint, a few read-only JSON endpoints over
// the engine API, and a placeholder page; the dashboard itself is built on top of this (issue 6).
import http from 'node:http';
import type { TaskHubEngine } from './engine/task-hub-engine.js';
import { historyView, instanceView, STATUS_BY_NAME } from './engine/instance-view.js';
import { PortInUseError } from './port-in-use-error.js';
import type { SqliteStore } from './store/sqlite-store.js';
import { createDashboardApi } from './dashboard/dashboard-api.js';

export interface DashboardServerOptions {
  host: string;
  port: number;
  grpcPort: number;
  hubs: ReadonlyMap<string, TaskHubEngine>;
  /** The dashboard API (src/dashboard, dashboard team) reads through the same database handle. */
  store?: SqliteStore;
}

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Durable Task emulator</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<h1>Durable Task emulator</h1>
<p>The emulator is running. The dashboard UI is on its way; meanwhile the JSON API answers under
<code>/api/v1/</code> (try <a href="/api/v1/health">/api/v1/health</a> and
<a href="/api/v1/taskhubs/default/orchestrations">/api/v1/taskhubs/default/orchestrations</a>).</p>
</body></html>`;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function route(opts: DashboardServerOptions, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (req.method !== 'GET') return send(res, 405, { error: `${req.method} is not supported here yet.` });
  if (url.pathname === '/' || url.pathname === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PLACEHOLDER);
    return;
  }
  if (url.pathname === '/api/v1/health') {
    return send(res, 200, { status: 'ok', grpcPort: opts.grpcPort, taskHubs: [...opts.hubs.keys()] });
  }
  if (parts[0] !== 'api' || parts[1] !== 'v1' || parts[2] !== 'taskhubs') {
    return send(res, 404, { error: `No route for ${url.pathname}.` });
  }
  if (parts.length === 3) return send(res, 200, { taskHubs: [...opts.hubs.keys()] });
  const hub = opts.hubs.get(parts[3]!);
  if (!hub) return send(res, 404, { error: `Task hub not found: ${parts[3]}.` });
  if (parts[4] === 'workers' && parts.length === 5) return send(res, 200, { workers: hub.listWorkers() });
  if (parts[4] !== 'orchestrations') return send(res, 404, { error: `No route for ${url.pathname}.` });
  if (parts.length === 5) {
    const statuses = url.searchParams
      .getAll('status')
      .flatMap((s) => s.split(','))
      .filter(Boolean)
      .map((s) => STATUS_BY_NAME[s.toLowerCase()])
      .filter((s): s is number => s !== undefined);
    const page = hub.queryInstances({
      statuses,
      instanceIdPrefix: url.searchParams.get('instanceIdPrefix') ?? undefined,
      namePrefix: url.searchParams.get('namePrefix') ?? undefined,
      pageSize: Number(url.searchParams.get('pageSize') ?? 50),
      continuationToken: url.searchParams.get('continuationToken') ?? undefined,
      order: 'newest',
    });
    return send(res, 200, {
      instances: page.instances.map((row) => instanceView(row, false)),
      continuationToken: page.continuationToken ?? null,
      countsByStatus: hub.countByStatus(),
    });
  }
  const id = parts[5]!;
  const row = hub.getInstance(id);
  if (!row) return send(res, 404, { error: `No orchestration instance with ID '${id}' in task hub '${hub.hub}'.` });
  if (parts.length === 6) return send(res, 200, instanceView(row, true));
  if (parts[6] === 'history') return send(res, 200, { events: historyView(hub.getHistory(id) ?? []) });
  return send(res, 404, { error: `No route for ${url.pathname}.` });
}

export function startDashboardServer(opts: DashboardServerOptions): Promise<http.Server> {
  const dashboard = opts.store ? createDashboardApi({ ...opts, store: opts.store }) : undefined;
  const server = http.createServer((req, res) => {
    try {
      if (dashboard?.handle(req, res)) return;
      route(opts, req, res);
    } catch (err) {
      // A URIError comes from decoding a malformed path (/%E0%A4%A): a bad request, not a server fault.
      send(res, err instanceof URIError ? 400 : 500, { error: err instanceof Error ? err.message : String(err) });
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
