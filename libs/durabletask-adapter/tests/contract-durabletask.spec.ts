// Contract: every workflow runs on durabletask-js's own engine (its in-memory backend and test worker,
// the same executor TaskHubGrpcWorker uses) and produces what the in-memory runner produces.
// Durable timers use setTimeout in that backend, so vitest fake timers skip them.
import { isTerminalStatus } from '@durable-hosts/dts-protocol';
import {
  conformanceActivities,
  conformanceOrchestrations,
  nestedAllAny,
  TestOrchestrationRunner,
  type RaiseEvent,
} from '@durable-hosts/durable/testing';
// Contract tests run the product's workflows; only tests cross this boundary, never adapter code.
import { activities, orchestrations, workflowScenarios, type WorkflowScenario } from '@durable-hosts/workflows';
import {
  InMemoryOrchestrationBackend,
  OrchestrationStatus,
  TestOrchestrationClient,
  TestOrchestrationWorker,
} from '@microsoft/durabletask-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb.js';
import { registerDurableTask } from '../src/registration.js';

/**
 * The SDK's in-memory backend does not prepend an OrchestratorStarted event per dispatch (its own comment
 * says so), so `currentUtcDateTime` would stay at the start time. The real sidecar (and our emulator) does;
 * this subclass does the same, so clock-dependent workflows (monitor deadlines) behave as in production.
 */
class SidecarLikeBackend extends InMemoryOrchestrationBackend {
  override getNextOrchestrationWorkItem(): ReturnType<
    InMemoryOrchestrationBackend['getNextOrchestrationWorkItem']
  > {
    const instance = super.getNextOrchestrationWorkItem();
    if (instance && !instance.pendingEvents[0]?.hasOrchestratorstarted()) {
      const started = new pb.HistoryEvent();
      started.setEventid(-1);
      started.setTimestamp(Timestamp.fromDate(new Date()));
      started.setOrchestratorstarted(new pb.OrchestratorStartedEvent());
      instance.pendingEvents.unshift(started);
    }
    return instance;
  }
}

const START = new Date('2026-01-01T00:00:00.000Z');

// The SDK's in-memory backend runs no entities: the entity scenarios run against the emulator (contract-entities-durabletask.spec.ts).
const scenarios = workflowScenarios.filter((s) => !s.usesEntities);

