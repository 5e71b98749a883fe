// The dashboard's HTTP surface: the JSON REST API under /api/v1 (documented in this folder's README.md)
// and the built UI for everything else. The UI uses nothing but this API. The route table below is the
// whole API.
import type http from 'node:http';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { ApiError, toApiError } from './api-error.js';
import { ANSWERED, ApiRouter, Reply } from './api-router.js';
import { batchJson, cancelBatch, startBatch } from './batch-api.js';
import { BatchRunner } from './batch-runner.js';
import { streamChanges } from './change-stream.js';
import { histogramJson } from './histogram-json.js';
import { sendHistoryExport } from './history-export.js';
import { entitiesJson, hubCounts, metricsJson, oneEntityJson, taskHubsJson, workersJson } from './hub-reads.js';
import { flowJson, historyPageJson, instanceJson, orchestrationListJson, timelineJson } from './instance-reads.js';
import { sendJson } from './json-exchange.js';
import { INSTANCE_ACTIONS, purgeByFilter, runInstanceAction, startOrchestration } from './orchestration-actions.js';
import { checkHost } from './request-guard.js';
import { serveUi } from './static-files.js';

export interface DashboardApiOptions {
  hubs: ReadonlyMap<string, TaskHubEngine>;
  /** The address the server listens on; loopback addresses only answer loopback host names. */
  host: string;
  grpcPort: number;
  /** Folder of the built UI (default: tools/emulator/dist/dashboard-ui). */
  uiRoot?: string;
}

const HUB = '/api/v1/taskhubs/:hub';
const INSTANCE = `${HUB}/orchestrations/:id`;

export function createDashboardApi(opts: DashboardApiOptions): {
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
} {
  const hubOf = (params: Record<string, string>): TaskHubEngine => {
    const hub = opts.hubs.get(params.hub!);
    if (!hub) {
      throw new ApiError(
        404,
        `Task hub '${params.hub}' is not served here. Served task hubs: ${[...opts.hubs.keys()].join(', ')}.`,
      );
    }
    return hub;
  };

  const batches = new BatchRunner();
  const router = new ApiRouter()
    .get('/api/v1/health', () => ({ status: 'ok', grpcPort: opts.grpcPort, taskHubs: [...opts.hubs.keys()] }))
    .get('/api/v1/taskhubs', () => taskHubsJson(opts.hubs, opts.grpcPort))
    .get(HUB, ({ params }) => {
      const hub = hubOf(params);
      return { name: hub.hub, countsByStatus: hubCounts(hub) };
    })
    .get(`${HUB}/orchestrations`, ({ params, query }) => orchestrationListJson(hubOf(params), query))
    .get(INSTANCE, ({ params }) => instanceJson(hubOf(params), params.id!))
    .get(`${INSTANCE}/history`, ({ params, query }) => historyPageJson(hubOf(params), params.id!, query))
    .get(`${INSTANCE}/timeline`, ({ params }) => timelineJson(hubOf(params), params.id!))
    .get(`${INSTANCE}/flow`, ({ params }) => flowJson(hubOf(params), params.id!))
    .get(`${INSTANCE}/export`, ({ params, res }) => {
      sendHistoryExport(hubOf(params), params.id!, res);
      return ANSWERED;
    })
    .get(`${HUB}/histogram`, ({ params, query }) => histogramJson(hubOf(params), query))
    .get(`${HUB}/batches/:batchId`, ({ params, query }) => batchJson(batches, hubOf(params), params.batchId!, query))
    .get(`${HUB}/names`, ({ params }) => ({ names: hubOf(params).orchestrationNames() }))
    .get(`${HUB}/workers`, ({ params }) => workersJson(hubOf(params)))
    .get(`${HUB}/entities`, ({ params, query }) => entitiesJson(hubOf(params), query))
    .get(`${HUB}/entities/:entityId`, ({ params }) => oneEntityJson(hubOf(params), params.entityId!))
    .get(`${HUB}/metrics`, ({ params }) => metricsJson(hubOf(params)))
    .get(`${HUB}/changes`, ({ params, req, res }) => {
      streamChanges(req, res, hubOf(params));
      return ANSWERED;
    })
    .post(`${HUB}/orchestrations`, async ({ params, body }) => {
      const hub = hubOf(params);
      return new Reply(201, startOrchestration(hub, await body()));
    })
    .post(`${HUB}/purge`, async ({ params, body }) => {
      const hub = hubOf(params);
      return purgeByFilter(hub, await body());
    })
    .post(`${HUB}/batches`, async ({ params, body }) => {
      const hub = hubOf(params);
      return new Reply(202, startBatch(batches, hub, await body()));
    })
    .post(`${HUB}/batches/:batchId/cancel`, ({ params }) => cancelBatch(batches, hubOf(params), params.batchId!));
  for (const action of INSTANCE_ACTIONS) {
    router.post(`${INSTANCE}/${action}`, async ({ params, body }) => {
      const hub = hubOf(params);
      return runInstanceAction(hub, params.id!, action, await body());
    });
  }

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
        if (!url.pathname.startsWith('/api/v1/')) {
          fail(new ApiError(404, `No API route ${url.pathname}; the API lives under /api/v1/.`));
          return true;
        }
        router.dispatch(req, res, url).catch(fail);
        return true;
      }
      return serveUi(req, res, url.pathname, opts.uiRoot);
    },
  };
}
