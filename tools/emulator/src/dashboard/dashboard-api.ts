// The dashboard's HTTP surface: the JSON REST API under /api/v1 (documented in tools/emulator/README.md)
// and the built UI for everything else. The UI uses nothing but this API.
import type http from 'node:http';
import { instanceView } from '../engine/instance-view.js';
import { STATUS_NAMES, type TaskHubEngine } from '../engine/task-hub-engine.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { ApiError, toApiError } from './api-error.js';
import { streamChanges } from './change-stream.js';
import { historyJson } from './history-json.js';
import { InstanceQueries } from './instance-queries.js';
import { sendJson, readJsonBody } from './json-exchange.js';
import { MAX_OFFSET, parsePageRequest } from './list-request.js';
import {
  INSTANCE_ACTIONS,
  purgeByFilter,
  runInstanceAction,
  startOrchestration,
  type InstanceAction,
} from './orchestration-actions.js';
import { checkHost, checkStateChangingRequest } from './request-guard.js';
import { serveUi } from './static-files.js';
import { buildTimeline } from './timeline.js';

export interface DashboardApiOptions {
  hubs: ReadonlyMap<string, TaskHubEngine>;
  store: SqliteStore;
  /** The address the server listens on; loopback addresses only answer loopback host names. */
  host: string;
  grpcPort: number;
  /** Folder of the built UI (default: tools/emulator/dist/dashboard-ui). */
  uiRoot?: string;
}

const MINUTES_OF_METRICS = 60;
const MAX_HISTORY_PAGE = 50_000;

function countsByName(counts: Map<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.values(STATUS_NAMES)) out[name] = 0;
  for (const [status, n] of counts) out[STATUS_NAMES[status] ?? String(status)] = n;
  return out;
}

function entityJson(e: { entityId: string; state: string | undefined; lastModifiedAt: number; lockedBy: string | undefined; backlogQueueSize: number }): unknown {
  return {
    entityId: e.entityId,
    state: e.state ?? null,
    lastModifiedAt: new Date(e.lastModifiedAt).toISOString(),
    lockedBy: e.lockedBy ?? null,
    backlogQueueSize: e.backlogQueueSize,
  };
}