describe('durabletask-js contract', () => {
  let backend: InMemoryOrchestrationBackend;
  let client: TestOrchestrationClient;
  let worker: TestOrchestrationWorker;

  beforeEach(async () => {
    // Fake timers before the backend exists, so its timer setTimeouts are fake; setImmediate (the worker loop) stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
    backend = new SidecarLikeBackend();
    client = new TestOrchestrationClient(backend);
    worker = new TestOrchestrationWorker(backend);
    registerDurableTask(
      worker,
      {
        orchestrations: [...orchestrations, ...conformanceOrchestrations],
        activities: [...activities, ...conformanceActivities],
      },
      { log: () => undefined },
    );
    // The test worker logs every activity failure; the assertions below check them instead.
    for (const level of ['error', 'warn', 'info', 'log', 'debug'] as const)
      vi.spyOn(console, level).mockImplementation(() => undefined);
    await worker.start();
  });

  afterEach(async () => {
    await worker.stop();
    await client.stop();
    backend.reset();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Lets the worker drain its queues (it polls with real setImmediate). */
  async function settle(): Promise<void> {
    for (let idle = 0; idle < 5;) {
      await new Promise((resolve) => setImmediate(resolve));
      idle = backend.hasPendingWork() ? 0 : idle + 1;
    }
  }

  /** Runs an instance to a terminal state, jumping virtual time from one timer to the next. */
  async function runToEnd(
    name: string,
    input: unknown,
    instanceId: string,
    events: WorkflowScenario['events'] = [],
  ) {
    await client.scheduleNewOrchestration(name, input, instanceId);
    for (const event of events)
      setTimeout(
        () => void client.raiseOrchestrationEvent(instanceId, event.name, event.data),
        event.afterSeconds * 1000,
      );
    for (let jumps = 0; jumps < 1000; jumps++) {
      await settle();
      const status = backend.getInstance(instanceId)?.status;
      if (status !== undefined && isTerminalStatus(backend.toClientStatus(status))) break;
      if (vi.getTimerCount() === 0) break;
      await vi.advanceTimersToNextTimerAsync();
    }
    const state = await client.getOrchestrationState(instanceId, true);
    if (!state) throw new Error(`No state for instance ${instanceId}`);
    return state;
  }

  async function runOnTestRunner(scenario: WorkflowScenario, instanceId: string) {
    vi.useRealTimers();
    try {
      const events: RaiseEvent[] = (scenario.events ?? []).map((e) => ({
        name: e.name,
        data: e.data,
        at: { seconds: e.afterSeconds },
      }));
      return await new TestOrchestrationRunner({ orchestrations, activities, startTime: START }).run(
        scenario.definition,
        scenario.input,
        { instanceId, events },
      );
    } finally {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
    }
  }

  it.each(scenarios.map((s, i) => [s.title, s, i] as const))(
    '%s: same output as the in-memory runner',
    async (_title, scenario, i) => {
      const expected = await runOnTestRunner(scenario, `runner-${i}`);
      expect(expected.output).toEqual(scenario.expected);

      const state = await runToEnd(
        scenario.definition.name,
        scenario.input,
        `contract-${i}`,
        scenario.events,
      );
      expect(state.failureDetails?.message).toBeUndefined();
      expect(state.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
      expect(JSON.parse(state.serializedOutput ?? 'null')).toEqual(expected.output);
      if (scenario.compareCustomStatus)
        expect(JSON.parse(state.serializedCustomStatus ?? 'null')).toEqual(expected.customStatus);
    },
  );

  it('keeps the seed JSON for the Hello Cities outputs', async () => {
    const state = await runToEnd('fan_out_fan_in_orchestration', undefined, 'seed-fan-out');
    expect(state.serializedOutput).toBe(
      '["Hello Tokyo!","Hello Seattle!","Hello London!","Hello Paris!","Hello Berlin!"]',
    );
  });

  describe('error and race mapping', () => {
    it('reads results of all/any nested in each other', async () => {
      const expected = { race: 1, pair: ['echo A', 'echo B'], outer: { index: 0, value: ['echo C'] } };
      const runner = await new TestOrchestrationRunner({ activities: conformanceActivities }).run(nestedAllAny);
      expect(runner.output).toEqual(expected);
      const state = await runToEnd('nested_all_any', undefined, 'nested-1');
      expect(JSON.parse(state.serializedOutput ?? 'null')).toEqual(expected);
    });

    it('throws activity failures into the orchestration as our TaskFailedError with the details', async () => {
      const state = await runToEnd('catches_failure', undefined, 'errors-1');
      expect(JSON.parse(state.serializedOutput ?? 'null')).toEqual({
        kind: 'activity',
        name: 'explode',
        errorType: 'RangeError',
        errorMessage: 'boom',
        hasStack: true,
      });
    });

    it('fails the instance with the details of an uncaught activity failure', async () => {
      const state = await runToEnd('fails_uncaught', undefined, 'errors-2');
      expect(state.runtimeStatus).toBe(OrchestrationStatus.FAILED);
      expect(state.failureDetails?.errorType).toBe('TaskFailedError');
      expect(state.failureDetails?.message).toBe("Activity 'explode' failed: RangeError: kaput");
    });

    it('fails `all` with the first failure in input order', async () => {
      const state = await runToEnd('all_with_failure', undefined, 'errors-3');
      expect(JSON.parse(state.serializedOutput ?? 'null')).toBe('first');
    });

    it('throws the failure of the task that won `any`', async () => {
      const state = await runToEnd('any_with_failing_winner', undefined, 'errors-4');
      expect(JSON.parse(state.serializedOutput ?? 'null')).toBe('fast failure');
    });

    it('throws sub-orchestration failures as TaskFailedError naming the child', async () => {
      const state = await runToEnd('catches_child_failure', undefined, 'errors-5');
      const output = JSON.parse(state.serializedOutput ?? 'null');
      expect(output).toMatchObject({ kind: 'subOrchestration', name: 'failing_child' });
      expect(output.errorMessage).toContain('child broke');
    });

    it('maps newGuid, custom status and the replay-safe clock to the SDK', async () => {
      const state = await runToEnd('guids_and_status', undefined, 'guids-1');
      expect(JSON.parse(state.serializedOutput ?? 'null')).toEqual({
        stable: true,
        distinct: true,
        at: '2026-01-01T00:00:01.000Z',
      });
      expect(JSON.parse(state.serializedCustomStatus ?? 'null')).toEqual({ step: 'after timer' });
    });
  });
});
