// Group commit: the changes made in one turn of the event loop share one SQLite transaction, committed
// right after the turn (or when commit() is called). Each change is atomic on its own (a savepoint), and
// whoever waits for a change (a gRPC reply, a dispatch) runs only after the COMMIT: nothing is
// acknowledged or handed out before it is durable. Under load this turns thousands of tiny commits per
// second into a few hundred; when idle it costs nothing.
import type Database from 'better-sqlite3';
import { isStorageFailure, storageFailure } from './storage-errors.js';

export class GroupCommit {
  private commitScheduled = false;
  private afterCommitQueue: (() => void)[] = [];
  /** Set when the file could not be written; from then on nothing is committed or acknowledged. */
  private failure: Error | undefined;
  /** One better-sqlite3 transaction wrapper (a savepoint inside the group), made once: making it is costly. */
  private readonly atomically: (fn: () => unknown) => unknown;
  /** Commits so far. */
  commits = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.atomically = db.transaction((fn: () => unknown) => fn());
  }

  /** Runs `fn` atomically (a savepoint) inside the current group; callers reply through `afterCommit`. */
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
}
