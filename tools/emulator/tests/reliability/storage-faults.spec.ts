// The database's disk fills up, or the file is read-only: the emulator says so clearly (naming the file
// and the SQLite reason), acknowledges nothing it could not write, and once the cause is removed it
// starts again on the same, intact file and finishes the work. Needs root to mount a small tmpfs (so the
// disk really fills); elsewhere these tests are skipped.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OrchestrationStatus, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import { newClient } from '../support/dts-fixture.js';
import { snapshotDatabase } from './support/database-snapshot.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-probe-'));
  try {
    execSync(`mount -t tmpfs -o size=64k tmpfs ${probe}`, { stdio: 'ignore' });
    execSync(`umount ${probe}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const TMPFS = canMountTmpfs();

function mountSmallDisk(sizeKb: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-disk-'));
  execSync(`mount -t tmpfs -o size=${sizeKb}k tmpfs ${dir}`);
  return dir;
}

function unmount(dir: string): void {
  execSync(`umount ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes zeros until the file system says ENOSPC, then gives `leaveKb` back. */
function fillDisk(file: string, leaveKb: number): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  fs.truncateSync(file, Math.max(0, fs.statSync(file).size - leaveKb * 1024));
}

describe.skipIf(!TMPFS)('storage faults (root: a tiny tmpfs holds the database)', () => {
  let disk: string;
  let emulator: EmulatorProcess | undefined;
  let client: TaskHubGrpcClient | undefined;
  const workers: WorkerProcess[] = [];

  beforeEach(() => {
    disk = mountSmallDisk(3 * 1024);
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.kill();
    await client?.stop();
    client = undefined;
    await emulator?.kill();
    emulator = undefined;
    unmount(disk);
  });

  it('stops with a clear error when the disk is full, and resumes intact once space is freed', async () => {
    emulator = await startEmulator({ db: path.join(disk, 'emulator.db') });
    client = newClient(emulator);
    workers.push(await startWorkerProcess(emulator, { name: 'disk-worker', activityMs: 10 }));
    const before = await Promise.all(Array.from({ length: 10 }, (_, i) => client!.scheduleNewOrchestration('single', `before-${i}`)));
    await Promise.all(before.map((id) => client!.waitForOrchestrationCompletion(id, true, 30)));

    fillDisk(path.join(disk, 'filler'), 600); // room for a few starts, then full
    const acknowledged: string[] = [];
    let refusal: Error | undefined;
    for (let i = 0; i < 200 && !refusal; i++) {
      try {
        acknowledged.push(await client.scheduleNewOrchestration('single', `${'x'.repeat(100_000)}-${i}`, `during-${i}`));
      } catch (err) {
        refusal = err as Error;
      }
    }
    expect(refusal, 'the emulator acknowledged 200 starts on a full disk').toBeDefined();
    console.log(`[reliability] full disk: ${acknowledged.length} starts acknowledged, then: ${refusal!.message.split('\n')[0]}`);
    await waitFor(() => emulator!.output().includes('could not be written'), { timeoutMs: 10_000 });
    const out = emulator.output();
    expect(out).toContain(`The emulator database ${path.join(disk, 'emulator.db')} could not be written (SQLITE_FULL`);
    expect(out).toContain('Free disk space');
    for (const w of workers.splice(0)) await w.kill();

    fs.rmSync(path.join(disk, 'filler'));
    expect(snapshotDatabase(emulator.dbPath).integrity).toBe('ok');
    await emulator.restart();
    workers.push(await startWorkerProcess(emulator, { name: 'disk-worker-2', activityMs: 10 }));
    for (const [i, id] of before.entries()) {
      const state = await client.getOrchestrationState(id);
      expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
      expect(JSON.parse(state!.serializedOutput!)).toBe(`done before-${i}`);
    }
    // Every start that was acknowledged survived, and runs to completion now.
    for (const [i, id] of acknowledged.entries()) {
      const state = await client.waitForOrchestrationCompletion(id, true, 30);
      expect(state?.runtimeStatus, id).toBe(OrchestrationStatus.COMPLETED);
      expect(JSON.parse(state!.serializedOutput!)).toBe(`done ${'x'.repeat(100_000)}-${i}`);
    }
  }, 90_000);

  it('refuses to start on a read-only database, naming the file, and starts normally once writable', async () => {
    const db = path.join(disk, 'emulator.db');
    emulator = await startEmulator({ db });
    client = newClient(emulator);
    await client.scheduleNewOrchestration('single', 'kept', 'kept-1');
    await client.stop();
    client = undefined;
    await emulator.stop();
    emulator = undefined;

    execSync(`mount -o remount,ro ${disk}`);
    try {
      const failed = await startEmulator({ db }).then(
        (e) => e.kill().then(() => 'started'),
        (err: Error) => err.message,
      );
      expect(failed).toContain(`Cannot open the emulator database ${db} for writing (SQLITE_`);
      expect(failed).toContain('writable');
    } finally {
      execSync(`mount -o remount,rw ${disk}`);
    }
    emulator = await startEmulator({ db });
    client = newClient(emulator);
    expect((await client.getOrchestrationState('kept-1'))?.runtimeStatus).toBe(OrchestrationStatus.PENDING);
  }, 60_000);
});
