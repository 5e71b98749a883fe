// The SQLite commit probe: one small row per transaction, at the emulator's durability settings, on the
// same file system as the emulator's database — the rate that bounds a write-through scheduler. Best of
// ROUNDS short rounds, as for the gRPC probe.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readJob, reportResult, runChild } from '../child-protocol.js';

const ROUNDS = 3;

export interface SqliteJob {
  dir: string;
  journalMode: string;
  synchronous: string;
  durationMs: number;
}

export interface SqliteOutcome {
  commitsPerSec: number;
  /** CPU µs per commit over all rounds (the rest of a commit's time is waiting on the file system). */
  cpuUsPerCommit: number;
  meanCommitMs: number;
  journalMode: string;
  synchronous: string;
}

runChild(async () => {
  const job = readJob<SqliteJob>();
  fs.mkdirSync(job.dir, { recursive: true });
  const file = path.join(job.dir, `commit-probe-${process.pid}.db`);
  const db = new Database(file);
  try {
    db.pragma(`journal_mode = ${job.journalMode}`);
    db.pragma(`synchronous = ${job.synchronous}`);
    db.exec(
      'CREATE TABLE history (instance_id TEXT NOT NULL, seq INTEGER NOT NULL, event BLOB NOT NULL, PRIMARY KEY (instance_id, seq)) WITHOUT ROWID',
    );
    const insert = db.prepare('INSERT INTO history (instance_id, seq, event) VALUES (?, ?, ?)');
    const commit = db.transaction((id: string, seq: number, event: Buffer) => insert.run(id, seq, event));
    const event = Buffer.alloc(200, 7); // about one history event
    for (let i = 0; i < 200; i++) commit('warm-up', i, event);
    let n = 0;
    let commitsPerSec = 0;
    const cpu0 = process.cpuUsage();
    for (let round = 0; round < ROUNDS; round++) {
      const start = n;
      const t0 = performance.now();
      const until = t0 + job.durationMs / ROUNDS;
      while (performance.now() < until) {
        commit(`instance-${n >> 3}`, n & 7, event);
        n++;
      }
      commitsPerSec = Math.max(commitsPerSec, (n - start) / ((performance.now() - t0) / 1000));
    }
    const cpu = process.cpuUsage(cpu0);
    const outcome: SqliteOutcome = {
      commitsPerSec,
      cpuUsPerCommit: (cpu.user + cpu.system) / n,
      meanCommitMs: 1000 / commitsPerSec,
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: job.synchronous,
    };
    reportResult(outcome);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
});
