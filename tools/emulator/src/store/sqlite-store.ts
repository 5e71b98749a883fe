// The emulator's database file: opened once (with the lock that keeps other emulators off it, the
// durability pragmas and the schema), shared by every task hub through one group commit. Each hub reads
// and writes through its own TaskHubStore (task-hub-store.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseLock } from './database-lock.js';
import { GroupCommit } from './group-commit.js';
import { applySchema } from './schema.js';
import { cannotOpenForWriting } from './storage-errors.js';
import { TaskHubStore } from './task-hub-store.js';

export type { EntityRow, InstanceRow, LockRequestRow, StoredActivity, StoredEvent } from './rows.js';

export class SqliteStore {
  readonly db: Database.Database;
  private readonly group: GroupCommit;
  /** Keeps other emulators off this file while this store is open (none for :memory:). */
  private readonly lock: DatabaseLock | undefined;

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
    this.group = new GroupCommit(this.db, file);
  }

  /** The store of one task hub (its statements are prepared here, once per hub). */
  forHub(hub: string): TaskHubStore {
    return new TaskHubStore(this.db, hub, this.group);
  }

  /** Commits so far (every hub's changes share them). */
  get commits(): number {
    return this.group.commits;
  }

  /** Commits what is pending now instead of after this turn of the event loop. */
  commit(): void {
    this.group.commit();
  }

  close(): void {
    try {
      this.group.commit();
      this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
