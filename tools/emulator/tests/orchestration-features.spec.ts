import {
  OrchestrationStatus,
  RetryPolicy,
  whenAny,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
  type TOrchestrator,
} from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { startConnected, stopConnected, type EmulatorProcess } from './support/dts-fixture.js';

const attempts = new Map<string, number>();
function countAttempt(key: string): number {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  return n;
}

const timerOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext, seconds: number) {
  const before = ctx.currentUtcDateTime.getTime();
  yield ctx.createTimer(seconds);
  return ctx.currentUtcDateTime.getTime() - before;
};

const approvalOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext) {
  ctx.setCustomStatus('waiting for approval');
  const approval: unknown = yield ctx.waitForExternalEvent('approval');
  return { approved: approval };
};

const raceOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const event = ctx.waitForExternalEvent('approval');
  const timeout = ctx.createTimer(1);
  const winner: unknown = yield whenAny([event, timeout]);
  return winner === event ? 'approved' : 'timed out';
};

const childOrchestration: TOrchestrator = async (ctx: OrchestrationContext, name: string) => {
  return { greeting: `child says hi to ${name}`, parent: ctx.parent?.instanceId ?? null };
};

const parentOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const result: unknown = yield ctx.callSubOrchestrator('child', 'parent');
  return result;
};

const flakyActivity = async (_ctx: ActivityContext, key: string): Promise<string> => {
  const n = countAttempt(key);
  if (n < 3) throw new Error(`attempt ${n} failed`);
  return `succeeded on attempt ${n}`;
};

const retryActivityOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext, key: string) {
  const retry = new RetryPolicy({ maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 100 });
  const result: unknown = yield ctx.callActivity('flaky', key, { retry });
  return result;
};

const flakyChild: TOrchestrator = async (ctx: OrchestrationContext, key: string) => {
  const n = countAttempt(`${key}:${ctx.instanceId}`);
  if (n < 2) throw new Error(`child attempt ${n} failed`);
  return `child succeeded on attempt ${n}`;
};

const retryChildOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext, key: string) {
  const retry = new RetryPolicy({ maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 100 });
  const result: unknown = yield ctx.callSubOrchestrator('flaky_child', key, { retry, instanceId: `${ctx.instanceId}-child` });
  return result;
};

const counterOrchestration: TOrchestrator = async (ctx: OrchestrationContext, n: number) => {
  if (n < 3) {
    ctx.continueAsNew(n + 1, false);
    return undefined;
  }
  return n;
};

const carryOverOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext, generation: number) {
  if (generation === 0) {
    yield ctx.waitForExternalEvent('first');
    ctx.continueAsNew(1, true);
    return undefined;
  }
  const second: unknown = yield ctx.waitForExternalEvent('second');
  return { generation, second };
};

const senderOrchestration: TOrchestrator = async (ctx: OrchestrationContext, target: string) => {
  ctx.sendEvent(target, 'ping', { from: ctx.instanceId });
  return 'sent';
};

const receiverOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const result: unknown = yield ctx.waitForExternalEvent('ping');
  return result;
};

const versionOrchestration: TOrchestrator = async (ctx: OrchestrationContext) => {
  return ctx.version;
};

const failingOrchestration: TOrchestrator = async () => {
  throw new Error('the orchestration broke on purpose');
};

