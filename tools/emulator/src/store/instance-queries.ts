// The read queries over one task hub's instances: the gRPC ones (QueryInstances with a cursor,
// ListInstanceIds, purge candidates) and the dashboard's (sorted pages, counts by status, completions
// per minute, backlog). All filter through instanceFilterSql. Every list query walks an index: status,
// created, completed, name, last updated or the primary key.
import { OrchestrationStatusCode } from '@durable-hosts/dts-protocol';
import type Database from 'better-sqlite3';
import { instanceFilterSql, TERMINAL_STATUSES, type InstanceFilter } from './instance-filter.js';
import { startedPerInterval, type StartedPerInterval } from './instance-histogram.js';
import { instanceIdsAfter } from './instance-id-pages.js';
import { instanceFromRaw, LIST_COLUMNS, type InstanceRow, type RawInstanceRow } from './rows.js';

/** A page by creation time with an opaque cursor (gRPC QueryInstances). */
export interface CursorPageRequest extends InstanceFilter {
  pageSize: number;
  /** Cursor from a previous page. */
  after?: string;
  order: 'newest' | 'oldest';
}

export const SORT_COLUMNS = {
  createdAt: 'created_at',
  lastUpdatedAt: 'last_updated_at',
  name: 'name',
  instanceId: 'instance_id',
  status: 'status',
} as const;

export type SortKey = keyof typeof SORT_COLUMNS;

/** A page at an offset in any sort order (the dashboard's list). */
export interface SortedPageRequest extends InstanceFilter {
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

/** A cursor is `<number>|<instance id>`: the sort value and the tie-breaker of the page's last row. */
function parseCursor(cursor: string): [number, string] {
  const sep = cursor.indexOf('|');
  return [Number(cursor.slice(0, sep)), cursor.slice(sep + 1)];
}

/** Only terminal statuses: the requested ones among them, or all of them when none are requested. */
function terminalOnly(statuses: readonly number[] | undefined): readonly number[] {
  return statuses && statuses.length > 0 ? statuses.filter((s) => TERMINAL_STATUSES.includes(s)) : TERMINAL_STATUSES;
}

export class InstanceQueries {
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    readonly hub: string,
  ) {
    // "Last updated" sorting walks this index instead of sorting the whole hub.
    db.exec('CREATE INDEX IF NOT EXISTS dashboard_instances_by_updated ON instances (hub, last_updated_at, instance_id)');
    this.stmts = {
      countByStatus: db.prepare('SELECT status, COUNT(*) AS n FROM instances WHERE hub = ? GROUP BY status'),
      names: db.prepare('SELECT DISTINCT name FROM instances WHERE hub = ? ORDER BY name'),
      completions: db.prepare(`SELECT (completed_at / 60000) * 60000 AS minute, status, COUNT(*) AS n FROM instances
        WHERE hub = ? AND completed_at IS NOT NULL AND completed_at >= ? GROUP BY minute, status`),
      inboxDue: db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE hub = ? AND visible_at <= ?'),
      inboxLater: db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE hub = ? AND visible_at > ?'),
      activities: db.prepare('SELECT COUNT(*) AS n FROM activities WHERE hub = ?'),
      entityInbox: db.prepare('SELECT COUNT(*) AS n FROM entity_inbox WHERE hub = ?'),
    };
  }

  // ---------------------------------------------------------------- gRPC