export function createDashboardApi(opts: DashboardApiOptions): {
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
} {
  const queries = new InstanceQueries(opts.store.db);

  const hubOf = (name: string): TaskHubEngine => {
    const hub = opts.hubs.get(name);
    if (!hub) {
      throw new ApiError(404, `Task hub '${name}' is not served here. Served task hubs: ${[...opts.hubs.keys()].join(', ')}.`);
    }
    return hub;
  };

  const get = (url: URL, parts: string[], req: http.IncomingMessage, res: http.ServerResponse): unknown => {
    if (parts.length === 2 && parts[1] === 'health') {
      return { status: 'ok', grpcPort: opts.grpcPort, taskHubs: [...opts.hubs.keys()] };
    }
    if (parts[1] !== 'taskhubs') return undefined;
    if (parts.length === 2) {
      return {
        grpcPort: opts.grpcPort,
        taskHubs: [...opts.hubs.values()].map((hub) => ({
          name: hub.hub,
          countsByStatus: countsByName(queries.countsByStatus(hub.hub, {}).counts),
          workers: hub.listWorkers().length,
        })),
      };
    }
    const hub = hubOf(parts[2]!);
    const section = parts[3];
    if (parts.length === 3) return { name: hub.hub, countsByStatus: countsByName(queries.countsByStatus(hub.hub, {}).counts) };
    if (section === 'orchestrations' && parts.length === 4) {
      const q = parsePageRequest(url.searchParams);
      const { counts, capped } = queries.countsByStatus(hub.hub, q);
      const selected = q.statuses && q.statuses.length > 0 ? q.statuses : [...counts.keys()];
      const total = selected.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
      return {
        instances: queries.page(hub.hub, q).map((row) => instanceView(row, false)),
        page: q.page,
        pageSize: q.limit,
        total,
        /** True when the filters matched more rows than were counted: total and counts are lower bounds. */
        totalIsLowerBound: capped,
        maxPage: Math.floor(MAX_OFFSET / q.limit) + 1,
        countsByStatus: countsByName(counts),
      };
    }
    if (section === 'orchestrations') {
      const id = parts[4]!;
      const row = hub.getInstance(id);
      if (!row) throw new ApiError(404, `No orchestration instance with ID '${id}' in task hub '${hub.hub}'.`);
      if (parts.length === 5) return instanceView(row, true);
      if (parts.length === 6 && parts[5] === 'history') {
        const events = historyJson(hub.getHistory(id) ?? []);
        const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
        const limit = Math.min(Number(url.searchParams.get('limit') ?? MAX_HISTORY_PAGE) || MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
        return { total: events.length, offset, events: events.slice(offset, offset + limit) };
      }
      if (parts.length === 6 && parts[5] === 'timeline') {
        const view = instanceView(row, false);
        return buildTimeline(historyJson(hub.getHistory(id) ?? []), view.runtimeStatus);
      }
      return undefined;
    }
    if (section === 'names' && parts.length === 4) return { names: hub.orchestrationNames() };
    if (section === 'workers' && parts.length === 4) {
      return {
        workers: hub.listWorkers().map((w) => ({ ...w, connectedAt: new Date(w.connectedAt).toISOString() })),
      };
    }
    if (section === 'entities' && parts.length === 4) {
      const page = hub.queryEntities({
        prefix: url.searchParams.get('prefix') || undefined,
        includeTransient: url.searchParams.get('includeTransient') === 'true',
        pageSize: Math.min(Number(url.searchParams.get('pageSize') ?? 100) || 100, 1000),
        continuationToken: url.searchParams.get('continuationToken') || undefined,
      });
      return { entities: page.entities.map(entityJson), continuationToken: page.continuationToken ?? null };
    }
    if (section === 'entities' && parts.length === 5) {
      const entity = hub.getEntity(parts[4]!);
      if (!entity) throw new ApiError(404, `No entity with ID '${parts[4]}' in task hub '${hub.hub}'.`);
      return entityJson(entity);
    }
    if (section === 'metrics' && parts.length === 4) {
      const now = Date.now();
      const currentMinute = Math.floor(now / 60_000) * 60_000;
      const since = currentMinute - (MINUTES_OF_METRICS - 1) * 60_000;
      const buckets = new Map(queries.completionsPerMinute(hub.hub, since).map((b) => [b.minute, b]));
      const completionsPerMinute = [];
      for (let m = since; m <= currentMinute; m += 60_000) {
        const b = buckets.get(m);
        completionsPerMinute.push({
          minute: new Date(m).toISOString(),
          completed: b?.completed ?? 0,
          failed: b?.failed ?? 0,
          terminated: b?.terminated ?? 0,
        });
      }
      return {
        countsByStatus: countsByName(queries.countsByStatus(hub.hub, {}).counts),
        completionsPerMinute,
        backlog: queries.backlog(hub.hub, now),
        workers: hub.listWorkers().length,
      };
    }
    if (section === 'changes' && parts.length === 4) {
      streamChanges(req, res, hub);
      return null;
    }
    return undefined;
  };

  const post = async (parts: string[], req: http.IncomingMessage): Promise<[number, unknown] | undefined> => {
    if (parts[1] !== 'taskhubs' || parts.length < 4) return undefined;
    checkStateChangingRequest(req);
    const hub = hubOf(parts[2]!);
    const body = await readJsonBody(req);
    if (parts[3] === 'orchestrations' && parts.length === 4) return [201, startOrchestration(hub, body)];
    if (parts[3] === 'purge' && parts.length === 4) return [200, purgeByFilter(hub, body)];
    if (parts[3] === 'orchestrations' && parts.length === 6 && INSTANCE_ACTIONS.includes(parts[5] as InstanceAction)) {
      return [200, runInstanceAction(hub, parts[4]!, parts[5] as InstanceAction, body)];
    }
    return undefined;
  };

  const api = async (url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // /api/v1/... → ['v1', ...]
    const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    if (parts[0] !== 'v1') throw new ApiError(404, `No API route ${url.pathname}; the API lives under /api/v1/.`);
    if (req.method === 'GET' || req.method === 'HEAD') {
      const body = get(url, parts, req, res);
      if (body === null) return; // streaming
      if (body === undefined) throw new ApiError(404, `No API route GET ${url.pathname}.`);
      return sendJson(res, 200, body);
    }
    if (req.method === 'POST') {
      const result = await post(parts, req);
      if (!result) throw new ApiError(404, `No API route POST ${url.pathname}.`);
      return sendJson(res, result[0], result[1]);
    }
    throw new ApiError(405, `${req.method} is not supported; the API uses GET for reads and POST for actions.`);
  };

  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const fail = (err: unknown): void => {
        const error = toApiError(err);
        // After a refused body the connection is not reused: a keep-alive client opens a new one.
        if (error.status === 413 && !res.headersSent) res.setHeader('connection', 'close');
        if (!res.headersSent) sendJson(res, error.status, { error: error.message });
        else res.end();
      };
      try {
        checkHost(req, opts.host);
        try {
          decodeURIComponent(url.pathname);
        } catch {
          throw new ApiError(400, `The path ${url.pathname} is not valid percent-encoding.`);
        }
      } catch (err) {
        fail(err);
        return true;
      }
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        api(url, req, res).catch(fail);
        return true;
      }
      return serveUi(req, res, url.pathname, opts.uiRoot);
    },
  };
}
