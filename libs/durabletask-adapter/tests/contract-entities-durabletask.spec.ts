// Contract, entity part: the SDK's in-memory backend runs no entities, so the entity scenarios and the
// entity conformance definitions run on a real TaskHubGrpcWorker against the emulator process (ephemeral
// ports), and must give what the in-memory runner gives.
import {
  catchesEntityFailure,
  conformanceEntities,
  conformanceOrchestrations,
  entityRoundTrip,
  entityRoundTripOutput,
  TestOrchestrationRunner,
} from '@durable-hosts/durable/testing';
// Tests only: the emulator process and the product's workflows are what this contract is checked against.
import { startEmulator, type EmulatorProcess } from '@durable-hosts/test-support';
import { activities, counter, entities, orchestrations, workflowScenarios } from '@durable-hosts/workflows';
import { EntityInstanceId, NoOpLogger, OrchestrationStatus, type TaskHubGrpcClient } from '@microsoft/durabletask-js';
import { createDurableTaskClient, parseConnectionString, type DurableTaskWorkerHandle } from '@durable-hosts/dts-connection';
import { createDurableTaskWorker } from '../src/worker-factory.js';

const scenarios = workflowScenarios.filter((s) => s.usesEntities);

describe('durabletask-js contract: entities, on the emulator', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: DurableTaskWorkerHandle;

  beforeAll(async () => {
    emulator = await startEmulator({ db: ':memory:' });
    const settings = parseConnectionString(emulator.connectionString);
    worker = createDurableTaskWorker(settings, {
      orchestrations: [...orchestrations, ...conformanceOrchestrations],
      activities,
      entities: [...entities, ...conformanceEntities],
      logger: new NoOpLogger(),
      orchestratorOptions: { log: () => undefined },
    });
    client = createDurableTaskClient(settings, { logger: new NoOpLogger() });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.stop();
    await client?.stop();
    await emulator?.stop();
  });

  async function run(name: string, input: unknown, instanceId: string) {
    await client.scheduleNewOrchestration(name, input, instanceId);
    const state = await client.waitForOrchestrationCompletion(instanceId, true, 30);
    if (!state) throw new Error(`No state for ${instanceId}`);
    expect(state.failureDetails?.message).toBeUndefined();
    expect(state.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    return JSON.parse(state.serializedOutput ?? 'null') as unknown;
  }

  it.each(scenarios.map((s, i) => [s.title, s, i] as const))(
    '%s: same output as the in-memory runner',
    async (_title, scenario, i) => {
      const runner = new TestOrchestrationRunner({ orchestrations, activities, entities });
      for (const signal of scenario.entitySignals ?? []) {
        await runner.signalEntity(signal.entity, signal.key, signal.operation as never, signal.input as never);
        await client.signalEntity(new EntityInstanceId(signal.entity.name, signal.key), signal.operation, signal.input);
      }
      const expected = await runner.run(scenario.definition, scenario.input);
      expect(expected.output).toEqual(scenario.expected);
      expect(await run(scenario.definition.name, scenario.input, `entity-scenario-${i}`)).toEqual(expected.output);
    },
  );

  it('signals a counter from the client and reads its state (counter@k1 add 5 twice gives 10)', async () => {
    const id = new EntityInstanceId(counter.name, 'k1');
    await client.signalEntity(id, 'add', 5);
    await client.signalEntity(id, 'add', 5);
    await expect.poll(async () => (await client.getEntity<number>(id))?.state, { timeout: 10_000 }).toBe(10);
  });

  it('maps calls, signals, a scheduled signal and a critical section like the runner', async () => {
    expect(await run(entityRoundTrip.name, undefined, 'round-trip-1')).toEqual(entityRoundTripOutput);
  });

  it('throws a failed entity operation into the orchestration with the entity message, state rolled back', async () => {
    expect(await run(catchesEntityFailure.name, undefined, 'entity-failure-1')).toEqual({
      kind: 'entity',
      entity: { name: 'ledger', key: 'entity-failure-1' },
      operation: 'spend',
      errorType: 'RangeError',
      errorMessage: 'cannot spend 5, the ledger holds 3',
      balance: 2,
    });
  });
});
