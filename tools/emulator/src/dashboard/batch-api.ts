// The batch endpoints: POST …/batches starts one (202), GET …/batches/:batchId reads its progress and a
// page of its per-instance results, POST …/batches/:batchId/cancel stops it after the page under way.
import { z } from 'zod';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { flag, optionalText, parseBody } from './action-body.js';
import { ApiError } from './api-error.js';
import { BATCH_ACTIONS } from './batch-actions.js';
import type { Batch, BatchRunner, Selection } from './batch-runner.js';
import { parseFilter } from './list-request.js';

/** Listed ids beyond this go by filter instead (the body limit would come first otherwise). */
const MAX_LISTED_IDS = 10_000;
const DEFAULT_RESULTS_PAGE = 1000;
const MAX_RESULTS_PAGE = 10_000;

const FILTER_VALUE = z.union([z.string(), z.array(z.string())], { error: 'must be a string or an array of strings' });
const FILTER_KEYS = ['status', 'name', 'prefix', 'createdFrom', 'createdTo', 'q', 'tag'] as const;

const START = z.object({
  action: z.enum(BATCH_ACTIONS, { error: `must be one of ${BATCH_ACTIONS.join(', ')}` }),
  instanceIds: z
    .array(z.string({ error: 'must be an array of instance ID strings' }), { error: 'must be an array of instance ID strings' })
    .max(MAX_LISTED_IDS, { error: `lists at most ${MAX_LISTED_IDS} ids; select "all matching the filter" instead.` })
    .optional(),
  /** The list's filter, with the list's query parameter names (status, name, prefix, createdFrom, createdTo, q, tag). */
  filter: z
    .partialRecord(z.enum(FILTER_KEYS), FILTER_VALUE, {
      error: `must be an object of the list's filters (${FILTER_KEYS.join(', ')}), e.g. {"status": "Running", "name": "chaining_orchestration"}`,
    })
    .optional(),
  reason: optionalText,
  recursive: flag,
  newInstanceId: flag,
});

function selectionOf(body: z.output<typeof START>): Selection {
  if (body.instanceIds !== undefined && body.filter !== undefined) {
    throw new ApiError(400, "Give either 'instanceIds' or 'filter', not both.");
  }
  if (body.instanceIds !== undefined) {
    if (body.instanceIds.length === 0) throw new ApiError(400, "'instanceIds' is empty: select at least one instance.");
    return { instanceIds: body.instanceIds };
  }
  if (body.filter === undefined) {
    throw new ApiError(400, "Say which instances: 'instanceIds' (a list) or 'filter' (everything the list's filters match; {} for all).");
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body.filter)) for (const v of [value ?? []].flat()) params.append(key, v);
  return { filter: parseFilter(params) };
}

function summary(batch: Batch): Record<string, unknown> {
  return {
    batchId: batch.batchId,
    action: batch.action,
    state: batch.state,
    ...(batch.error !== undefined ? { error: batch.error } : {}),
    total: batch.total,
    processed: batch.processed,
    counts: batch.counts,
    startedAt: new Date(batch.startedAt).toISOString(),
    finishedAt: batch.finishedAt === undefined ? null : new Date(batch.finishedAt).toISOString(),
  };
}

export function startBatch(runner: BatchRunner, hub: TaskHubEngine, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(START, raw);
  const batch = runner.start(hub, body.action, selectionOf(body), {
    reason: body.reason,
    recursive: body.recursive,
    newInstanceId: body.newInstanceId,
  });
  return summary(batch);
}

function count(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ApiError(400, `${name} must be a whole number from 0 to ${max}, got '${text}'.`);
  return n;
}

/** Progress, and the results from `offset` (in the order the instances were done), `limit` of them. */
export function batchJson(runner: BatchRunner, hub: TaskHubEngine, batchId: string, params: URLSearchParams): unknown {
  const batch = runner.get(hub.hub, batchId);
  const offset = count(params, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const limit = count(params, 'limit', DEFAULT_RESULTS_PAGE, MAX_RESULTS_PAGE);
  return { ...summary(batch), offset, results: batch.results.slice(offset, offset + limit) };
}

export function cancelBatch(runner: BatchRunner, hub: TaskHubEngine, batchId: string): unknown {
  return summary(runner.cancel(hub.hub, batchId));
}
