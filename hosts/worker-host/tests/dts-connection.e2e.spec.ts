// The DTS client and the adapter's worker against the real emulator: task hub routing by metadata,
// and a clear start-up error for a task hub the scheduler does not have.
import { createDurableTaskWorker } from '@durable-hosts/durabletask-adapter';
import { createDurableTaskClient, parseConnectionString, type DurableTaskWorkerHandle } from '@durable-hosts/dts-connection';
import { activities, orchestrations } from '@durable-hosts/workflows';
import { NoOpLogger } from '@microsoft/durabletask-js';
import { startEmulator, type EmulatorProcess } from '@durable-hosts/test-support';

describe('connecting to the emulator like a DTS app', () => {
  let emulator: EmulatorProcess;
  beforeAll(async () => {
    emulator = await startEmulator({ taskHubs: ['default', 'other'] });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  const settingsFor = (taskHub: string) =>
    parseConnectionString(`Endpoint=http://${emulator.hostAddress};TaskHub=${taskHub};Authentication=None`);

  it('runs Hello Cities in the task hub named by the connection string', async () => {
    const settings = settingsFor('other');
    const worker = createDurableTaskWorker(settings, { orchestrations, activities, logger: new NoOpLogger(), orchestratorOptions: { log: () => undefined } });
    const client = createDurableTaskClient(settings, { logger: new NoOpLogger() });
    try {
      await worker.start();
      const id = await client.scheduleNewOrchestration('chaining_orchestration');
      const state = await client.waitForOrchestrationCompletion(id, true, 30);
      expect(JSON.parse(state?.serializedOutput ?? 'null')).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
      expect(emulator.output()).toContain(`worker connected to task hub 'other'`);

      // The same instance id is unknown in the default hub: state is routed by the taskhub header.
      const defaultClient = createDurableTaskClient(settingsFor('default'), { logger: new NoOpLogger() });
      expect(await defaultClient.getOrchestrationState(id)).toBeUndefined();
      await defaultClient.stop();
    } finally {
      await worker.stop();
      await client.stop();
    }
  });

  it('refuses to start for a task hub the emulator does not have, saying which one', async () => {
    const worker: DurableTaskWorkerHandle = createDurableTaskWorker(settingsFor('missing-hub'), {
      orchestrations,
      activities,
      logger: new NoOpLogger(),
    });
    await expect(worker.start()).rejects.toThrow(/task hub 'missing-hub'\) refused Hello/);
    await worker.stop();
  });
});
