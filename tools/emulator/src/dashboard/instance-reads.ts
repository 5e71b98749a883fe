// Reads about orchestration instances: the filtered list, one instance, its history, timeline and flow.
import { instanceView } from '../engine/instance-view.js';
import type { InstanceRow } from '../store/sqlite-store.js';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { ApiError } from './api-error.js';
import { historyJson } from './history-json.js';
import { countsByName } from './hub-reads.js';
import { lastPage, parsePageRequest } from './list-request.js';
import { buildFlow } from './flow.js';
import { buildTimeline } from './timeline.js';

const MAX_HISTORY_PAGE = 50_000;

/** One page of the orchestration list, with the counts by status that drive the status chips. */
export function orchestrationListJson(hub: TaskHubEngine, params: URLSearchParams): unknown {
  const q = parsePageRequest(params);
  const { counts, capped } = hub.queries.countsByStatus(q);
  const selected = q.statuses && q.statuses.length > 0 ? q.statuses : [...counts.keys()];
  const total = selected.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
  return {
    instances: hub.queries.page(q).map((row) => instanceView(row, false)),
    page: q.page,
    pageSize: q.limit,
    total,
    /** True when the filters matched more rows than were counted: total and counts are lower bounds. */
    totalIsLowerBound: capped,
    ...lastPage(total, capped, q.limit),
    countsByStatus: countsByName(counts),
  };
}

export function requireInstance(hub: TaskHubEngine, instanceId: string): InstanceRow {
  const row = hub.getInstance(instanceId);
  if (!row) throw new ApiError(404, `No orchestration instance with ID '${instanceId}' in task hub '${hub.hub}'.`);
  return row;
}

export function instanceJson(hub: TaskHubEngine, instanceId: string): unknown {
  return instanceView(requireInstance(hub, instanceId), true);
}

export function historyPageJson(hub: TaskHubEngine, instanceId: string, params: URLSearchParams): unknown {
  requireInstance(hub, instanceId);
  const events = historyJson(hub.getHistory(instanceId) ?? []);
  const offset = Number(params.get('offset') ?? 0) || 0;
  const limit = Math.min(Number(params.get('limit') ?? MAX_HISTORY_PAGE) || MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
  return { total: events.length, offset, events: events.slice(offset, offset + limit) };
}

export function timelineJson(hub: TaskHubEngine, instanceId: string): unknown {
  const view = instanceView(requireInstance(hub, instanceId), false);
  return buildTimeline(historyJson(hub.getHistory(instanceId) ?? []), view.runtimeStatus, view.completedAt);
}

export function flowJson(hub: TaskHubEngine, instanceId: string): unknown {
  const view = instanceView(requireInstance(hub, instanceId), false);
  const history = historyJson(hub.getHistory(instanceId) ?? []);
  return buildFlow(history, buildTimeline(history, view.runtimeStatus, view.completedAt));
}
