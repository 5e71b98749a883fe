// Instances started per interval, by status, for any instance filter: the dashboard's time histogram.
// The interval is a round size (1 s, 5 min, 1 h, ...) chosen so the range fits in about the number of
// buckets asked for. A filter of statuses and a created range only (opening the list, a status chip)
// is answered from the (hub, status, created_at) index alone, which holds every column it needs: per
// status, its first and last start are two seeks and each interval's count is a range of the index — no
// row of the table is read and nothing is sorted. Any other filter (name, prefix, text, tags) needs the
// rows: one pass, grouped by interval and status, over the index SQLite picks for it.
import { RUNTIME_STATUS_NAMES, OrchestrationStatusCode } from '@durable-hosts/dts-protocol';
import type Database from 'better-sqlite3';
import { instanceFilterSql, type InstanceFilter } from './instance-filter.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const INTERVALS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE,
  2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY,
  2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY,
];

const ALL_STATUSES = RUNTIME_STATUS_NAMES.map((name) => OrchestrationStatusCode[name]);

export interface StartedPerInterval {
  /** Start of the first interval, epoch ms (a multiple of intervalMs); undefined when nothing matches. */
  from: number | undefined;
  /** End of the last interval (exclusive). */
  to: number | undefined;
  intervalMs: number;
  /** One entry per interval that has instances and status among them. */
  counts: { slot: number; status: number; n: number }[];
}

/** The smallest round interval that covers `span` in at most `buckets` intervals. */
export function roundInterval(span: number, buckets: number): number {
  return INTERVALS.find((ms) => Math.ceil(span / ms) <= buckets) ?? INTERVALS[INTERVALS.length - 1]!;
}

function isIndexOnly(f: InstanceFilter): boolean {
  return (
    (f.names?.length ?? 0) === 0 &&
    !f.instanceIdPrefix &&
    !f.text &&
    (f.tags?.length ?? 0) === 0 &&
    f.completedFrom === undefined &&
    f.completedTo === undefined
  );
}

const empty = (): StartedPerInterval => ({ from: undefined, to: undefined, intervalMs: MINUTE, counts: [] });

function slots(first: number, last: number, buckets: number): { from: number; to: number; intervalMs: number } {
  const intervalMs = roundInterval(Math.max(last - first, 1), buckets);
  return { from: Math.floor(first / intervalMs) * intervalMs, to: (Math.floor(last / intervalMs) + 1) * intervalMs, intervalMs };
}

/** Statuses and a created range only: seeks and index range counts, per status. */
function fromStatusIndex(db: Database.Database, hub: string, filter: InstanceFilter, buckets: number): StartedPerInterval {
  const statuses = filter.statuses && filter.statuses.length > 0 ? filter.statuses : ALL_STATUSES;
  const range = { createdFrom: filter.createdFrom, createdTo: filter.createdTo };
  const { where, params } = instanceFilterSql(hub, range);
  const cond = [...where, 'status = ?'].join(' AND ');
  const firstOf = db.prepare(`SELECT MIN(created_at) FROM instances WHERE ${cond}`).pluck();
  const lastOf = db.prepare(`SELECT MAX(created_at) FROM instances WHERE ${cond}`).pluck();
  const present: number[] = [];
  let first: number | undefined;
  let last: number | undefined;
  for (const status of statuses) {
    const start = firstOf.get(...params, status) as number | null;
    if (start === null) continue;
    present.push(status);
    first = Math.min(first ?? start, start);
    last = Math.max(last ?? start, lastOf.get(...params, status) as number);
  }
  first = filter.createdFrom ?? first;
  last = filter.createdTo ?? last;
  if (first === undefined || last === undefined) return empty();
  const { from, to, intervalMs } = slots(first, last, buckets);
  const countIn = db.prepare(`SELECT COUNT(*) FROM instances WHERE ${cond} AND created_at >= ? AND created_at < ?`).pluck();
  const counts: StartedPerInterval['counts'] = [];
  const n = Math.round((to - from) / intervalMs);
  for (const status of present) {
    for (let slot = 0; slot < n; slot++) {
      const start = from + slot * intervalMs;
      const count = countIn.get(...params, status, start, start + intervalMs) as number;
      if (count > 0) counts.push({ slot, status, n: count });
    }
  }
  return { from, to, intervalMs, counts };
}

export function startedPerInterval(
  db: Database.Database,
  hub: string,
  filter: InstanceFilter,
  buckets: number,
): StartedPerInterval {
  if (isIndexOnly(filter)) return fromStatusIndex(db, hub, filter, buckets);
  const { where, params } = instanceFilterSql(hub, filter);
  const cond = where.join(' AND ');
  let first = filter.createdFrom;
  let last = filter.createdTo;
  if (first === undefined || last === undefined) {
    // A filter an index answers seeks each end separately; a scan (text, tags) finds both in one pass.
    const scan = Boolean(filter.text) || (filter.tags?.length ?? 0) > 0;
    const sql = scan
      ? `SELECT MIN(created_at) AS first, MAX(created_at) AS last FROM instances WHERE ${cond}`
      : `SELECT (SELECT MIN(created_at) FROM instances WHERE ${cond}) AS first, (SELECT MAX(created_at) FROM instances WHERE ${cond}) AS last`;
    const bounds = db.prepare(sql).get(...params, ...(scan ? [] : params)) as { first: number | null; last: number | null };
    if (bounds.first === null || bounds.last === null) return empty();
    first ??= bounds.first;
    last ??= bounds.last;
  }
  const { from, to, intervalMs } = slots(first, last, buckets);
  const counts = db
    .prepare(
      `SELECT CAST((created_at - ?) / ? AS INTEGER) AS slot, status, COUNT(*) AS n FROM instances
       WHERE ${cond} GROUP BY slot, status`,
    )
    .all(from, intervalMs, ...params) as StartedPerInterval['counts'];
  return { from, to, intervalMs, counts };
}
