import path from 'node:path';
import { startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsRuntime, type FunctionsRuntime } from '../src/functions-runtime.js';

const appDir = path.join(import.meta.dirname, 'fixtures/durable-app');

describe('the Durable worker keeps its DTS connection', () => {
  let emulator: EmulatorProcess;
  let runtime: FunctionsRuntime;
  const lines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    // The endpoint is down when the host starts: Hello must be retried until it answers.
    await emulator.stop();
    process.env.DURABLE_TASK_SCHEDULER_CONNECTION_STRING = emulator.connectionString;
    runtime = await startFunctionsRuntime({ appDir, port: 0, log: (level, message) => lines.push(`${level}: ${message}`) });
  });
  afterAll(async () => {
    await runtime?.stop();
    await emulator?.stop();
  });

  async function runChaining(): Promise<unknown> {
    const response = await fetch(`${runtime.origin}/api/StartChaining`, { method: 'POST' });
    expect(response.status).toBe(202);
    const { statusQueryGetUri } = (await response.json()) as { statusQueryGetUri: string };
    return waitFor(
      async () => {
        const status = (await (await fetch(statusQueryGetUri)).json()) as { runtimeStatus: string; output: unknown };
        return status.runtimeStatus === 'Completed' ? status.output : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  it('connects once the endpoint comes up after the host started', async () => {
    await waitFor(async () => (lines.some((l) => l.includes('Waiting for DTS')) ? true : undefined), { timeoutMs: 5_000, intervalMs: 50 });
    await emulator.restart();
    expect(await runChaining()).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  it('reconnects when the work-item stream ends and carries on', async () => {
    await emulator.stop();
    await emulator.restart();
    expect(await runChaining()).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(lines.filter((l) => l.includes('Connected to DTS')).length).toBeGreaterThanOrEqual(2);
  });
});
