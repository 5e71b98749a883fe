// What one task hub keeps in the database: instances, their history and inboxes, scheduled
// activities, entities with their inboxes, and lock requests. Every method is scoped to the hub; the
// engine calls them inside `transaction`, and the group commit makes them durable before anyone hears.
import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit.js';
import { TERMINAL_STATUSES } from './instance-filter.js';
import { InstanceQueries } from './instance-queries.js';
import {
  instanceFromRaw,
  type EntityRow,
  type InstanceRow,
  type LockRequestRow,
  type RawInstanceRow,
  type StoredActivity,
  type StoredEvent,
} from './rows.js';

/** Up to this many history rows go in one INSERT (an episode usually adds 3 to 5). */
const HISTORY_ROWS_PER_INSERT = 8;

function prepareStatements(db: Database.Database) {
  return {
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
    activeInstances: db.prepare(`SELECT * FROM instances WHERE hub = ? AND status NOT IN (${TERMINAL_STATUSES.join(',')})`),
    insertHistory: Array.from({ length: HISTORY_ROWS_PER_INSERT }, (_, i) =>
      db.prepare(`INSERT INTO history (hub, instance_id, seq, event) VALUES ${Array(i + 1).fill('(?, ?, ?, ?)').join(', ')}`),
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
  };
}

export class TaskHubStore {
  private readonly stmts: ReturnType<typeof prepareStatements>;
  /** The hub's read queries (lists, counts, metrics). */
  readonly queries: InstanceQueries;

  constructor(
    readonly db: Database.Database,
    readonly hub: string,
    private readonly group: GroupCommit,
  ) {
    this.stmts = prepareStatements(db);
    this.queries = new InstanceQueries(db, hub);
  }

  // ---------------------------------------------------------------- group commit

  /** Runs `fn` atomically inside the current group commit (see group-commit.ts). */
  transaction<T>(fn: () => T): T {
    return this.group.transaction(fn);
  }

  /** Whether changes are written but not yet committed. */
  get pending(): boolean {
    return this.group.pending;
  }

  /** Runs `fn` once everything written so far is committed. */
  afterCommit(fn: () => void): void {
    this.group.afterCommit(fn);
  }

  // ---------------------------------------------------------------- instances

  saveInstance(row: InstanceRow): void {
    this.stmts.upsertInstance.run({
      hub: this.hub,
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
  saveProgress(row: InstanceRow, statusChanged: boolean): void {
    const replay = row.needsReplay ? 1 : 0;
    if (!statusChanged) {
      this.stmts.saveProgressSameStatus.run(row.customStatus ?? null, row.lastUpdatedAt, replay, this.hub, row.instanceId);
      return;
    }
    this.stmts.saveProgress.run(row.status, row.customStatus ?? null, row.lastUpdatedAt, replay, this.hub, row.instanceId);
  }

  /** The columns an instance's ending changes (status, output, failure, times); the rest is saved already. */
  saveCompletion(row: InstanceRow): void {
    this.stmts.saveCompletion.run(
      row.status,
      row.output ?? null,
      row.customStatus ?? null,
      row.failureDetails ? Buffer.from(row.failureDetails) : null,
      row.lastUpdatedAt,
      row.completedAt ?? null,
      row.needsReplay ? 1 : 0,
      this.hub,
      row.instanceId,
    );
  }

  getInstance(instanceId: string): InstanceRow | undefined {
    const raw = this.stmts.getInstance.get(this.hub, instanceId) as RawInstanceRow | undefined;
    return raw ? instanceFromRaw(raw) : undefined;
  }

  activeInstances(): InstanceRow[] {
    return (this.stmts.activeInstances.all(this.hub) as RawInstanceRow[]).map(instanceFromRaw);
  }

  /** Removes an instance with everything that belongs to it (history, inbox, pending activities). */
  deleteInstance(instanceId: string): void {
    this.stmts.deleteInstance.run(this.hub, instanceId);
    this.clearInstanceData(instanceId);
  }

  clearInstanceData(instanceId: string): void {
    this.stmts.deleteHistory.run(this.hub, instanceId);
    this.stmts.deleteInbox.run(this.hub, instanceId);
    this.stmts.deleteActivities.run(this.hub, instanceId);
  }

  // ---------------------------------------------------------------- history

  /** Appends events from `firstSeq` on, several rows per statement. */
  appendHistory(instanceId: string, firstSeq: number, events: readonly Uint8Array[]): void {
    const inserts = this.stmts.insertHistory;
    for (let from = 0; from < events.length; from += inserts.length) {
      const n = Math.min(inserts.length, events.length - from);
      const params: unknown[] = [];
      for (let i = from; i < from + n; i++) params.push(this.hub, instanceId, firstSeq + i, events[i]);
      inserts[n - 1]!.run(params);
    }
  }

  replaceHistory(instanceId: string, events: readonly Uint8Array[]): void {
    this.stmts.deleteHistory.run(this.hub, instanceId);
    this.appendHistory(instanceId, 0, events);
  }

  loadHistory(instanceId: string): Uint8Array[] {
    return (this.stmts.loadHistory.all(this.hub, instanceId) as { event: Buffer }[]).map((r) => r.event);
  }

  // ---------------------------------------------------------------- orchestration inboxes

  insertInboxEvent(instanceId: string, visibleAt: number, event: Uint8Array): number {
    return Number(this.stmts.insertInbox.run(this.hub, instanceId, visibleAt, event).lastInsertRowid);
  }

  deleteInboxEvent(id: number): void {
    this.stmts.deleteInboxEvent.run(id);
  }

  setInboxVisibleAt(id: number, visibleAt: number): void {
    this.stmts.setInboxVisibleAt.run(visibleAt, id);
  }

  deleteInbox(instanceId: string): void {
    this.stmts.deleteInbox.run(this.hub, instanceId);
  }

  loadInbox(instanceId: string): StoredEvent[] {
    return (this.stmts.loadInbox.all(this.hub, instanceId) as { id: number; visible_at: number; event: Buffer }[]).map(
      (r) => ({ id: r.id, visibleAt: r.visible_at, event: r.event }),
    );
  }

  // ---------------------------------------------------------------- activities

  insertActivity(a: Omit<StoredActivity, 'id'>): number {
    return Number(
      this.stmts.insertActivity.run(this.hub, a.instanceId, a.executionId, a.taskId, a.name, a.request).lastInsertRowid,
    );
  }

  deleteActivity(id: number): void {
    this.stmts.deleteActivity.run(id);
  }

  loadActivities(): StoredActivity[] {
    type Raw = { id: number; instance_id: string; execution_id: string; task_id: number; name: string; request: Buffer };
    return (this.stmts.loadActivities.all(this.hub) as Raw[]).map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      executionId: r.execution_id,
      taskId: r.task_id,
      name: r.name,
      request: r.request,
    }));
  }

  // ---------------------------------------------------------------- entities and their inboxes

  saveEntity(e: EntityRow): void {
    this.stmts.upsertEntity.run(this.hub, e.entityId, e.state ?? null, e.lastModifiedAt, e.lockedBy ?? null, e.lockCriticalSection ?? null);
  }

  deleteEntity(entityId: string): void {
    this.stmts.deleteEntity.run(this.hub, entityId);
  }

  loadEntities(): EntityRow[] {
    type Raw = {
      entity_id: string;
      state: string | null;
      last_modified_at: number;
      locked_by: string | null;
      lock_critical_section: string | null;
    };
    return (this.stmts.loadEntities.all(this.hub) as Raw[]).map((r) => ({
      entityId: r.entity_id,
      state: r.state ?? undefined,
      lastModifiedAt: r.last_modified_at,
      lockedBy: r.locked_by ?? undefined,
      lockCriticalSection: r.lock_critical_section ?? undefined,
    }));
  }

  insertEntityEvent(entityId: string, visibleAt: number, event: Uint8Array): number {
    return Number(this.stmts.insertEntityEvent.run(this.hub, entityId, visibleAt, event).lastInsertRowid);
  }

  deleteEntityEvent(id: number): void {
    this.stmts.deleteEntityEvent.run(id);
  }

  loadEntityInbox(): (StoredEvent & { entityId: string })[] {
    type Raw = { id: number; entity_id: string; visible_at: number; event: Buffer };
    return (this.stmts.loadEntityInbox.all(this.hub) as Raw[]).map((r) => ({
      id: r.id,
      entityId: r.entity_id,
      visibleAt: r.visible_at,
      event: r.event,
    }));
  }

  // ---------------------------------------------------------------- lock requests (critical sections)

  insertLockRequest(r: Omit<LockRequestRow, 'id'>): number {
    const lockSet = JSON.stringify(r.lockSet);
    return Number(this.stmts.insertLockRequest.run(this.hub, r.instanceId, r.executionId, r.criticalSectionId, lockSet).lastInsertRowid);
  }

  deleteLockRequest(id: number): void {
    this.stmts.deleteLockRequest.run(id);
  }

  loadLockRequests(): LockRequestRow[] {
    type Raw = { id: number; instance_id: string; execution_id: string; critical_section_id: string; lock_set: string };
    return (this.stmts.loadLockRequests.all(this.hub) as Raw[]).map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      executionId: r.execution_id,
      criticalSectionId: r.critical_section_id,
      lockSet: JSON.parse(r.lock_set) as string[],
    }));
  }
}
