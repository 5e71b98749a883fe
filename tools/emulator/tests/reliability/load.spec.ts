// N fan-out instances (5 activities each) in flight at once: all complete with their outputs, and the
// emulator keeps answering GetInstance meanwhile. Reports the emulator's peak RSS (VmHWM) in the log.
// CI size: 500. LONG RUN: RELIABILITY_LOAD_INSTANCES=10000 npx vitest run tests/reliability/load.spec.ts
import fs from 'node:fs';
import { OrchestrationStatus, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { newClient, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { auditHistory } from './support/history-audit.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const INSTANCES = Number(process.env['RELIABILITY_LOAD_INSTANCES'] ?? 500);
const GREETINGS = ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'];

/** The emulator's pid: the process whose command line names its (unique, temporary) database file. */
function emulatorPid(dbPath: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('main.ts') && cmdline.includes(dbPath)) return Number(entry);
    } catch {
      // the process went away meanwhile
    }
  }
  return undefined;
}

function memoryKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

describe(`load: ${INSTANCES} fan-out instances (${INSTANCES * 5} activities) in flight`, () => {
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

  it(
    'completes every instance and keeps answering GetInstance meanwhile',
    async () => {
      const pid = process.platform === 'linux' ? emulatorPid(emulator.dbPath) : undefined;
      const baselineKb = pid ? memoryKb(pid, 'VmRSS') : 0;
      const ids = Array.from({ length: INSTANCES }, (_, i) => `load-${i}`);
      const t0 = Date.now();

      // A prober reads a random started instance every 100 ms for the whole run.
      const probes = { answered: 0, failed: 0, maxMs: 0, errors: [] as string[] };
      let started = 0;
      let probing = true;
      const prober = (async () => {
        while (probing) {
          if (started > 0) {
            const id = ids[Math.floor(Math.random() * started)]!;
            const at = Date.now();
            try {
              const state = await client.getOrchestrationState(id);
              if (state?.instanceId !== id) throw new Error(`GetInstance(${id}) returned ${state?.instanceId}`);
              probes.answered++;
              probes.maxMs = Math.max(probes.maxMs, Date.now() - at);
            } catch (err) {
              probes.failed++;
              probes.errors.push((err as Error).message);
            }
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      let peakRssKb = 0;
      const sampler = setInterval(() => {
        if (pid) peakRssKb = Math.max(peakRssKb, memoryKb(pid, 'VmRSS'));
      }, 250);

      try {
        await pool(ids, 100, async (id) => {
          await client.scheduleNewOrchestration('fan_out', undefined, id);
          started++;
        });
        const scheduledMs = Date.now() - t0;
        // Only now a worker: every instance and, soon, all 5N activities are in flight at once.
        worker = await startWorkerProcess(emulator, { name: 'load-worker', quiet: true });
        const states = await pool(ids, 50, (id) => client.waitForOrchestrationCompletion(id, true, 600));
        const completedMs = Date.now() - t0;
        probing = false;
        await prober;

        const wrong = states
          .map((s, i) => ({ id: ids[i], status: s?.runtimeStatus, output: s?.serializedOutput }))
          .filter((s) => s.status !== OrchestrationStatus.COMPLETED || JSON.stringify(JSON.parse(s.output ?? 'null')) !== JSON.stringify(GREETINGS));
        expect(wrong.slice(0, 5)).toEqual([]);
        // Every 50th instance: one result per scheduled activity.
        for (const id of ids.filter((_, i) => i % 50 === 0)) {
          const audit = auditHistory(id, await client.getOrchestrationHistory(id));
          expect(audit.problems).toEqual([]);
          expect(audit.scheduled).toBe(5);
        }
        expect(probes.failed, probes.errors.slice(0, 3).join('; ')).toBe(0);
        expect(probes.answered).toBeGreaterThan(0);

        const hwmKb = pid ? memoryKb(pid, 'VmHWM') : 0;
        console.log(
          `[reliability] load: ${INSTANCES} instances / ${INSTANCES * 5} activities; scheduled in ${(scheduledMs / 1000).toFixed(1)} s, ` +
            `all completed ${((completedMs - scheduledMs) / 1000).toFixed(1)} s later; emulator peak RSS (VmHWM) ${(hwmKb / 1024).toFixed(0)} MB ` +
            `(idle before: ${(baselineKb / 1024).toFixed(0)} MB) ` +
            `(sampled VmRSS max ${(peakRssKb / 1024).toFixed(0)} MB); GetInstance probes during the run: ${probes.answered} answered, ` +
            `0 failed, slowest ${probes.maxMs} ms`,
        );
      } finally {
        probing = false;
        clearInterval(sampler);
      }
    },
    Math.max(120_000, INSTANCES * 60),
  );
});
