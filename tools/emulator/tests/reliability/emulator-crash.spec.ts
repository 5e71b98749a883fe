// kill -9 of the emulator with hundreds of instances in flight (activities running in a live worker,
// timers pending, events queued), restart on the same database file, and kill -9 again while it
// recovers: every instance completes with its output, every scheduled activity has exactly one result,
// and no activity whose result was durable at a kill is ever executed again.
import { OrchestrationStatus, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { newClient, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { snapshotDatabase, type DatabaseSnapshot } from './support/database-snapshot.js';
import { auditHistory } from './support/history-audit.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const INSTANCES = Number(process.env['RELIABILITY_CRASH_INSTANCES'] ?? 200);
const PARALLEL = 3;

describe('kill -9 of the emulator with hundreds of instances in flight', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = newClient(emulator);
  });

  afterAll(async () => {
    await worker?.kill();
    await client?.stop();
    await emulator?.stop();
  });

  it('completes every instance after two kills, with one result per activity and no durable step re-run', async () => {
    worker = await startWorkerProcess(emulator, { name: 'crash-worker', activityMs: 400 });
    const ids = Array.from({ length: INSTANCES }, (_, i) => `crash-${i}`);
    // i % 4 == 0: suspended before it starts, so its event stays queued in the inbox across the kill.
    // i % 4 == 1: event raised at once (buffered by the orchestrator); 2 and 3: raised after the restart.
    await Promise.all(ids.map((id) => client.scheduleNewOrchestration('mixed', { n: PARALLEL, timerSeconds: 2 }, id)));
    await Promise.all(ids.filter((_, i) => i % 4 === 0).map((id) => client.suspendOrchestration(id)));
    await Promise.all(ids.map((id, i) => (i % 4 <= 1 ? client.raiseOrchestrationEvent(id, 'go', i) : undefined)));

    // Kill at a moment when activities are running, timers are pending and events are queued.
    let live: DatabaseSnapshot | undefined;
    await waitFor(
      () => {
        live = snapshotDatabase(emulator.dbPath, { readonly: true });
        return live.pendingActivities.size > 0 && live.pendingTimers > 0 && live.queuedEvents > 0 && live.completedActivities.size > 0;
      },
      { timeoutMs: 30_000, intervalMs: 100, message: 'never saw activities, timers and events in flight together' },
    );
    await emulator.kill();
    const atKill = snapshotDatabase(emulator.dbPath);
    expect(atKill.integrity).toBe('ok');
    await new Promise((r) => setTimeout(r, 300)); // let the worker's last EXEC lines arrive
    const executedBeforeRestart = worker.executions();
    console.log(
      `[reliability] at kill: ${atKill.pendingActivities.size} activities pending, ${atKill.completedActivities.size} results ` +
        `durable, ${atKill.pendingTimers} timers pending, ${atKill.queuedEvents} events queued, ` +
        `${executedBeforeRestart.size} activity executions reported by the worker`,
    );
    expect(atKill.pendingActivities.size).toBeGreaterThan(0);
    expect(atKill.pendingTimers).toBeGreaterThan(0);
    expect(atKill.queuedEvents).toBeGreaterThan(0);

    await emulator.restart();
    // The same worker process reconnects by itself (durabletask-js backs off 1 s, 2 s, 4 s ...).
    await waitFor(() => emulator.output().split('worker connected').length > 2, {
      timeoutMs: 30_000,
      message: 'the worker did not reconnect after the emulator restart',
    });
    await Promise.all(ids.filter((_, i) => i % 4 === 0).map((id) => client.resumeOrchestration(id)));
    await Promise.all(ids.map((id, i) => (i % 4 >= 2 ? client.raiseOrchestrationEvent(id, 'go', i) : undefined)));

    // Second kill -9 while it recovers: as soon as the resumed and released instances are moving again.
    await waitFor(
      () => {
        const live2 = snapshotDatabase(emulator.dbPath, { readonly: true });
        return live2.pendingActivities.size > 0 && live2.completedActivities.size > atKill.completedActivities.size;
      },
      { timeoutMs: 30_000, intervalMs: 50, message: 'no progress after the restart' },
    );
    await emulator.kill();
    const atSecondKill = snapshotDatabase(emulator.dbPath);
    expect(atSecondKill.integrity).toBe('ok');
    await new Promise((r) => setTimeout(r, 300));
    const executedBeforeSecondRestart = worker.executions();
    console.log(
      `[reliability] at the second kill: ${atSecondKill.pendingActivities.size} activities pending, ` +
        `${atSecondKill.completedActivities.size} results durable`,
    );
    await emulator.restart();

    const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, true, 90)));
    states.forEach((state, i) => {
      const id = ids[i]!;
      expect(state?.runtimeStatus, id).toBe(OrchestrationStatus.COMPLETED);
      expect(JSON.parse(state!.serializedOutput!), id).toEqual({
        parallel: Array.from({ length: PARALLEL }, (_, k) => `done ${id}/${k}`),
        go: i,
        last: `done ${id}/last`,
      });
    });

    // Executions per interval: before the first kill, between the kills, after the second restart.
    const executions = worker.executions();
    const kills = [
      { snapshot: atKill, executedBefore: executedBeforeRestart },
      { snapshot: atSecondKill, executedBefore: executedBeforeSecondRestart },
    ];
    const problems: string[] = [];
    for (const id of ids) {
      const history = await client.getOrchestrationHistory(id);
      const audit = auditHistory(id, history);
      problems.push(...audit.problems);
      expect(audit.scheduled, id).toBe(PARALLEL + 1);
      for (const e of history) {
        if (e.type !== 'TaskScheduled') continue;
        const key = `${id} ${e.eventId}`;
        const total = executions.get(key) ?? 0;
        if (total === 0) problems.push(`${key}: result recorded but the worker never ran it`);
        if ((executedBeforeRestart.get(key) ?? 0) > 1) problems.push(`${key}: ran twice before the first kill`);
        kills.forEach(({ snapshot, executedBefore }, k) => {
          const before = executedBefore.get(key) ?? 0;
          const until = k + 1 < kills.length ? (kills[k + 1]!.executedBefore.get(key) ?? 0) : total;
          const after = until - before;
          // At-least-once only where the result was not yet durable; a durable result is never re-run.
          if (after > 0 && snapshot.completedActivities.has(key)) problems.push(`${key}: re-run after kill ${k + 1} although its result was durable`);
          if (before > 0 && after > 0 && !snapshot.pendingActivities.has(key)) problems.push(`${key}: re-run after kill ${k + 1} although it was not pending`);
        });
      }
    }
    expect(problems).toEqual([]);
    const rerun = [...executions].filter(([, n]) => n > 1).length;
    console.log(`[reliability] ${ids.length} instances completed; ${rerun} activities ran more than once (each was pending at a kill)`);
  }, 120_000);
});
