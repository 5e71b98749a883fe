import type { ActivityContext, OrchestrationContext, TaskHubGrpcClient, TaskHubGrpcWorker, TOrchestrator } from '@microsoft/durabletask-js';
import { startConnected, stopConnected, type EmulatorProcess } from './support/dts-fixture.js';

const child: TOrchestrator = async () => 'child done';

// activity -> timer -> sub-orchestration -> return: the history DTS records for it, event by event.
const shaped: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const greeting: unknown = yield ctx.callActivity('greet', 'history');
  yield ctx.createTimer(0.2);
  const fromChild: unknown = yield ctx.callSubOrchestrator('child');
  return [greeting, fromChild];
};

type Raw = Record<string, unknown> & { type: string; eventId: number; timestamp: Date };

describe('history shape', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;

  beforeAll(async () => {
    ({ emulator, client, worker } = await startConnected((worker) => {
      worker.addNamedOrchestrator('shaped', shaped);
      worker.addNamedOrchestrator('child', child);
      worker.addNamedActivity('greet', async (_ctx: ActivityContext, name: string) => `hi ${name}`);
    }));
  });

  afterAll(() => stopConnected({ worker, client, emulator }));

  it('records exactly the twelve DTS events, with no OrchestratorCompleted', async () => {
    const id = await client.scheduleNewOrchestration('shaped');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toEqual(['hi history', 'child done']);
    const history = (await client.getOrchestrationHistory(id)) as unknown as Raw[];
    expect(history.map((e) => e.type)).toEqual([
      'OrchestratorStarted',
      'ExecutionStarted',
      'TaskScheduled',
      'OrchestratorStarted',
      'TaskCompleted',
      'TimerCreated',
      'OrchestratorStarted',
      'TimerFired',
      'SubOrchestrationInstanceCreated',
      'OrchestratorStarted',
      'SubOrchestrationInstanceCompleted',
      'ExecutionCompleted',
    ]);
    const byType = (type: string): Raw => history.find((e) => e.type === type)!;
    expect(byType('TaskCompleted').taskScheduledId).toBe(byType('TaskScheduled').eventId);
    expect(byType('TimerFired').timerId).toBe(byType('TimerCreated').eventId);
    expect(byType('SubOrchestrationInstanceCompleted').taskScheduledId).toBe(byType('SubOrchestrationInstanceCreated').eventId);
    const ids = history.map((e) => e.eventId).filter((n) => n >= 0);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(history.every((e) => e.timestamp instanceof Date && !Number.isNaN(e.timestamp.getTime()))).toBe(true);
  });

  it('starts every execution with a 32-hex execution id, and the child knows its parent', async () => {
    const id = await client.scheduleNewOrchestration('shaped');
    await client.waitForOrchestrationCompletion(id, true, 20);
    const history = (await client.getOrchestrationHistory(id)) as unknown as Raw[];
    const started = history.find((e) => e.type === 'ExecutionStarted') as unknown as {
      name: string;
      orchestrationInstance: { instanceId: string; executionId: string };
    };
    expect(started.name).toBe('shaped');
    expect(started.orchestrationInstance.executionId).toMatch(/^[0-9a-f]{32}$/);
    const created = history.find((e) => e.type === 'SubOrchestrationInstanceCreated') as unknown as {
      eventId: number;
      instanceId: string;
    };
    const childHistory = (await client.getOrchestrationHistory(created.instanceId)) as unknown as Raw[];
    const childStarted = childHistory.find((e) => e.type === 'ExecutionStarted') as unknown as {
      parentInstance: { taskScheduledId: number; name?: string; orchestrationInstance: { instanceId: string } };
    };
    expect(childStarted.parentInstance.taskScheduledId).toBe(created.eventId);
    expect(childStarted.parentInstance.name).toBe('shaped');
    expect(childStarted.parentInstance.orchestrationInstance.instanceId).toBe(id);
  });
});
