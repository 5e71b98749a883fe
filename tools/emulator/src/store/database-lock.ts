// Keeps a second emulator off a database file that another one serves: two engines would hand out the
// same work and overwrite each other's state. The lock is an SQLite write lock (RESERVED) on a small
// companion file, `<db>-lock`, held from start until the store closes. It is an operating-system lock, so
// it goes away with the process however that ends (kill -9 included): there is never a stale lock to
// clear, and a restart on the same file just works. Readers of the database itself are not blocked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cannotOpenForWriting, sqliteCode } from './storage-errors.js';

export class DatabaseInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseInUseError';
  }
}

interface Owner {
  pid: number;
  host: string;
  started_at: string;
}

/** The lock file of a database file (next to it, after resolving symbolic links of its folder). */
export function lockFileOf(dbFile: string): string {
  const resolved = path.resolve(dbFile);
  let dir = path.dirname(resolved);
  try {
    dir = fs.realpathSync(dir);
  } catch {
    // The folder doesn't exist (yet): opening the database reports that.
  }
  return path.join(dir, `${path.basename(resolved)}-lock`);
}

export class DatabaseLock {
  private constructor(private readonly lockDb: Database.Database) {}

  /** Takes the lock for `dbFile`, or throws DatabaseInUseError naming the file and the emulator that holds it. */
  static acquire(dbFile: string): DatabaseLock {
    const lockFile = lockFileOf(dbFile);
    let db: Database.Database | undefined;
    try {
      fs.mkdirSync(path.dirname(lockFile), { recursive: true });
      db = new Database(lockFile, { timeout: 0 });
      DatabaseLock.take(db, dbFile);
      // Record who holds it (committing drops the lock for a moment), then hold it until close().
      db.exec(`CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL);
        DELETE FROM owner;`);
      db.prepare('INSERT INTO owner (pid, host, started_at) VALUES (?, ?, ?)').run(
        process.pid,
        os.hostname(),
        new Date().toISOString(),
      );
      db.exec('COMMIT');
      // Another emulator that slipped in between wins; this one then refuses (never both serve).
      DatabaseLock.take(db, dbFile);
      return new DatabaseLock(db);
    } catch (err) {
      db?.close();
      if (err instanceof DatabaseInUseError) throw err;
      throw cannotOpenForWriting(dbFile, err, `; lock file ${lockFile}`);
    }
  }

  private static take(db: Database.Database, dbFile: string): void {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if (sqliteCode(err) !== 'SQLITE_BUSY') throw err;
      throw new DatabaseInUseError(
        `The emulator database ${dbFile} is in use by another emulator${describeOwner(db)}. Two emulators must ` +
          'not serve one database file (both would hand out the same work). Stop the other emulator, or start ' +
          'this one with another --db file (or --db :memory:).',
      );
    }
  }

  release(): void {
    if (!this.lockDb.open) return;
    if (this.lockDb.inTransaction) this.lockDb.exec('ROLLBACK');
    this.lockDb.close();
  }
}

function describeOwner(db: Database.Database): string {
  try {
    db.pragma('busy_timeout = 1000');
    const owner = db.prepare('SELECT pid, host, started_at FROM owner').get() as Owner | undefined;
    if (!owner) return '';
    const where = owner.host === os.hostname() ? '' : ` on ${owner.host}`;
    return ` (pid ${owner.pid}${where}, started ${owner.started_at})`;
  } catch {
    return ''; // the holder is just writing its details; the refusal stands without them
  } finally {
    db.pragma('busy_timeout = 0');
  }
}
