// The SQLite schema. Bump SCHEMA_VERSION and add a migration step whenever a table changes.
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

const SCHEMA_V1 = `
CREATE TABLE instances (
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT,
  status INTEGER NOT NULL,
  input TEXT,
  output TEXT,
  custom_status TEXT,
  failure_details BLOB,
  created_at INTEGER NOT NULL,
  last_updated_at INTEGER NOT NULL,
  completed_at INTEGER,
  scheduled_start_at INTEGER,
  parent_instance_id TEXT,
  parent_execution_id TEXT,
  parent_task_id INTEGER,
  parent_name TEXT,
  tags TEXT,
  needs_replay INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hub, instance_id)
) WITHOUT ROWID;
CREATE INDEX instances_by_status ON instances (hub, status, created_at);
CREATE INDEX instances_by_created ON instances (hub, created_at, instance_id);
CREATE INDEX instances_by_completed ON instances (hub, completed_at, instance_id) WHERE completed_at IS NOT NULL;
CREATE INDEX instances_by_name ON instances (hub, name, created_at);

CREATE TABLE history (
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event BLOB NOT NULL,
  PRIMARY KEY (hub, instance_id, seq)
) WITHOUT ROWID;

CREATE TABLE inbox (
  id INTEGER PRIMARY KEY,
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  visible_at INTEGER NOT NULL,
  event BLOB NOT NULL
);
CREATE INDEX inbox_by_instance ON inbox (hub, instance_id, id);

CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  request BLOB NOT NULL
);
CREATE INDEX activities_by_instance ON activities (hub, instance_id);

CREATE TABLE entities (
  hub TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  state TEXT,
  last_modified_at INTEGER NOT NULL,
  locked_by TEXT,
  lock_critical_section TEXT,
  PRIMARY KEY (hub, entity_id)
) WITHOUT ROWID;

CREATE TABLE entity_inbox (
  id INTEGER PRIMARY KEY,
  hub TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  visible_at INTEGER NOT NULL,
  event BLOB NOT NULL
);
CREATE INDEX entity_inbox_by_entity ON entity_inbox (hub, entity_id, id);

CREATE TABLE lock_requests (
  id INTEGER PRIMARY KEY,
  hub TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  critical_section_id TEXT NOT NULL,
  lock_set TEXT NOT NULL
);
`;

/** Creates the tables on a new database, checks the version of an existing one. */
export function applySchema(db: Database.Database, file: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  if (!row) {
    db.transaction(() => {
      db.exec(SCHEMA_V1);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    })();
    return;
  }
  if (row.version > SCHEMA_VERSION) {
    throw new Error(
      `The database ${file} has schema version ${row.version}, but this emulator understands up to ` +
        `version ${SCHEMA_VERSION}. Upgrade the emulator, or start it with another --db file.`,
    );
  }
}
