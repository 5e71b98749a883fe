// kill -9 of a worker process that holds running activities: a second worker process completes them,
// and every orchestration sees exactly one result per activity.
import { OrchestrationStatus, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { newClient, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { auditHistory } from './support/history-audit.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const INSTANCES = 40;
const PARALLEL = 3;

describe('kill -9 of a worker in the middle of its activities', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    client = newClient(emulator);
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await client?.stop();
    await emulator?.stop();
  });

  it('hands every held activity to a second worker, which runs each exactly once', async () => {
    // The first worker starts every activity and never finishes one.
    const doomed = await startWorkerProcess(emulator, { name: 'doomed-worker', activityMs: 600_000 });
    workers.push(doomed);
    const ids = Array.from({ length: INSTANCES }, (_, i) => `held-${i}`);
    await Promise.all(ids.map((id) => client.scheduleNewOrchestration('mixed', { n: PARALLEL, timerSeconds: 0 }, id)));
    await Promise.all(ids.map((id, i) => client.raiseOrchestrationEvent(id, 'go', i)));
    await waitFor(() => doomed.executions().size === INSTANCES * PARALLEL, {
      timeoutMs: 20_000,
      message: 'the first worker did not start every activity',
    });
    const rescuer = await startWorkerProcess(emulator, { name: 'rescuer-worker', activityMs: 20 });
    workers.push(rescuer);
    await doomed.kill();

    const states = await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, true, 60)));
    states.forEach((state, i) => {
      expect(state?.runtimeStatus, ids[i]).toBe(OrchestrationStatus.COMPLETED);
      expect(JSON.parse(state!.serializedOutput!), ids[i]).toEqual({
        parallel: Array.from({ length: PARALLEL }, (_, k) => `done ${ids[i]}/${k}`),
        go: i,
        last: `done ${ids[i]}/last`,
      });
    });
    const problems: string[] = [];
    const byRescuer = rescuer.executions();
    const byDoomed = doomed.executions();
    for (const id of ids) {
      const history = await client.getOrchestrationHistory(id);
      problems.push(...auditHistory(id, history).problems);
      for (const e of history) {
        if (e.type !== 'TaskScheduled') continue;
        const key = `${id} ${e.eventId}`;
        const total = (byRescuer.get(key) ?? 0) + (byDoomed.get(key) ?? 0);
        // Held by the dead worker: run once there (lost) and once by the rescuer; others: once.
        const expected = byDoomed.has(key) ? 2 : 1;
        if (total !== expected || (byRescuer.get(key) ?? 0) !== 1) {
          problems.push(`${key}: ran ${byDoomed.get(key) ?? 0}x on the killed worker, ${byRescuer.get(key) ?? 0}x on the rescuer`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(emulator.output()).toMatch(/worker left task hub 'default' .*doomed-worker/);
  }, 90_000);
});
