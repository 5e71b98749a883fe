// Reads what an emulator's SQLite file holds (after the process was killed): which activities were
// still pending and which task results were already durable. Opening it replays the WAL, exactly as the
// emulator itself does on restart.
import Database from 'better-sqlite3';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';

export interface DatabaseSnapshot {
  /** `<instanceId> <taskId>` of activities scheduled but not completed. */
  pendingActivities: Set<string>;
  /** `<instanceId> <taskId>` of activities whose result is committed (in history or still in the inbox). */
  completedActivities: Set<string>;
  /** Number of pending timers (TimerFired events waiting in inboxes). */
  pendingTimers: number;
  /** Number of queued external events. */
  queuedEvents: number;
  integrity: string;
}

/** `readonly` for peeking at the database of a running emulator (WAL lets a reader in alongside it). */
export function snapshotDatabase(file: string, options: { readonly?: boolean } = {}): DatabaseSnapshot {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    const pendingActivities = new Set<string>();
    for (const row of db.prepare('SELECT instance_id, task_id FROM activities').all() as { instance_id: string; task_id: number }[]) {
      pendingActivities.add(`${row.instance_id} ${row.task_id}`);
    }
    const completedActivities = new Set<string>();
    let pendingTimers = 0;
    let queuedEvents = 0;
    const rows = db
      .prepare('SELECT instance_id, event, 1 AS queued FROM inbox UNION ALL SELECT instance_id, event, 0 AS queued FROM history')
      .all() as { instance_id: string; event: Buffer; queued: number }[];
    for (const row of rows) {
      const event = pb.HistoryEvent.deserializeBinary(row.event);
      const completed = event.getTaskcompleted();
      if (completed) completedActivities.add(`${row.instance_id} ${completed.getTaskscheduledid()}`);
      if (row.queued && event.hasTimerfired()) pendingTimers++;
      if (row.queued && event.hasEventraised()) queuedEvents++;
    }
    const integrity = options.readonly ? 'not checked' : String(db.pragma('integrity_check', { simple: true }));
    return { pendingActivities, completedActivities, pendingTimers, queuedEvents, integrity };
  } finally {
    db.close();
  }
}
