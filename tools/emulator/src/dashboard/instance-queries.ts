// The dashboard's read queries over the emulator's SQLite database (the engine's store offers the
// gRPC-shaped ones). Every list query walks an index: status, created, name or the primary key; counts
// by status are one GROUP BY over the (hub, status, created_at) index.
import { OrchestrationStatusCode } from '@durable-hosts/dts-protocol';
import type Database from 'better-sqlite3';
import type { InstanceRow } from '../store/sqlite-store.js';

export interface DashboardFilter {
  statuses?: readonly number[];
  names?: readonly string[];
  instanceIdPrefix?: string;
  createdFrom?: number;
  createdTo?: number;
  /** Free text, matched (case-insensitively) in instance id, name, tags and custom status. */
  text?: string;
  /** `key` (has the tag) or `key=value` (tag equals). */
  tags?: readonly string[];
}

export const SORT_COLUMNS = {
  createdAt: 'created_at',
  lastUpdatedAt: 'last_updated_at',
  name: 'name',
  instanceId: 'instance_id',
  status: 'status',
} as const;

export type SortKey = keyof typeof SORT_COLUMNS;

export interface DashboardPageRequest extends DashboardFilter {
  sort: SortKey;
  descending: boolean;
  offset: number;
  limit: number;
}

/** Filtered counts stop here: counting every match of a scan-only filter would make the list slow. */
export const COUNT_CAP = 10_000;

export interface CompletionBucket {
  /** Start of the minute, epoch ms. */
  minute: number;
  completed: number;
  failed: number;
  terminated: number;
}

export interface Backlog {
  /** Orchestration messages waiting for a worker (new instances, events, activity results). */
  orchestrationMessages: number;
  /** Durable timers and scheduled starts not yet due. */
  scheduledMessages: number;
  activitiesQueued: number;
  entityMessages: number;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterSql(hub: string, f: DashboardFilter, withStatus: boolean): { where: string[]; params: unknown[] } {
  const where = ['hub = ?'];
  const params: unknown[] = [hub];
  if (withStatus && f.statuses && f.statuses.length > 0) {
    where.push(`status IN (${f.statuses.map(() => '?').join(',')})`);
    params.push(...f.statuses);
  }
  if (f.names && f.names.length > 0) {
    where.push(`name IN (${f.names.map(() => '?').join(',')})`);
    params.push(...f.names);
  }
  if (f.instanceIdPrefix) {
    // A range rather than LIKE, so that SQLite walks the primary key (LIKE is case-insensitive here).
    where.push('instance_id >= ? AND instance_id < ?');
    params.push(f.instanceIdPrefix, `${f.instanceIdPrefix}\u{10ffff}`);
  }
  if (f.createdFrom !== undefined) {
    where.push('created_at >= ?');
    params.push(f.createdFrom);
  }
  if (f.createdTo !== undefined) {
    where.push('created_at <= ?');
    params.push(f.createdTo);
  }
  if (f.text) {
    const pattern = `%${escapeLike(f.text)}%`;
    where.push(
      "(instance_id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\' OR custom_status LIKE ? ESCAPE '\\')",
    );
    params.push(pattern, pattern, pattern, pattern);
  }
  for (const tag of f.tags ?? []) {
    const eq = tag.indexOf('=');
    const key = eq >= 0 ? tag.slice(0, eq) : tag;
    const path = `$."${key.replace(/"/g, '""')}"`;
    if (eq >= 0) {
      where.push('json_extract(tags, ?) = ?');
      params.push(path, tag.slice(eq + 1));
    } else {
      where.push('json_type(tags, ?) IS NOT NULL');
      params.push(path);
    }
  }
  return { where, params };
}

interface RawRow {
  instance_id: string;
  execution_id: string;
  name: string;
  version: string | null;
  status: number;
  created_at: number;
  last_updated_at: number;
  completed_at: number | null;
  scheduled_start_at: number | null;
  parent_instance_id: string | null;
  tags: string | null;
}

/** The list columns only: payloads stay in the database until an instance is opened. */
function toRow(raw: RawRow): InstanceRow {
  return {
    instanceId: raw.instance_id,
    executionId: raw.execution_id,
    name: raw.name,
    version: raw.version ?? undefined,
    status: raw.status,
    input: undefined,
    output: undefined,
    customStatus: undefined,
    failureDetails: undefined,
    createdAt: raw.created_at,
    lastUpdatedAt: raw.last_updated_at,
    completedAt: raw.completed_at ?? undefined,
    scheduledStartAt: raw.scheduled_start_at ?? undefined,
    parentInstanceId: raw.parent_instance_id ?? undefined,
    parentExecutionId: undefined,
    parentTaskId: undefined,
    parentName: undefined,
    tags: raw.tags ? (JSON.parse(raw.tags) as Record<string, string>) : {},
    needsReplay: false,
  };
}

const LIST_COLUMNS =
  'instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, scheduled_start_at, parent_instance_id, tags';

export class InstanceQueries {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    // "Last updated" sorting walks this index instead of sorting the whole hub. (Suggested for the
    // store's schema; IF NOT EXISTS keeps it harmless if the schema adds it under this name.)
    db.exec('CREATE INDEX IF NOT EXISTS dashboard_instances_by_updated ON instances (hub, last_updated_at, instance_id)');
    this.stmts = {
      completions: db.prepare(`SELECT (completed_at / 60000) * 60000 AS minute, status, COUNT(*) AS n FROM instances
        WHERE hub = ? AND completed_at IS NOT NULL AND completed_at >= ? GROUP BY minute, status`),
      inboxDue: db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE hub = ? AND visible_at <= ?'),
      inboxLater: db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE hub = ? AND visible_at > ?'),
      activities: db.prepare('SELECT COUNT(*) AS n FROM activities WHERE hub = ?'),
      entityInbox: db.prepare('SELECT COUNT(*) AS n FROM entity_inbox WHERE hub = ?'),
    };
  }

