// All persistence goes through these prepared statements; the engine groups them into one
// transaction per state change (a completion, a start, a management call) and commits before replying.
import fs from 'node:fs';
import path from 'node:path';
import { OrchestrationStatusCode, TERMINAL_STATUS_NAMES } from '@durable-hosts/dts-protocol';
import Database from 'better-sqlite3';
import { DatabaseLock } from './database-lock.js';
import { applySchema } from './schema.js';
import { cannotOpenForWriting, isStorageFailure, storageFailure } from './storage-errors.js';

export interface InstanceRow {
  instanceId: string;
  executionId: string;
  name: string;
  version: string | undefined;
  status: number;
  input: string | undefined;
  output: string | undefined;
  customStatus: string | undefined;
  failureDetails: Uint8Array | undefined;
  createdAt: number;
  lastUpdatedAt: number;
  completedAt: number | undefined;
  scheduledStartAt: number | undefined;
  parentInstanceId: string | undefined;
  parentExecutionId: string | undefined;
  parentTaskId: number | undefined;
  parentName: string | undefined;
  tags: Record<string, string>;
  needsReplay: boolean;
}

export interface StoredEvent {
  id: number;
  visibleAt: number;
  event: Uint8Array;
}

export interface StoredActivity {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  request: Uint8Array;
}

export interface EntityRow {
  entityId: string;
  state: string | undefined;
  lastModifiedAt: number;
  lockedBy: string | undefined;
  lockCriticalSection: string | undefined;
}

export interface LockRequestRow {
  id: number;
  instanceId: string;
  executionId: string;
  criticalSectionId: string;
  lockSet: string[];
}

export interface InstanceFilter {
  statuses?: readonly number[];
  createdFrom?: number;
  createdTo?: number;
  instanceIdPrefix?: string;
  namePrefix?: string;
  search?: string;
  tags?: Record<string, string>;
}

export interface InstancePageRequest extends InstanceFilter {
  pageSize: number;
  /** Opaque cursor from a previous page. */
  after?: string;
  /** Newest first (the dashboard's default) or oldest first (gRPC QueryInstances). */
  order: 'newest' | 'oldest';
}

interface RawInstanceRow {
  instance_id: string;
  execution_id: string;
  name: string;
  version: string | null;
  status: number;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  failure_details: Buffer | null;
  created_at: number;
  last_updated_at: number;
  completed_at: number | null;
  scheduled_start_at: number | null;
  parent_instance_id: string | null;
  parent_execution_id: string | null;
  parent_task_id: number | null;
  parent_name: string | null;
  tags: string | null;
  needs_replay: number;
}

const TERMINAL: readonly number[] = TERMINAL_STATUS_NAMES.map((name) => OrchestrationStatusCode[name]);