  /** One page of whole instances by creation time; `next` is set only while more remain. */
  cursorPage(q: CursorPageRequest): { rows: InstanceRow[]; next: string | undefined } {
    const { where, params } = instanceFilterSql(this.hub, q);
    const desc = q.order === 'newest';
    if (q.after) {
      where.push(desc ? '(created_at, instance_id) < (?, ?)' : '(created_at, instance_id) > (?, ?)');
      params.push(...parseCursor(q.after));
    }
    const dir = desc ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM instances WHERE ${where.join(' AND ')} ORDER BY created_at ${dir}, instance_id ${dir} LIMIT ?`;
    const raws = this.db.prepare(sql).all(...params, q.pageSize + 1) as RawInstanceRow[];
    const rows = raws.slice(0, q.pageSize).map(instanceFromRaw);
    const last = rows[rows.length - 1];
    return { rows, next: raws.length > q.pageSize && last ? `${last.createdAt}|${last.instanceId}` : undefined };
  }

  count(f: InstanceFilter): number {
    const { where, params } = instanceFilterSql(this.hub, f);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM instances WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n;
  }

  /** Terminal instances by completion time, newest first (clients often read only the first page). */
  completedIds(q: {
    statuses?: readonly number[];
    completedFrom?: number;
    completedTo?: number;
    pageSize: number;
    after?: string;
  }): { ids: string[]; next: string | undefined } {
    const statuses = terminalOnly(q.statuses);
    if (statuses.length === 0) return { ids: [], next: undefined };
    const { where, params } = instanceFilterSql(this.hub, { statuses, completedFrom: q.completedFrom, completedTo: q.completedTo });
    where.push('completed_at IS NOT NULL');
    if (q.after) {
      where.push('(completed_at, instance_id) < (?, ?)');
      params.push(...parseCursor(q.after));
    }
    const sql = `SELECT instance_id, completed_at FROM instances WHERE ${where.join(' AND ')}
      ORDER BY completed_at DESC, instance_id DESC LIMIT ?`;
    const raws = this.db.prepare(sql).all(...params, q.pageSize + 1) as { instance_id: string; completed_at: number }[];
    const page = raws.slice(0, q.pageSize);
    const last = page[page.length - 1];
    const next = raws.length > q.pageSize && last ? `${last.completed_at}|${last.instance_id}` : undefined;
    return { ids: page.map((r) => r.instance_id), next };
  }

  /** Ids of terminal instances matching a purge filter. */
  purgeCandidates(f: { createdFrom?: number; createdTo?: number; statuses?: readonly number[] }): string[] {
    const statuses = terminalOnly(f.statuses);
    if (statuses.length === 0) return [];
    const { where, params } = instanceFilterSql(this.hub, { createdFrom: f.createdFrom, createdTo: f.createdTo, statuses });
    const rows = this.db.prepare(`SELECT instance_id FROM instances WHERE ${where.join(' AND ')}`).all(...params);
    return (rows as { instance_id: string }[]).map((r) => r.instance_id);
  }

  countByStatus(): Map<number, number> {
    const rows = this.stmts.countByStatus.all(this.hub) as { status: number; n: number }[];
    return new Map(rows.map((r) => [r.status, r.n]));
  }

  orchestrationNames(): string[] {
    return (this.stmts.names.all(this.hub) as { name: string }[]).map((r) => r.name);
  }

  // ---------------------------------------------------------------- dashboard

  /** One page of list rows (no payloads) in the requested order. */
  page(q: SortedPageRequest): InstanceRow[] {
    const { where, params } = instanceFilterSql(this.hub, q);
    const dir = q.descending ? 'DESC' : 'ASC';
    const column = SORT_COLUMNS[q.sort];
    // The tie-breaker keeps pages stable; for status it follows the (hub, status, created_at) index.
    const tieBreak = q.sort === 'status' || q.sort === 'name' ? `, created_at ${dir}` : '';
    const order = q.sort === 'instanceId' ? `instance_id ${dir}` : `${column} ${dir}${tieBreak}, instance_id ${dir}`;
    const sql = `SELECT ${LIST_COLUMNS} FROM instances WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, q.limit, q.offset) as RawInstanceRow[]).map(instanceFromRaw);
  }

  /**
   * Instances per status matching every filter except the status filter (the chips show them all).
   * Without filters this is one GROUP BY over the status index; with filters it counts at most
   * COUNT_CAP matches (`capped` says the numbers are lower bounds).
   */
  countsByStatus(f: InstanceFilter): { counts: Map<number, number>; capped: boolean } {
    const { where, params } = instanceFilterSql(this.hub, { ...f, statuses: undefined });
    const filtered = where.length > 1;
    if (!filtered) return { counts: this.countByStatus(), capped: false };
    const sql = `SELECT status, COUNT(*) AS n FROM (SELECT status FROM instances WHERE ${where.join(' AND ')} LIMIT ${COUNT_CAP + 1}) GROUP BY status`;
    const rows = this.db.prepare(sql).all(...params) as { status: number; n: number }[];
    const seen = rows.reduce((sum, r) => sum + r.n, 0);
    return { counts: new Map(rows.map((r) => [r.status, r.n])), capped: seen > COUNT_CAP };
  }

  /** Instances started per interval by status (the dashboard's histogram; instance-histogram.ts). */
  startedPerInterval(f: InstanceFilter, buckets: number): StartedPerInterval {
    return startedPerInterval(this.db, this.hub, f, buckets);
  }

  /** Matching instance ids in id order after `after`, for work that walks a selection in pages (instance-id-pages.ts). */
  idsAfter(f: InstanceFilter, after: string | undefined, limit: number): string[] {
    return instanceIdsAfter(this.db, this.hub, f, after, limit);
  }

  /** Terminal instances per minute since `since` (epoch ms), by outcome. */
  completionsPerMinute(since: number): CompletionBucket[] {
    const rows = this.stmts.completions.all(this.hub, since) as { minute: number; status: number; n: number }[];
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

  backlog(now: number): Backlog {
    const n = (stmt: Database.Statement, ...args: unknown[]): number => (stmt.get(...args) as { n: number }).n;
    return {
      orchestrationMessages: n(this.stmts.inboxDue, this.hub, now),
      scheduledMessages: n(this.stmts.inboxLater, this.hub, now),
      activitiesQueued: n(this.stmts.activities, this.hub),
      entityMessages: n(this.stmts.entityInbox, this.hub),
    };
  }
}