  /** One page of list rows in the requested order. */
  page(hub: string, q: DashboardPageRequest): InstanceRow[] {
    const { where, params } = filterSql(hub, q, true);
    const dir = q.descending ? 'DESC' : 'ASC';
    const column = SORT_COLUMNS[q.sort];
    // The tie-breaker keeps pages stable; for status it follows the (hub, status, created_at) index.
    const tieBreak = q.sort === 'status' || q.sort === 'name' ? `, created_at ${dir}` : '';
    const order = q.sort === 'instanceId' ? `instance_id ${dir}` : `${column} ${dir}${tieBreak}, instance_id ${dir}`;
    const sql = `SELECT ${LIST_COLUMNS} FROM instances WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, q.limit, q.offset) as RawRow[]).map(toRow);
  }

  /**
   * Instances per status matching every filter except the status filter (the chips show them all).
   * Without filters this is one GROUP BY over the status index; with filters it counts at most
   * COUNT_CAP matches (`capped` says the numbers are lower bounds).
   */
  countsByStatus(hub: string, f: DashboardFilter): { counts: Map<number, number>; capped: boolean } {
    const { where, params } = filterSql(hub, f, false);
    const filtered = where.length > 1;
    const sql = filtered
      ? `SELECT status, COUNT(*) AS n FROM (SELECT status FROM instances WHERE ${where.join(' AND ')} LIMIT ${COUNT_CAP + 1}) GROUP BY status`
      : 'SELECT status, COUNT(*) AS n FROM instances WHERE hub = ? GROUP BY status';
    const rows = this.db.prepare(sql).all(...params) as { status: number; n: number }[];
    const counts = new Map(rows.map((r) => [r.status, r.n]));
    const seen = rows.reduce((sum, r) => sum + r.n, 0);
    return { counts, capped: filtered && seen > COUNT_CAP };
  }

  /** Terminal instances per minute since `since` (epoch ms), by outcome. */
  completionsPerMinute(hub: string, since: number): CompletionBucket[] {
    const rows = this.stmts.completions.all(hub, since) as { minute: number; status: number; n: number }[];
    const buckets = new Map<number, CompletionBucket>();
    for (const r of rows) {
      let b = buckets.get(r.minute);
      if (!b) buckets.set(r.minute, (b = { minute: r.minute, completed: 0, failed: 0, terminated: 0 }));
      if (r.status === OrchestrationStatusCode.Completed) b.completed += r.n;
      else if (r.status === OrchestrationStatusCode.Failed) b.failed += r.n;
      else if (r.status === OrchestrationStatusCode.Terminated) b.terminated += r.n;
    }
    return [...buckets.values()].sort((a, b) => a.minute - b.minute);
  }

  backlog(hub: string, now: number): Backlog {
    const n = (stmt: Database.Statement, ...args: unknown[]): number => (stmt.get(...args) as { n: number }).n;
    return {
      orchestrationMessages: n(this.stmts.inboxDue, hub, now),
      scheduledMessages: n(this.stmts.inboxLater, hub, now),
      activitiesQueued: n(this.stmts.activities, hub),
      entityMessages: n(this.stmts.entityInbox, hub),
    };
  }
}