function fromRaw(raw: RawInstanceRow): InstanceRow {
  return {
    instanceId: raw.instance_id,
    executionId: raw.execution_id,
    name: raw.name,
    version: raw.version ?? undefined,
    status: raw.status,
    input: raw.input ?? undefined,
    output: raw.output ?? undefined,
    customStatus: raw.custom_status ?? undefined,
    failureDetails: raw.failure_details ?? undefined,
    createdAt: raw.created_at,
    lastUpdatedAt: raw.last_updated_at,
    completedAt: raw.completed_at ?? undefined,
    scheduledStartAt: raw.scheduled_start_at ?? undefined,
    parentInstanceId: raw.parent_instance_id ?? undefined,
    parentExecutionId: raw.parent_execution_id ?? undefined,
    parentTaskId: raw.parent_task_id ?? undefined,
    parentName: raw.parent_name ?? undefined,
    tags: raw.tags ? (JSON.parse(raw.tags) as Record<string, string>) : {},
    needsReplay: raw.needs_replay === 1,
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class SqliteStore {
  readonly db: Database.Database;
  private readonly stmts;
  private commitScheduled = false;
  /** Commits so far (for the benchmark's commit-rate figures). */
  commits = 0;
  private afterCommitQueue: (() => void)[] = [];
  /** Set when the file could not be written; from then on nothing is committed or acknowledged. */
  private failure: Error | undefined;
  /** Keeps other emulators off this file while this store is open (none for :memory:). */
  private readonly lock: DatabaseLock | undefined;
  /** One better-sqlite3 transaction wrapper (a savepoint inside the group), made once: making it is costly. */
  private readonly atomically: (fn: () => unknown) => unknown;

  constructor(readonly file: string) {
    this.lock = file === ':memory:' ? undefined : DatabaseLock.acquire(file);
    try {
      if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      this.db = new Database(file);
      // WAL + synchronous=NORMAL: a commit is in the OS before the RPC returns, so it survives a crash of
      // the emulator process (kill -9); only an OS crash or power loss can drop the last commits.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      // Take the write lock once, so a read-only file or folder fails here and not at the first write.
      this.db.exec('BEGIN IMMEDIATE; ROLLBACK');
    } catch (err) {
      this.lock?.release();
      throw cannotOpenForWriting(file, err);
    }
    try {
      applySchema(this.db, file);
    } catch (err) {
      this.db.close();
      this.lock?.release();
      throw err;
    }
    const db = this.db;
    this.atomically = db.transaction((fn: () => unknown) => fn());
    this.stmts = {
      upsertInstance: db.prepare(`INSERT INTO instances (hub, instance_id, execution_id, name, version, status, input,
          output, custom_status, failure_details, created_at, last_updated_at, completed_at, scheduled_start_at,
          parent_instance_id, parent_execution_id, parent_task_id, parent_name, tags, needs_replay)
        VALUES (@hub, @instanceId, @executionId, @name, @version, @status, @input, @output, @customStatus,
          @failureDetails, @createdAt, @lastUpdatedAt, @completedAt, @scheduledStartAt, @parentInstanceId,
          @parentExecutionId, @parentTaskId, @parentName, @tags, @needsReplay)
        ON CONFLICT (hub, instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name,
          version = excluded.version, status = excluded.status, input = excluded.input, output = excluded.output,
          custom_status = excluded.custom_status, failure_details = excluded.failure_details,
          created_at = excluded.created_at, last_updated_at = excluded.last_updated_at,
          completed_at = excluded.completed_at, scheduled_start_at = excluded.scheduled_start_at,
          parent_instance_id = excluded.parent_instance_id, parent_execution_id = excluded.parent_execution_id,
          parent_task_id = excluded.parent_task_id, parent_name = excluded.parent_name, tags = excluded.tags,
          needs_replay = excluded.needs_replay`),
      saveProgress: db.prepare(
        'UPDATE instances SET status = ?, custom_status = ?, last_updated_at = ?, needs_replay = ? WHERE hub = ? AND instance_id = ?',
      ),
      // Without `status`, so the status index isn't rewritten on every step of a running instance.
      saveProgressSameStatus: db.prepare(
        'UPDATE instances SET custom_status = ?, last_updated_at = ?, needs_replay = ? WHERE hub = ? AND instance_id = ?',
      ),
      // Only the columns an ending changes: an UPDATE rewrites every index whose columns it assigns.
      saveCompletion: db.prepare(`UPDATE instances SET status = ?, output = ?, custom_status = ?, failure_details = ?,
          last_updated_at = ?, completed_at = ?, needs_replay = ? WHERE hub = ? AND instance_id = ?`),
      getInstance: db.prepare('SELECT * FROM instances WHERE hub = ? AND instance_id = ?'),
      deleteInstance: db.prepare('DELETE FROM instances WHERE hub = ? AND instance_id = ?'),
      activeInstances: db.prepare(`SELECT * FROM instances WHERE hub = ? AND status NOT IN (${TERMINAL.join(',')})`),
      insertHistory: [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
        db.prepare(`INSERT INTO history (hub, instance_id, seq, event) VALUES ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`),
      ),
      loadHistory: db.prepare('SELECT event FROM history WHERE hub = ? AND instance_id = ? ORDER BY seq'),
      deleteHistory: db.prepare('DELETE FROM history WHERE hub = ? AND instance_id = ?'),
      insertInbox: db.prepare('INSERT INTO inbox (hub, instance_id, visible_at, event) VALUES (?, ?, ?, ?)'),
      loadInbox: db.prepare('SELECT id, visible_at, event FROM inbox WHERE hub = ? AND instance_id = ? ORDER BY id'),
      deleteInboxEvent: db.prepare('DELETE FROM inbox WHERE id = ?'),
      setInboxVisibleAt: db.prepare('UPDATE inbox SET visible_at = ? WHERE id = ?'),
      deleteInbox: db.prepare('DELETE FROM inbox WHERE hub = ? AND instance_id = ?'),
      insertActivity: db.prepare(
        'INSERT INTO activities (hub, instance_id, execution_id, task_id, name, request) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      deleteActivity: db.prepare('DELETE FROM activities WHERE id = ?'),
      deleteActivities: db.prepare('DELETE FROM activities WHERE hub = ? AND instance_id = ?'),
      loadActivities: db.prepare('SELECT * FROM activities WHERE hub = ? ORDER BY id'),
      upsertEntity: db.prepare(`INSERT INTO entities (hub, entity_id, state, last_modified_at, locked_by, lock_critical_section)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hub, entity_id) DO UPDATE SET state = excluded.state,
        last_modified_at = excluded.last_modified_at, locked_by = excluded.locked_by,
        lock_critical_section = excluded.lock_critical_section`),
      deleteEntity: db.prepare('DELETE FROM entities WHERE hub = ? AND entity_id = ?'),
      loadEntities: db.prepare('SELECT * FROM entities WHERE hub = ?'),
      insertEntityEvent: db.prepare('INSERT INTO entity_inbox (hub, entity_id, visible_at, event) VALUES (?, ?, ?, ?)'),
      deleteEntityEvent: db.prepare('DELETE FROM entity_inbox WHERE id = ?'),
      loadEntityInbox: db.prepare('SELECT id, entity_id, visible_at, event FROM entity_inbox WHERE hub = ? ORDER BY id'),
      insertLockRequest: db.prepare(
        'INSERT INTO lock_requests (hub, instance_id, execution_id, critical_section_id, lock_set) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteLockRequest: db.prepare('DELETE FROM lock_requests WHERE id = ?'),
      loadLockRequests: db.prepare('SELECT * FROM lock_requests WHERE hub = ? ORDER BY id'),
      countByStatus: db.prepare('SELECT status, COUNT(*) AS count FROM instances WHERE hub = ? GROUP BY status'),
      names: db.prepare('SELECT DISTINCT name FROM instances WHERE hub = ? ORDER BY name'),
    };
  }

  /**
   * Runs `fn` atomically (a savepoint) inside the current group commit. Changes made in one turn of the
   * event loop are committed together right after it (or when `commit()` is called), which turns
   * thousands of small commits per second into a few hundred; callers reply through `afterCommit`.
   */
  transaction<T>(fn: () => T): T {
    if (!this.db.inTransaction) {
      this.db.exec('BEGIN');
      if (!this.commitScheduled) {
        this.commitScheduled = true;
        setImmediate(() => this.commit());
      }
    }
    try {
      return this.atomically(fn) as T;
    } catch (err) {
      // SQLite may have rolled back the whole group: nothing queued so far may be acknowledged.
      if (isStorageFailure(err)) this.failure ??= storageFailure(this.file, err);
      throw err;
    }
  }

  /** Whether changes are written but not yet committed. */
  get pending(): boolean {
    return this.db.inTransaction;
  }

  /** Runs `fn` once everything written so far is committed (at once if nothing is pending). */
  afterCommit(fn: () => void): void {
    if (this.db.inTransaction) this.afterCommitQueue.push(fn);
    else fn();
  }

  commit(): void {
    this.commitScheduled = false;
    if (!this.failure && this.db.open && this.db.inTransaction) {
      try {
        this.db.exec('COMMIT');
        this.commits++;
      } catch (err) {
        this.failure = storageFailure(this.file, err);
      }
    }
    // Fail-stop: reply to nobody (their changes are not durable) and let the process exit; a restart
    // resumes from the last commit.
    if (this.failure) throw this.failure;
    const callbacks = this.afterCommitQueue;
    this.afterCommitQueue = [];
    for (const fn of callbacks) {
      try {
        fn();
      } catch (err) {
        console.error('[emulator] after-commit callback failed:', err);
      }
    }
  }

  close(): void {
    try {
      this.commit();
      this.db.close();
    } finally {
      this.lock?.release();
    }
  }

  saveInstance(hub: string, row: InstanceRow): void {
    this.stmts.upsertInstance.run({
      hub,
      instanceId: row.instanceId,
      executionId: row.executionId,
      name: row.name,
      version: row.version ?? null,
      status: row.status,
      input: row.input ?? null,
      output: row.output ?? null,
      customStatus: row.customStatus ?? null,
      failureDetails: row.failureDetails ? Buffer.from(row.failureDetails) : null,
      createdAt: row.createdAt,
      lastUpdatedAt: row.lastUpdatedAt,
      completedAt: row.completedAt ?? null,
      scheduledStartAt: row.scheduledStartAt ?? null,
      parentInstanceId: row.parentInstanceId ?? null,
      parentExecutionId: row.parentExecutionId ?? null,
      parentTaskId: row.parentTaskId ?? null,
      parentName: row.parentName ?? null,
      tags: Object.keys(row.tags).length > 0 ? JSON.stringify(row.tags) : null,
      needsReplay: row.needsReplay ? 1 : 0,
    });
  }

  /** The columns a running orchestration's step changes (the hot path of every completion). */
  saveProgress(hub: string, row: InstanceRow, statusChanged: boolean): void {
    if (!statusChanged) {
      this.stmts.saveProgressSameStatus.run(row.customStatus ?? null, row.lastUpdatedAt, row.needsReplay ? 1 : 0, hub, row.instanceId);
      return;
    }
    this.stmts.saveProgress.run(
      row.status,
      row.customStatus ?? null,
      row.lastUpdatedAt,
      row.needsReplay ? 1 : 0,
      hub,
      row.instanceId,
    );
  }

  /** The columns an instance's ending changes (status, output, failure, times); the rest is saved already. */
  saveCompletion(hub: string, row: InstanceRow): void {
    this.stmts.saveCompletion.run(
      row.status,
      row.output ?? null,
      row.customStatus ?? null,
      row.failureDetails ? Buffer.from(row.failureDetails) : null,
      row.lastUpdatedAt,
      row.completedAt ?? null,
      row.needsReplay ? 1 : 0,
      hub,
      row.instanceId,
    );
  }

  getInstance(hub: string, instanceId: string): InstanceRow | undefined {
    const raw = this.stmts.getInstance.get(hub, instanceId) as RawInstanceRow | undefined;
    return raw ? fromRaw(raw) : undefined;
  }

  activeInstances(hub: string): InstanceRow[] {
    return (this.stmts.activeInstances.all(hub) as RawInstanceRow[]).map(fromRaw);
  }

  /** Removes an instance with everything that belongs to it (history, inbox, pending activities). */
  deleteInstance(hub: string, instanceId: string): void {
    this.stmts.deleteInstance.run(hub, instanceId);
    this.clearInstanceData(hub, instanceId);
  }

  clearInstanceData(hub: string, instanceId: string): void {
    this.stmts.deleteHistory.run(hub, instanceId);
    this.stmts.deleteInbox.run(hub, instanceId);
    this.stmts.deleteActivities.run(hub, instanceId);
  }

  /** Appends events from `firstSeq` on, up to 8 rows per statement (an episode usually adds 3 to 5). */
  appendHistory(hub: string, instanceId: string, firstSeq: number, events: readonly Uint8Array[]): void {
    const inserts = this.stmts.insertHistory;
    for (let from = 0; from < events.length; from += inserts.length) {
      const n = Math.min(inserts.length, events.length - from);
      const params: unknown[] = [];
      for (let i = from; i < from + n; i++) params.push(hub, instanceId, firstSeq + i, events[i]);
      inserts[n - 1]!.run(params);
    }
  }

  replaceHistory(hub: string, instanceId: string, events: readonly Uint8Array[]): void {
    this.stmts.deleteHistory.run(hub, instanceId);
    this.appendHistory(hub, instanceId, 0, events);
  }

  loadHistory(hub: string, instanceId: string): Uint8Array[] {
    return (this.stmts.loadHistory.all(hub, instanceId) as { event: Buffer }[]).map((r) => r.event);
  }

  insertInboxEvent(hub: string, instanceId: string, visibleAt: number, event: Uint8Array): number {
    return Number(this.stmts.insertInbox.run(hub, instanceId, visibleAt, event).lastInsertRowid);
  }

  deleteInboxEvent(id: number): void {
    this.stmts.deleteInboxEvent.run(id);
  }

  setInboxVisibleAt(id: number, visibleAt: number): void {
    this.stmts.setInboxVisibleAt.run(visibleAt, id);
  }

  deleteInbox(hub: string, instanceId: string): void {
    this.stmts.deleteInbox.run(hub, instanceId);
  }

  loadInbox(hub: string, instanceId: string): StoredEvent[] {
    return (this.stmts.loadInbox.all(hub, instanceId) as { id: number; visible_at: number; event: Buffer }[]).map(
      (r) => ({ id: r.id, visibleAt: r.visible_at, event: r.event }),
    );
  }

  insertActivity(hub: string, a: Omit<StoredActivity, 'id'>): number {
    return Number(
      this.stmts.insertActivity.run(hub, a.instanceId, a.executionId, a.taskId, a.name, a.request).lastInsertRowid,
    );
  }

  deleteActivity(id: number): void {
    this.stmts.deleteActivity.run(id);
  }

  loadActivities(hub: string): StoredActivity[] {
    return (
      this.stmts.loadActivities.all(hub) as {
        id: number;
        instance_id: string;
        execution_id: string;
        task_id: number;
        name: string;
        request: Buffer;
      }[]
    ).map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      executionId: r.execution_id,
      taskId: r.task_id,
      name: r.name,
      request: r.request,
    }));
  }

  saveEntity(hub: string, e: EntityRow): void {
    this.stmts.upsertEntity.run(
      hub,
      e.entityId,
      e.state ?? null,
      e.lastModifiedAt,
      e.lockedBy ?? null,
      e.lockCriticalSection ?? null,
    );
  }

  deleteEntity(hub: string, entityId: string): void {
    this.stmts.deleteEntity.run(hub, entityId);
  }

  loadEntities(hub: string): EntityRow[] {
    return (
      this.stmts.loadEntities.all(hub) as {
        entity_id: string;
        state: string | null;
        last_modified_at: number;
        locked_by: string | null;
        lock_critical_section: string | null;
      }[]
    ).map((r) => ({
      entityId: r.entity_id,
      state: r.state ?? undefined,
      lastModifiedAt: r.last_modified_at,
      lockedBy: r.locked_by ?? undefined,
      lockCriticalSection: r.lock_critical_section ?? undefined,
    }));
  }

  insertEntityEvent(hub: string, entityId: string, visibleAt: number, event: Uint8Array): number {
    return Number(this.stmts.insertEntityEvent.run(hub, entityId, visibleAt, event).lastInsertRowid);
  }

  deleteEntityEvent(id: number): void {
    this.stmts.deleteEntityEvent.run(id);
  }

  loadEntityInbox(hub: string): (StoredEvent & { entityId: string })[] {
    return (
      this.stmts.loadEntityInbox.all(hub) as { id: number; entity_id: string; visible_at: number; event: Buffer }[]
    ).map((r) => ({ id: r.id, entityId: r.entity_id, visibleAt: r.visible_at, event: r.event }));
  }

  insertLockRequest(hub: string, r: Omit<LockRequestRow, 'id'>): number {
    return Number(
      this.stmts.insertLockRequest.run(hub, r.instanceId, r.executionId, r.criticalSectionId, JSON.stringify(r.lockSet))
        .lastInsertRowid,
    );
  }

  deleteLockRequest(id: number): void {
    this.stmts.deleteLockRequest.run(id);
  }

  loadLockRequests(hub: string): LockRequestRow[] {
    return (
      this.stmts.loadLockRequests.all(hub) as {
        id: number;
        instance_id: string;
        execution_id: string;
        critical_section_id: string;
        lock_set: string;
      }[]
    ).map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      executionId: r.execution_id,
      criticalSectionId: r.critical_section_id,
      lockSet: JSON.parse(r.lock_set) as string[],
    }));
  }

  countByStatus(hub: string): Map<number, number> {
    const rows = this.stmts.countByStatus.all(hub) as { status: number; count: number }[];
    return new Map(rows.map((r) => [r.status, r.count]));
  }

  orchestrationNames(hub: string): string[] {
    return (this.stmts.names.all(hub) as { name: string }[]).map((r) => r.name);
  }

  private filterSql(hub: string, f: InstanceFilter): { where: string[]; params: unknown[] } {
    const where = ['hub = ?'];
    const params: unknown[] = [hub];
    if (f.statuses && f.statuses.length > 0) {
      where.push(`status IN (${f.statuses.map(() => '?').join(',')})`);
      params.push(...f.statuses);
    }
    if (f.createdFrom !== undefined) {
      where.push('created_at >= ?');
      params.push(f.createdFrom);
    }
    if (f.createdTo !== undefined) {
      where.push('created_at <= ?');
      params.push(f.createdTo);
    }
    if (f.instanceIdPrefix) {
      where.push("instance_id LIKE ? ESCAPE '\\'");
      params.push(`${escapeLike(f.instanceIdPrefix)}%`);
    }
    if (f.namePrefix) {
      where.push("name LIKE ? ESCAPE '\\'");
      params.push(`${escapeLike(f.namePrefix)}%`);
    }
    if (f.search) {
      where.push("(instance_id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')");
      const pattern = `%${escapeLike(f.search)}%`;
      params.push(pattern, pattern);
    }
    for (const [key, value] of Object.entries(f.tags ?? {})) {
      where.push('json_extract(tags, ?) = ?');
      params.push(`$."${key.replace(/"/g, '""')}"`, value);
    }
    return { where, params };
  }

  /** One page of instances; `next` is set only while more remain. */
  queryInstances(hub: string, q: InstancePageRequest): { rows: InstanceRow[]; next: string | undefined } {
    const { where, params } = this.filterSql(hub, q);
    const desc = q.order === 'newest';
    if (q.after) {
      const sep = q.after.indexOf('|');
      const createdAt = Number(q.after.slice(0, sep));
      const id = q.after.slice(sep + 1);
      where.push(desc ? '(created_at, instance_id) < (?, ?)' : '(created_at, instance_id) > (?, ?)');
      params.push(createdAt, id);
    }
    const dir = desc ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM instances WHERE ${where.join(' AND ')} ORDER BY created_at ${dir}, instance_id ${dir} LIMIT ?`;
    const raws = this.db.prepare(sql).all(...params, q.pageSize + 1) as RawInstanceRow[];
    const more = raws.length > q.pageSize;
    const rows = raws.slice(0, q.pageSize).map(fromRaw);
    const last = rows[rows.length - 1];
    return { rows, next: more && last ? `${last.createdAt}|${last.instanceId}` : undefined };
  }

  countInstances(hub: string, f: InstanceFilter): number {
    const { where, params } = this.filterSql(hub, f);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM instances WHERE ${where.join(' AND ')}`).get(...params) as {
      n: number;
    }).n;
  }

  /** Terminal instances by completion time, newest first (clients often read only the first page). */
  listCompletedIds(
    hub: string,
    q: { statuses?: readonly number[]; completedFrom?: number; completedTo?: number; pageSize: number; after?: string },
  ): { ids: string[]; next: string | undefined } {
    const where = ['hub = ?', 'completed_at IS NOT NULL', `status IN (${TERMINAL.join(',')})`];
    const params: unknown[] = [hub];
    if (q.statuses && q.statuses.length > 0) {
      where.push(`status IN (${q.statuses.map(() => '?').join(',')})`);
      params.push(...q.statuses);
    }
    if (q.completedFrom !== undefined) {
      where.push('completed_at >= ?');
      params.push(q.completedFrom);
    }
    if (q.completedTo !== undefined) {
      where.push('completed_at <= ?');
      params.push(q.completedTo);
    }
    if (q.after) {
      const sep = q.after.indexOf('|');
      where.push('(completed_at, instance_id) < (?, ?)');
      params.push(Number(q.after.slice(0, sep)), q.after.slice(sep + 1));
    }
    const sql = `SELECT instance_id, completed_at FROM instances WHERE ${where.join(' AND ')}
      ORDER BY completed_at DESC, instance_id DESC LIMIT ?`;
    const raws = this.db.prepare(sql).all(...params, q.pageSize + 1) as { instance_id: string; completed_at: number }[];
    const more = raws.length > q.pageSize;
    const page = raws.slice(0, q.pageSize);
    const last = page[page.length - 1];
    return { ids: page.map((r) => r.instance_id), next: more && last ? `${last.completed_at}|${last.instance_id}` : undefined };
  }

  /** Ids of terminal instances matching a purge filter. */
  purgeCandidates(hub: string, f: { createdFrom?: number; createdTo?: number; statuses?: readonly number[] }): string[] {
    const statuses = f.statuses && f.statuses.length > 0 ? f.statuses.filter((s) => TERMINAL.includes(s)) : TERMINAL;
    if (statuses.length === 0) return [];
    const { where, params } = this.filterSql(hub, { createdFrom: f.createdFrom, createdTo: f.createdTo, statuses });
    return (this.db.prepare(`SELECT instance_id FROM instances WHERE ${where.join(' AND ')}`).all(...params) as {
      instance_id: string;
    }[]).map((r) => r.instance_id);
  }
}