describe('orchestration features through the emulator process', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;

  beforeAll(async () => {
    ({ emulator, client, worker } = await startConnected((worker) => {
      worker.addNamedOrchestrator('timer', timerOrchestration);
      worker.addNamedOrchestrator('approval', approvalOrchestration);
      worker.addNamedOrchestrator('race', raceOrchestration);
      worker.addNamedOrchestrator('child', childOrchestration);
      worker.addNamedOrchestrator('parent', parentOrchestration);
      worker.addNamedOrchestrator('retry_activity', retryActivityOrchestration);
      worker.addNamedOrchestrator('flaky_child', flakyChild);
      worker.addNamedOrchestrator('retry_child', retryChildOrchestration);
      worker.addNamedOrchestrator('counter', counterOrchestration);
      worker.addNamedOrchestrator('carry_over', carryOverOrchestration);
      worker.addNamedOrchestrator('sender', senderOrchestration);
      worker.addNamedOrchestrator('receiver', receiverOrchestration);
      worker.addNamedOrchestrator('versioned', versionOrchestration);
      worker.addNamedOrchestrator('failing', failingOrchestration);
      worker.addNamedActivity('flaky', flakyActivity);
    }));
  });

  afterAll(() => stopConnected({ worker, client, emulator }));

  it('fires a timer at its time, never early', async () => {
    const id = await client.scheduleNewOrchestration('timer', 1);
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(Number(state!.serializedOutput)).toBeGreaterThanOrEqual(1000);
    expect(state!.lastUpdatedAt.getTime() - state!.createdAt.getTime()).toBeGreaterThanOrEqual(1000);
    const history = await client.getOrchestrationHistory(id);
    const created = history.find((e) => e.type === 'TimerCreated') as unknown as { eventId: number; fireAt: Date };
    const firedAt = history.findIndex((e) => e.type === 'TimerFired');
    const fired = history[firedAt] as unknown as { timerId: number };
    expect(fired.timerId).toBe(created.eventId);
    // The batch that delivers TimerFired starts no earlier than fireAt (it drives ctx.currentUtcDateTime).
    expect(history[firedAt - 1]!.type).toBe('OrchestratorStarted');
    expect(history[firedAt - 1]!.timestamp.getTime()).toBeGreaterThanOrEqual(created.fireAt.getTime());
  });

  it('delivers an external event, and shows the custom status while waiting', async () => {
    const id = await client.scheduleNewOrchestration('approval');
    const waiting = await waitFor(async () => {
      const s = await client.getOrchestrationState(id);
      return s?.serializedCustomStatus === JSON.stringify('waiting for approval') ? s : undefined;
    });
    expect(waiting.runtimeStatus).toBe(OrchestrationStatus.RUNNING);
    await client.raiseOrchestrationEvent(id, 'approval', { by: 'alice' });
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ approved: { by: 'alice' } });
  });

  it('buffers an event raised before the orchestration waits for it', async () => {
    const id = await client.scheduleNewOrchestration('approval');
    await client.raiseOrchestrationEvent(id, 'approval', 'early');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ approved: 'early' });
  });

  it('lets a timer win the race against an event that never comes', async () => {
    const id = await client.scheduleNewOrchestration('race');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toBe('timed out');
  });

  it('runs a sub-orchestration with a DTS-style child id and the parent recorded', async () => {
    const id = await client.scheduleNewOrchestration('parent');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ greeting: 'child says hi to parent', parent: id });
    const history = await client.getOrchestrationHistory(id);
    const created = history.find((e) => e.type === 'SubOrchestrationInstanceCreated') as unknown as {
      eventId: number;
      instanceId: string;
    };
    expect(created.instanceId).toMatch(/^[0-9a-f]{32}:[0-9a-f]{4}$/);
    const completed = history.find((e) => e.type === 'SubOrchestrationInstanceCompleted') as unknown as {
      taskScheduledId: number;
    };
    expect(completed.taskScheduledId).toBe(created.eventId);
    const child = await client.getOrchestrationState(created.instanceId);
    expect(child?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
  });

  it('retries a failing activity until it succeeds', async () => {
    const id = await client.scheduleNewOrchestration('retry_activity', 'activity-retry');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toBe('succeeded on attempt 3');
    expect(attempts.get('activity-retry')).toBe(3);
  });

  it('retries a failing sub-orchestration under the same child id, replacing the failed child', async () => {
    const id = await client.scheduleNewOrchestration('retry_child', 'child-retry');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toBe('child succeeded on attempt 2');
    expect(attempts.get(`child-retry:${id}-child`)).toBe(2);
    const child = await client.getOrchestrationState(`${id}-child`);
    expect(child?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
  });

  it('continues as new with a fresh execution and only the last generation in history', async () => {
    const id = await client.scheduleNewOrchestration('counter', 0);
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toBe(3);
    expect(JSON.parse(state!.serializedInput!)).toBe(3);
    const history = await client.getOrchestrationHistory(id);
    expect(history.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
  });

  it('carries unconsumed events over a continue-as-new when asked to', async () => {
    const id = await client.scheduleNewOrchestration('carry_over', 0);
    await client.waitForOrchestrationStart(id);
    await client.raiseOrchestrationEvent(id, 'second', 'kept');
    await client.raiseOrchestrationEvent(id, 'first', 'go');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ generation: 1, second: 'kept' });
  });

  it('delivers sendEvent to the target instance as an external event', async () => {
    const receiver = await client.scheduleNewOrchestration('receiver');
    await client.waitForOrchestrationStart(receiver);
    const sender = await client.scheduleNewOrchestration('sender', receiver);
    const state = await client.waitForOrchestrationCompletion(receiver, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ from: sender });
    const history = await client.getOrchestrationHistory(receiver);
    expect(history.map((e) => e.type)).toContain('EventRaised');
    expect(history.map((e) => e.type)).not.toContain('EventSent');
  });

  it('passes version and tags through', async () => {
    const id = await client.scheduleNewOrchestration('versioned', undefined, { version: '1.0.0', tags: { team: 'emulator' } });
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toBe('1.0.0');
    expect(state?.tags).toEqual({ team: 'emulator' });
    const unversioned = await client.scheduleNewOrchestration('versioned');
    const plain = await client.waitForOrchestrationCompletion(unversioned, true, 20);
    expect(JSON.parse(plain!.serializedOutput!)).toBe('');
  });

  it('reports failure details only for a failed orchestration', async () => {
    const id = await client.scheduleNewOrchestration('failing');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
    expect(state?.failureDetails?.message).toContain('the orchestration broke on purpose');
    const ok = await client.scheduleNewOrchestration('versioned');
    expect((await client.waitForOrchestrationCompletion(ok, true, 20))?.failureDetails).toBeUndefined();
  });

  it('fails an orchestration whose name no worker registered, saying so', async () => {
    const id = await client.scheduleNewOrchestration('nobody_registered_this');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
    expect(state?.failureDetails?.message).toContain('nobody_registered_this');
  });

  it('starts a scheduled orchestration at its start time, not before', async () => {
    const startAt = new Date(Date.now() + 1500);
    const id = await client.scheduleNewOrchestration('versioned', undefined, { startAt });
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe(OrchestrationStatus.PENDING);
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(state!.lastUpdatedAt.getTime()).toBeGreaterThanOrEqual(startAt.getTime());
  });
});
