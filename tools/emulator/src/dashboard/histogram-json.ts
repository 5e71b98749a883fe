// GET …/histogram: instances of the filtered list started per interval, by status, every interval of the
// range present (empty ones too), so the UI draws the bars as they come.
import { runtimeStatusName } from '@durable-hosts/dts-protocol';
import type { TaskHubEngine } from '../engine/task-hub-engine.js';
import { ApiError } from './api-error.js';
import { parseFilter } from './list-request.js';

const DEFAULT_BUCKETS = 60;
const MAX_BUCKETS = 500;

export interface HistogramBucket {
  start: string;
  counts: Record<string, number>;
  total: number;
}

export function histogramJson(hub: TaskHubEngine, params: URLSearchParams): unknown {
  const filter = parseFilter(params);
  const asked = params.get('buckets');
  const buckets = asked === null || asked === '' ? DEFAULT_BUCKETS : Number(asked);
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
    throw new ApiError(400, `buckets must be a whole number from 1 to ${MAX_BUCKETS}, got '${asked}'.`);
  }
  if (filter.createdFrom !== undefined && filter.createdTo !== undefined && filter.createdFrom > filter.createdTo) {
    throw new ApiError(400, 'createdFrom is after createdTo: swap them, or leave one out.');
  }
  const result = hub.queries.startedPerInterval(filter, buckets);
  if (result.from === undefined || result.to === undefined) {
    return { from: null, to: null, intervalMs: result.intervalMs, total: 0, buckets: [] };
  }
  const slots = Math.round((result.to - result.from) / result.intervalMs);
  const out: HistogramBucket[] = Array.from({ length: slots }, (_, i) => ({
    start: new Date(result.from! + i * result.intervalMs).toISOString(),
    counts: {},
    total: 0,
  }));
  let total = 0;
  for (const { slot, status, n } of result.counts) {
    const bucket = out[slot];
    if (!bucket) continue;
    const name = runtimeStatusName(status) ?? String(status);
    bucket.counts[name] = (bucket.counts[name] ?? 0) + n;
    bucket.total += n;
    total += n;
  }
  return {
    from: new Date(result.from).toISOString(),
    to: new Date(result.to).toISOString(),
    intervalMs: result.intervalMs,
    total,
    buckets: out,
  };
}
