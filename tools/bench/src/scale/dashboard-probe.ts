// Latency of the dashboard's list endpoint on a filled database: the first page, filtered by status, by
// name and by free text — what someone opening the dashboard waits for — and of the time histogram drawn
// above the list (instances started per interval by status) for the same filters. Each answer is checked
// (the rows against the filter, the histogram's counts against its total and the status asked for), so a
// parameter the server ignores shows up as "not available", not as a fast figure.
import { unavailable, type DashboardQuery, type Figure } from '../bench-report.js';
import { percentile } from '../percentiles.js';
import type { Progress } from '../progress-bar.js';

const PAGE_SIZE = 50;
const NAME_PREFIX = 'fan_out';

interface Row {
  instanceId?: string;
  name?: string;
  runtimeStatus?: string;
}

interface QuerySpec {
  name: string;
  /** The list's query string after `?pageSize=50`. */
  query: string;
  accepts(row: Row): boolean;
}

interface HistogramSpec {
  name: string;
  /** The histogram's query string. */
  query: string;
  /** The one status every bucket may count, when the query asks for one. */
  status?: string;
}

interface HistogramAnswer {
  total?: number;
  buckets?: { counts?: Record<string, number>; total?: number }[];
}

const QUERIES: QuerySpec[] = [
  { name: 'first page', query: '', accepts: () => true },
  {
    name: 'status Completed',
    query: '&status=Completed',
    accepts: (r) => r.runtimeStatus?.toLowerCase() === 'completed',
  },
  {
    // `name` (exact, the dashboard API) and `namePrefix` (the emulator's first API): a server honours one.
    name: `name "${NAME_PREFIX}…"`,
    query: `&name=fan_out_fan_in_orchestration&namePrefix=${NAME_PREFIX}`,
    accepts: (r) => r.name?.startsWith(NAME_PREFIX) === true,
  },
  {
    name: `free text "${NAME_PREFIX}"`,
    query: `&q=${NAME_PREFIX}`,
    accepts: (r) => `${r.name ?? ''} ${r.instanceId ?? ''}`.includes(NAME_PREFIX),
  },
];

const HISTOGRAMS: HistogramSpec[] = [
  { name: 'every instance', query: 'buckets=60' },
  { name: 'status Completed', query: 'buckets=60&status=Completed', status: 'Completed' },
  { name: 'name fan_out_fan_in_orchestration', query: 'buckets=60&name=fan_out_fan_in_orchestration' },
  { name: `free text "${NAME_PREFIX}"`, query: `buckets=60&q=${NAME_PREFIX}` },
];

function rowsOf(body: unknown): Row[] | undefined {
  if (Array.isArray(body)) return body as Row[];
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) if (Array.isArray(value)) return value as Row[];
  }
  return undefined;
}

/** What an answer holds (rows of a page, instances a histogram counted), or why it is not a valid answer. */
type Check = (body: unknown, text: string) => number | string;

async function timeRequest(
  url: string,
  check: Check,
  samples: number,
  tick: () => void,
): Promise<Figure<{ p50Ms: number; maxMs: number; rows: number }>> {
  const timings: number[] = [];
  let rows = 0;
  for (let i = 0; i <= samples; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    const text = await res.text();
    const elapsed = performance.now() - t0;
    tick();
    if (!res.ok) return unavailable(`answered ${res.status}: ${text.slice(0, 160)}`);
    const checked = check(JSON.parse(text), text);
    if (typeof checked === 'string') return unavailable(checked);
    rows = checked;
    if (i > 0) timings.push(elapsed); // the first request warms up the statement cache
  }
  timings.sort((a, b) => a - b);
  return { available: true, p50Ms: percentile(timings, 50), maxMs: timings[timings.length - 1] ?? 0, rows };
}

function listCheck(spec: QuerySpec): Check {
  return (body, text) => {
    const list = rowsOf(body);
    if (list === undefined) return `answered without a list of instances: ${text.slice(0, 160)}`;
    if (list.length === 0) return 'returned no instances although the database is filled';
    const stray = list.find((row) => !spec.accepts(row));
    if (stray) return `the filter was not applied (got ${stray.name} ${stray.runtimeStatus})`;
    return list.length;
  };
}

function histogramCheck(spec: HistogramSpec): Check {
  return (body, text) => {
    const { total, buckets } = body as HistogramAnswer;
    if (typeof total !== 'number' || !Array.isArray(buckets)) return `answered without a total and buckets: ${text.slice(0, 160)}`;
    if (total === 0) return 'counted no instances although the database is filled';
    const counted = buckets.reduce((n, b) => n + Object.values(b.counts ?? {}).reduce((m, c) => m + c, 0), 0);
    if (counted !== total) return `its buckets add up to ${counted}, not its total ${total}`;
    const stray = spec.status && buckets.flatMap((b) => Object.keys(b.counts ?? {})).find((s) => s !== spec.status);
    if (stray) return `the status filter was not applied (counted ${stray})`;
    return total;
  };
}

export async function probeDashboard(
  dashboardUrl: string,
  taskHub: string,
  samples: number,
  progress: Progress,
): Promise<DashboardQuery[]> {
  const hub = `/api/v1/taskhubs/${encodeURIComponent(taskHub)}`;
  let done = 0;
  const total = (QUERIES.length + HISTOGRAMS.length) * (samples + 1);
  const tick = () => progress.update(++done, total);
  const results: DashboardQuery[] = [];
  for (const spec of QUERIES) {
    const path = `${hub}/orchestrations?pageSize=${PAGE_SIZE}${spec.query}`;
    const result = await timeRequest(`${dashboardUrl}${path}`, listCheck(spec), samples, tick);
    results.push({ name: `list, ${spec.name}`, path, counts: 'rows', result });
  }
  for (const spec of HISTOGRAMS) {
    const path = `${hub}/histogram?${spec.query}`;
    const result = await timeRequest(`${dashboardUrl}${path}`, histogramCheck(spec), samples, tick);
    results.push({ name: `histogram, ${spec.name}`, path, counts: 'instances counted', result });
  }
  if (results.every((r) => !r.result.available)) {
    const first = results[0]?.result;
    throw new Error(
      `the dashboard API did not answer: ${first && !first.available ? first.reason : 'no queries'}`,
    );
  }
  return results;
}
