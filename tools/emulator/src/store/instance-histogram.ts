// Instances started per interval, by status, for any instance filter: the dashboard's time histogram.
// The interval is a round size (1 s, 5 min, 1 h, ...) chosen so the range fits in about the number of
// buckets asked for. Counting walks the (hub, status, created_at) index, which covers the query (the
// table has no rowid, so the index holds everything it needs): no row of the table is read.
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

export function startedPerInterval(
  db: Database.Database,
  hub: string,
  filter: InstanceFilter,
  buckets: number,
): StartedPerInterval {
  // Every status listed, so that SQLite walks the status index (a range per status) rather than the
  // created index, which would send it to the table for each row's status.
  const indexed = { ...filter, statuses: filter.statuses && filter.statuses.length > 0 ? filter.statuses : ALL_STATUSES };
  const { where, params } = instanceFilterSql(hub, indexed);
  let first = filter.createdFrom;
  let last = filter.createdTo;
  if (first === undefined || last === undefined) {
    const bounds = db
      .prepare(`SELECT MIN(created_at) AS first, MAX(created_at) AS last FROM instances WHERE ${where.join(' AND ')}`)
      .get(...params) as { first: number | null; last: number | null };
    if (bounds.first === null || bounds.last === null) return { from: undefined, to: undefined, intervalMs: MINUTE, counts: [] };
    first ??= bounds.first;
    last ??= bounds.last;
  }
  const intervalMs = roundInterval(Math.max(last - first, 1), buckets);
  const from = Math.floor(first / intervalMs) * intervalMs;
  const to = (Math.floor(last / intervalMs) + 1) * intervalMs;
  const counts = db
    .prepare(
      `SELECT CAST((created_at - ?) / ? AS INTEGER) AS slot, status, COUNT(*) AS n FROM instances
       WHERE ${where.join(' AND ')} GROUP BY slot, status`,
    )
    .all(from, intervalMs, ...params) as StartedPerInterval['counts'];
  return { from, to, intervalMs, counts };
}
