// Management calls fired at random (suspend, resume, raise, terminate, restart, purge) at instances that
// are running activities and timers, with a kill -9 of the emulator in the middle. Afterwards: no engine
// error, every instance can still be brought to an end, finished ones have the right output, no step
// has two results, and the database is intact. Seeded: RELIABILITY_FUZZ_SEED.
import { isTerminalStatus } from '@durable-hosts/dts-protocol';
import { OrchestrationStatus, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { newClient, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { snapshotDatabase } from './support/database-snapshot.js';
import { auditHistory } from './support/history-audit.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const SEED = Number(process.env['RELIABILITY_FUZZ_SEED'] ?? 20261128);
const INSTANCES = 60;
const GREETINGS = ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('random management calls with a kill -9 in the middle', () => {
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

  it('leaves every instance consistent and able to finish', async () => {
    const random = prng(SEED);
    worker = await startWorkerProcess(emulator, { name: 'chaos-worker', activityMs: 80 });
    const ids = new Set<string>();
    for (let i = 0; i < INSTANCES; i++) {
      const id = `chaos-${i}`;
      if (i % 2 === 0) await client.scheduleNewOrchestration('mixed', { n: 3, timerSeconds: 1 }, id);
      else await client.scheduleNewOrchestration('fan_out', undefined, id);
      ids.add(id);
    }
    const unexpected: string[] = [];
    const ops: Record<string, number> = {};
    let down = false;
    const pick = (): string => [...ids][Math.floor(random() * ids.size)]!;

    const chaos = async (until: number): Promise<void> => {
      while (Date.now() < until) {
        const id = pick();
        const op = ['suspend', 'resume', 'raise', 'raise', 'terminate', 'restart', 'restart-new', 'purge', 'get'][Math.floor(random() * 9)]!;
        ops[op] = (ops[op] ?? 0) + 1;
        try {
          switch (op) {
            case 'suspend':
              await client.suspendOrchestration(id);
              break;
            case 'resume':
              await client.resumeOrchestration(id);
              break;
            case 'raise':
              await client.raiseOrchestrationEvent(id, 'go', 7);
              break;
            case 'terminate':
              if (random() < 0.3) await client.terminateOrchestration(id, 'chaos');
              break;
            case 'restart':
              await client.restartOrchestration(id, false);
              break;
            case 'restart-new':
              ids.add(await client.restartOrchestration(id, true));
              break;
            case 'purge':
              if ((await client.purgeOrchestration(id))?.deletedInstanceCount) ids.delete(id);
              break;
            default:
              await client.getOrchestrationState(id);
          }
        } catch (err) {
          const message = (err as Error).message;
          // Refusals (not found, wrong state) are the point; an internal error or a crash is not.
          if (!down && /internal|UNKNOWN|UNAVAILABLE/i.test(message)) unexpected.push(`${op} ${id}: ${message}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };

    await chaos(Date.now() + 3000);
    down = true;
    await emulator.kill();
    expect(snapshotDatabase(emulator.dbPath).integrity).toBe('ok');
    await emulator.restart();
    down = false;
    await chaos(Date.now() + 3000);

    // Let them run: resume and feed every live instance, then end whatever still runs.
    for (const id of ids) {
      await client.resumeOrchestration(id).catch(() => undefined);
      await client.raiseOrchestrationEvent(id, 'go', 7).catch(() => undefined);
    }
    await waitFor(
      async () => {
        for (const id of ids) {
          const state = await client.getOrchestrationState(id);
          if (state && !isTerminalStatus(state.runtimeStatus)) return false;
        }
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    ).catch(() => undefined);
    for (const id of ids) {
      const state = await client.getOrchestrationState(id);
      if (state && !isTerminalStatus(state.runtimeStatus)) await client.terminateOrchestration(id, 'cleanup');
    }

    const problems: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const id of ids) {
      const state = await client.waitForOrchestrationCompletion(id, true, 30).catch((err: Error) => {
        problems.push(`${id}: did not end after terminate (${err.message})`);
        return undefined;
      });
      if (!state) continue;
      const status = OrchestrationStatus[state.runtimeStatus];
      outcomes[status] = (outcomes[status] ?? 0) + 1;
      const history = await client.getOrchestrationHistory(id);
      const completed = state.runtimeStatus === OrchestrationStatus.COMPLETED;
      problems.push(...auditHistory(id, history, { unfinished: !completed }).problems);
      if (completed && state.name === 'fan_out' && state.serializedOutput !== JSON.stringify(GREETINGS)) {
        problems.push(`${id}: output ${state.serializedOutput}`);
      }
      if (completed && state.name === 'mixed') {
        const output = JSON.parse(state.serializedOutput!) as { parallel: string[]; go: unknown; last: string };
        if (output.parallel.length !== 3 || output.go !== 7 || output.last !== `done ${id}/last`) problems.push(`${id}: output ${state.serializedOutput}`);
      }
    }
    console.log(`[reliability] chaos seed ${SEED}: ops ${JSON.stringify(ops)}; final ${JSON.stringify(outcomes)}`);
    expect(unexpected).toEqual([]);
    expect(problems).toEqual([]);
    expect(emulator.output()).not.toMatch(/internal error|callback failed/);
    await worker.kill();
    worker = undefined;
    await emulator.stop();
    expect(snapshotDatabase(emulator.dbPath).integrity).toBe('ok');
    await emulator.restart();
  }, 120_000);
});
