import { startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';
import { copyFixtureApp } from '../support/temp-app.js';

// Set up as Microsoft's DTS quickstart for Durable Functions says: host.json hubName "%TASKHUB_NAME%" with the
// azureManaged provider, TASKHUB_NAME=default in local.settings.json and a connection string without TaskHub.
describe('an app set up as the Durable Task Scheduler quickstart for Functions says', () => {
  let emulator: EmulatorProcess;
  let runtime: RuntimeProcess;
  beforeAll(async () => {
    emulator = await startEmulator({ db: ':memory:' });
    // The quickstart's local.settings.json points at localhost:8080; an environment variable wins, as with func start.
    runtime = await startRuntimeProcess(copyFixtureApp('dts-quickstart-app', { durableFunctions: true }), {
      DURABLE_TASK_SCHEDULER_CONNECTION_STRING: `Endpoint=http://127.0.0.1:${emulator.grpcPort};Authentication=None`,
    });
  }, 60_000);
  afterAll(async () => {
    await runtime?.stop();
    await emulator?.stop();
  });

  it("connects to the task hub named by hubName's %TASKHUB_NAME%", () => {
    expect(runtime.output()).toContain(`Durable Task Scheduler: http://127.0.0.1:${emulator.grpcPort} (task hub 'default').`);
  });

  it('starts the template orchestration over HTTP and completes it', async () => {
    const start = await fetch(`${runtime.origin}/api/orchestrators/durableHello1Orchestrator`, { method: 'POST' });
    expect(start.status).toBe(202);
    const check = (await start.json()) as { id: string; statusQueryGetUri: string };
    const status = await waitFor(
      async () => {
        const body = (await (await fetch(check.statusQueryGetUri)).json()) as { runtimeStatus: string };
        return body.runtimeStatus === 'Completed' || body.runtimeStatus === 'Failed' ? body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(status).toMatchObject({ name: 'durableHello1Orchestrator', runtimeStatus: 'Completed', output: ['Hello, Tokyo', 'Hello, Seattle', 'Hello, Cairo'] });
  });
});
