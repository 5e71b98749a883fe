// Reads about a task hub as a whole: the hubs and their counts, metrics, workers and entities.
import { RUNTIME_STATUS_NAMES, runtimeStatusName } from '@durable-hosts/dts-protocol';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { ApiError } from './api-error.js';

const MINUTES_OF_METRICS = 60;

export function countsByName(counts: Map<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of RUNTIME_STATUS_NAMES) out[name] = 0;
  for (const [status, n] of counts) out[runtimeStatusName(status) ?? String(status)] = n;
  return out;
}

export function hubCounts(hub: TaskHubEngine): Record<string, number> {
  return countsByName(hub.queries.countByStatus());
}

export function taskHubsJson(hubs: ReadonlyMap<string, TaskHubEngine>, grpcPort: number): unknown {
  return {
    grpcPort,
    taskHubs: [...hubs.values()].map((hub) => ({
      name: hub.hub,
      countsByStatus: hubCounts(hub),
      workers: hub.listWorkers().length,
    })),
  };
}

export function metricsJson(hub: TaskHubEngine): unknown {
  const now = hub.clock.now();
  const currentMinute = Math.floor(now / 60_000) * 60_000;
  const since = currentMinute - (MINUTES_OF_METRICS - 1) * 60_000;
  const buckets = new Map(hub.queries.completionsPerMinute(since).map((b) => [b.minute, b]));
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
    countsByStatus: hubCounts(hub),
    completionsPerMinute,
    backlog: hub.queries.backlog(now),
    workers: hub.listWorkers().length,
  };
}

export function workersJson(hub: TaskHubEngine): unknown {
  return { workers: hub.listWorkers().map((w) => ({ ...w, connectedAt: new Date(w.connectedAt).toISOString() })) };
}

type EntityRecord = NonNullable<ReturnType<TaskHubEngine['getEntity']>>;

function entityJson(e: EntityRecord): unknown {
  return {
    entityId: e.entityId,
    state: e.state ?? null,
    lastModifiedAt: new Date(e.lastModifiedAt).toISOString(),
    lockedBy: e.lockedBy ?? null,
    backlogQueueSize: e.backlogQueueSize,
  };
}

export function entitiesJson(hub: TaskHubEngine, params: URLSearchParams): unknown {
  const page = hub.queryEntities({
    prefix: params.get('prefix') || undefined,
    includeTransient: params.get('includeTransient') === 'true',
    pageSize: Math.min(Number(params.get('pageSize') ?? 100) || 100, 1000),
    continuationToken: params.get('continuationToken') || undefined,
  });
  return { entities: page.entities.map(entityJson), continuationToken: page.continuationToken ?? null };
}

export function oneEntityJson(hub: TaskHubEngine, entityId: string): unknown {
  const entity = hub.getEntity(entityId);
  if (!entity) throw new ApiError(404, `No entity with ID '${entityId}' in task hub '${hub.hub}'.`);
  return entityJson(entity);
}
