// Fills a stopped emulator's database up to a number of stored instances by cloning the instances that
// really completed during the run (with their full histories) under new ids, in large transactions.
// It reads the table layout from SQLite itself (every table with an instance_id column is cloned), so it
// depends on no emulator code — only on instances.status 1 meaning Completed (the protocol's enum).
import Database from 'better-sqlite3';
import { readJob, reportProgress, reportResult, runChild } from '../child-protocol.js';

export interface SeedJob {
  dbFile: string;
  targetInstances: number;
}

export interface SeedOutcome {
  sourceInstances: number;
  before: number;
  after: number;
  elapsedMs: number;
}

const COMPLETED = 1;
const BATCH = 2000;
const AGE_STEP_MS = 60_000;

interface Column {
  name: string;
  type: string;
  pk: number;
}

runChild(async () => {
  const job = readJob<SeedJob>();
  const db = new Database(job.dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const t0 = performance.now();
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  ).map((t) => t.name);
  const statements = tables.flatMap((table) => {
    const columns = db.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as Column[];
    if (!columns.some((c) => c.name === 'instance_id')) return [];
    const keys = columns.filter((c) => c.pk > 0);
    const rowidAlias = keys.length === 1 && keys[0]?.type.toUpperCase() === 'INTEGER';
    const copied = columns.filter((c) => !(rowidAlias && c.pk > 0));
    const hasHub = columns.some((c) => c.name === 'hub');
    const ageable = table === 'instances';
    const select = copied.map((c) =>
      c.name === 'instance_id' ? '@newId' : ageable && c.name.endsWith('_at') ? `${c.name} - @age` : c.name,
    );
    const sql = `INSERT INTO ${JSON.stringify(table)} (${copied.map((c) => JSON.stringify(c.name)).join(', ')})
      SELECT ${select.join(', ')} FROM ${JSON.stringify(table)} WHERE instance_id = @sourceId${hasHub ? ' AND hub = @hub' : ''}`;
    return [{ table, statement: db.prepare(sql), ageable, hasHub }];
  });
  const instances = statements.find((s) => s.table === 'instances');
  if (!instances)
    throw new Error(
      `${job.dbFile} has no instances table with an instance_id column: is it an emulator database?`,
    );
  const { hasHub } = instances;
  const sources = db
    .prepare(`SELECT instance_id AS id${hasHub ? ', hub' : ''} FROM instances WHERE status = ?`)
    .all(COMPLETED) as { id: string; hub?: string }[];
  const before = (db.prepare('SELECT COUNT(*) AS n FROM instances').get() as { n: number }).n;
  const missing = Math.max(0, job.targetInstances - before);
  if (missing > 0 && sources.length === 0)
    throw new Error(`${job.dbFile} holds no completed instance to clone.`);
  const cloneBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const source = sources[i % sources.length];
      if (!source) break;
      const generation = Math.floor(i / sources.length) + 1;
      const params = {
        newId: `${source.id}~seed${generation}`,
        sourceId: source.id,
        age: generation * AGE_STEP_MS,
        hub: source.hub,
      };
      for (const s of statements) {
        const { age, hub, ...rest } = params;
        s.statement.run({ ...rest, ...(s.ageable ? { age } : {}), ...(s.hasHub ? { hub } : {}) });
      }
    }
  });
  for (let from = 0; from < missing; from += BATCH) {
    cloneBatch(from, Math.min(missing, from + BATCH));
    reportProgress(Math.min(missing, from + BATCH), missing);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const after = (db.prepare('SELECT COUNT(*) AS n FROM instances').get() as { n: number }).n;
  db.close();
  const outcome: SeedOutcome = {
    sourceInstances: sources.length,
    before,
    after,
    elapsedMs: performance.now() - t0,
  };
  reportResult(outcome);
});
