// Latency of the dashboard's list endpoint on a filled database: the first page, filtered by status, by
// name and by free text — what someone opening the dashboard waits for. Each filter is checked on the
// rows it returns, so a parameter the server ignores shows up as "not available", not as a fast figure.
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
  query: string;
  accepts(row: Row): boolean;
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

function rowsOf(body: unknown): Row[] | undefined {
  if (Array.isArray(body)) return body as Row[];
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) if (Array.isArray(value)) return value as Row[];
  }
  return undefined;
}

async function timeQuery(
  url: string,
  spec: QuerySpec,
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
    const list = rowsOf(JSON.parse(text));
    if (list === undefined) return unavailable(`answered without a list of instances: ${text.slice(0, 160)}`);
    if (list.length === 0) return unavailable('returned no instances although the database is filled');
    const stray = list.find((row) => !spec.accepts(row));
    if (stray) return unavailable(`the filter was not applied (got ${stray.name} ${stray.runtimeStatus})`);
    rows = list.length;
    if (i > 0) timings.push(elapsed); // the first request warms up the statement cache
  }
  timings.sort((a, b) => a - b);
  return { available: true, p50Ms: percentile(timings, 50), maxMs: timings[timings.length - 1] ?? 0, rows };
}

export async function probeDashboard(
  dashboardUrl: string,
  taskHub: string,
  samples: number,
  progress: Progress,
): Promise<DashboardQuery[]> {
  const base = `/api/v1/taskhubs/${encodeURIComponent(taskHub)}/orchestrations?pageSize=${PAGE_SIZE}`;
  let done = 0;
  const total = QUERIES.length * (samples + 1);
  const results: DashboardQuery[] = [];
  for (const spec of QUERIES) {
    const path = `${base}${spec.query}`;
    const result = await timeQuery(`${dashboardUrl}${path}`, spec, samples, () =>
      progress.update(++done, total),
    );
    results.push({ name: spec.name, path, result });
  }
  if (results.every((r) => !r.result.available)) {
    const first = results[0]?.result;
    throw new Error(
      `the dashboard list endpoint did not answer: ${first && !first.available ? first.reason : 'no queries'}`,
    );
  }
  return results;
}
