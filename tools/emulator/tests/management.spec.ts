import {
  OrchestrationStatus,
  PurgeInstanceCriteria,
  terminateOptions,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
  type TOrchestrator,
} from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { startConnected, stopConnected, type EmulatorProcess } from './support/dts-fixture.js';

const failuresLeft = new Map<string, number>();

const waitForever: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const result: unknown = yield ctx.waitForExternalEvent('never');
  return result;
};

const parentOfWaiter: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const result: unknown = yield ctx.callSubOrchestrator('wait_forever', undefined, { instanceId: `${ctx.instanceId}-child` });
  return result;
};

const stepCounter: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const a: unknown = yield ctx.waitForExternalEvent('step');
  const b: unknown = yield ctx.waitForExternalEvent('step');
  return [a, b];
};

const quick: TOrchestrator = async (_ctx: OrchestrationContext, input: unknown) => input ?? 'done';

const parentOfQuick: TOrchestrator = async function* (ctx: OrchestrationContext) {
  const result: unknown = yield ctx.callSubOrchestrator('quick', 'from parent', { instanceId: `${ctx.instanceId}-child` });
  return result;
};

const failsOnce = async (_ctx: ActivityContext, key: string): Promise<string> => {
  const left = failuresLeft.get(key) ?? 1;
  failuresLeft.set(key, left - 1);
  if (left > 0) throw new Error(`activity failed for ${key}`);
  return `recovered ${key}`;
};

const rewindable: TOrchestrator = async function* (ctx: OrchestrationContext, key: string) {
  const first: unknown = yield ctx.callActivity('echo', 'before');
  const second: unknown = yield ctx.callActivity('fails_once', key);
  return [first, second];
};

const echo = async (_ctx: ActivityContext, value: unknown): Promise<unknown> => value;

const rewindableParent: TOrchestrator = async function* (ctx: OrchestrationContext, key: string) {
  const fromChild: unknown = yield ctx.callSubOrchestrator('rewindable', key, { instanceId: `${ctx.instanceId}-child` });
  return { fromChild };
};

describe('management operations through the emulator process', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;

  beforeAll(async () => {
    ({ emulator, client, worker } = await startConnected((worker) => {
      worker.addNamedOrchestrator('wait_forever', waitForever);
      worker.addNamedOrchestrator('parent_of_waiter', parentOfWaiter);
      worker.addNamedOrchestrator('step_counter', stepCounter);
      worker.addNamedOrchestrator('quick', quick);
      worker.addNamedOrchestrator('parent_of_quick', parentOfQuick);
      worker.addNamedOrchestrator('rewindable', rewindable);
      worker.addNamedOrchestrator('rewindable_parent', rewindableParent);
      worker.addNamedActivity('fails_once', failsOnce);
      worker.addNamedActivity('echo', echo);
    }));
  });

  afterAll(() => stopConnected({ worker, client, emulator }));

  it('terminates a running instance with the reason as its output', async () => {
    const id = await client.scheduleNewOrchestration('wait_forever');
    await client.waitForOrchestrationStart(id);
    await client.terminateOrchestration(id, 'stopped by test');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.TERMINATED);
    expect(state?.serializedOutput).toBe(JSON.stringify('stopped by test'));
    expect(state?.failureDetails).toBeUndefined();
  });

  it('terminates the children too when asked to terminate recursively', async () => {
    const id = await client.scheduleNewOrchestration('parent_of_waiter');
    const childId = `${id}-child`;
    await waitFor(async () => (await client.getOrchestrationState(childId))?.runtimeStatus === OrchestrationStatus.RUNNING);
    await client.terminateOrchestration(id, terminateOptions({ output: 'all of it', recursive: true }));
    const parent = await client.waitForOrchestrationCompletion(id, true, 20);
    const child = await client.waitForOrchestrationCompletion(childId, true, 20);
    expect(parent?.runtimeStatus).toBe(OrchestrationStatus.TERMINATED);
    expect(child?.runtimeStatus).toBe(OrchestrationStatus.TERMINATED);
  });

  it('leaves the children running after a non-recursive terminate', async () => {
    const id = await client.scheduleNewOrchestration('parent_of_waiter');
    const childId = `${id}-child`;
    await waitFor(async () => (await client.getOrchestrationState(childId))?.runtimeStatus === OrchestrationStatus.RUNNING);
    await client.terminateOrchestration(id, 'parent only');
    await client.waitForOrchestrationCompletion(id, true, 20);
    expect((await client.getOrchestrationState(childId))?.runtimeStatus).toBe(OrchestrationStatus.RUNNING);
    await client.terminateOrchestration(childId, 'cleanup');
  });

  it('suspends at once, holds events while suspended, and resumes', async () => {
    const id = await client.scheduleNewOrchestration('step_counter');
    await client.waitForOrchestrationStart(id);
    await client.suspendOrchestration(id);
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe(OrchestrationStatus.SUSPENDED);
    await client.raiseOrchestrationEvent(id, 'step', 1);
    await client.raiseOrchestrationEvent(id, 'step', 2);
    await new Promise((r) => setTimeout(r, 500));
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe(OrchestrationStatus.SUSPENDED);
    await client.resumeOrchestration(id);
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toEqual([1, 2]);
  });

  it('purges a finished instance, and refuses running or unknown ones with a zero count', async () => {
    const done = await client.scheduleNewOrchestration('quick');
    await client.waitForOrchestrationCompletion(done, true, 20);
    const running = await client.scheduleNewOrchestration('wait_forever');
    await client.waitForOrchestrationStart(running);
    expect((await client.purgeOrchestration(done))?.deletedInstanceCount).toBe(1);
    expect(await client.getOrchestrationState(done)).toBeUndefined();
    expect((await client.purgeOrchestration(running))?.deletedInstanceCount).toBe(0);
    expect((await client.purgeOrchestration('no-such-instance'))?.deletedInstanceCount).toBe(0);
    await client.terminateOrchestration(running, 'cleanup');
  });

  it('purges sub-orchestrations with their parent only when recursive', async () => {
    const flat = await client.scheduleNewOrchestration('parent_of_quick');
    await client.waitForOrchestrationCompletion(flat, true, 20);
    expect((await client.purgeOrchestration(flat))?.deletedInstanceCount).toBe(1);
    expect(await client.getOrchestrationState(`${flat}-child`)).toBeDefined();

    const deep = await client.scheduleNewOrchestration('parent_of_quick');
    await client.waitForOrchestrationCompletion(deep, true, 20);
    expect((await client.purgeOrchestration(deep, { recursive: true }))?.deletedInstanceCount).toBe(2);
    expect(await client.getOrchestrationState(`${deep}-child`)).toBeUndefined();
  });

  it('purges by filter: only finished instances in the created-time range', async () => {
    const from = new Date();
    const ids = await Promise.all([1, 2, 3].map((n) => client.scheduleNewOrchestration('quick', n)));
    for (const id of ids) await client.waitForOrchestrationCompletion(id, true, 20);
    const running = await client.scheduleNewOrchestration('wait_forever');
    await client.waitForOrchestrationStart(running);
    const criteria = new PurgeInstanceCriteria();
    criteria.setCreatedTimeFrom(from);
    criteria.setCreatedTimeTo(new Date());
    criteria.setRuntimeStatusList([OrchestrationStatus.COMPLETED, OrchestrationStatus.RUNNING]);
    const result = await client.purgeOrchestration(criteria);
    expect(result?.deletedInstanceCount).toBe(3);
    for (const id of ids) expect(await client.getOrchestrationState(id)).toBeUndefined();
    expect(await client.getOrchestrationState(running)).toBeDefined();
    await client.terminateOrchestration(running, 'cleanup');
  });

  it('pages through a query by prefix and status, with inputs only when asked', async () => {
    const prefix = `page-${Date.now()}-`;
    for (let i = 0; i < 5; i++) {
      await client.scheduleNewOrchestration('quick', i, `${prefix}${i}`);
    }
    for (let i = 0; i < 5; i++) await client.waitForOrchestrationCompletion(`${prefix}${i}`, true, 20);
    const pages: string[][] = [];
    for await (const page of client
      .getAllInstances({ instanceIdPrefix: prefix, pageSize: 2, statuses: [OrchestrationStatus.COMPLETED] })
      .asPages()) {
      pages.push(page.values.map((s) => s.instanceId));
      expect(page.values.every((s) => s.serializedInput === undefined)).toBe(true);
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}${i}`));
    const withInputs: unknown[] = [];
    for await (const s of client.getAllInstances({ instanceIdPrefix: prefix, fetchInputsAndOutputs: true })) {
      withInputs.push(JSON.parse(s.serializedInput!));
    }
    expect(withInputs.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('matches an instance id prefix case-sensitively, as DTS does', async () => {
    const prefix = `Case-${Date.now()}-`;
    await client.scheduleNewOrchestration('quick', 1, `${prefix}upper`);
    await client.waitForOrchestrationCompletion(`${prefix}upper`, false, 20);
    const ids = async (p: string): Promise<string[]> => {
      const found: string[] = [];
      for await (const s of client.getAllInstances({ instanceIdPrefix: p })) found.push(s.instanceId);
      return found;
    };
    expect(await ids(prefix)).toEqual([`${prefix}upper`]);
    expect(await ids(prefix.toLowerCase())).toEqual([]);
  });

  it('lists finished instance ids newest first, page by page', async () => {
    const from = new Date();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await client.scheduleNewOrchestration('quick', i);
      await client.waitForOrchestrationCompletion(id, true, 20);
      ids.push(id);
    }
    const first = await client.listInstanceIds({ completedTimeFrom: from, pageSize: 2 });
    expect(first.values).toEqual([ids[2], ids[1]]);
    const second = await client.listInstanceIds({ completedTimeFrom: from, pageSize: 2, lastInstanceKey: first.continuationToken });
    expect(second.values).toEqual([ids[0]]);
  });

  it('restarts a finished instance under the same id, synchronously back to pending', async () => {
    const id = await client.scheduleNewOrchestration('quick', 'again');
    await client.waitForOrchestrationCompletion(id, true, 20);
    const before = await client.getOrchestrationHistory(id);
    const restarted = await client.restartOrchestration(id);
    expect(restarted).toBe(id);
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toBe('again');
    const after = await client.getOrchestrationHistory(id);
    const execId = (h: typeof before) =>
      (h.find((e) => e.type === 'ExecutionStarted') as unknown as { orchestrationInstance: { executionId: string } })
        .orchestrationInstance.executionId;
    expect(execId(after)).toMatch(/^[0-9a-f]{32}$/);
    expect(execId(after)).not.toBe(execId(before));
  });

  it('restarts under a new id even while the original runs, and refuses a same-id restart of a running one', async () => {
    const id = await client.scheduleNewOrchestration('wait_forever');
    await client.waitForOrchestrationStart(id);
    await expect(client.restartOrchestration(id)).rejects.toThrow();
    const newId = await client.restartOrchestration(id, true);
    expect(newId).not.toBe(id);
    await client.waitForOrchestrationStart(newId);
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe(OrchestrationStatus.RUNNING);
    await expect(client.restartOrchestration('no-such-instance')).rejects.toThrow();
    await client.terminateOrchestration(id, 'cleanup');
    await client.terminateOrchestration(newId, 'cleanup');
  });

  it('rewinds a failed instance so it completes, and refuses to rewind one that is not failed', async () => {
    const id = await client.scheduleNewOrchestration('rewindable', 'rewind-key');
    const failed = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(failed?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
    await client.rewindInstance(id, 'try again');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toEqual(['before', 'recovered rewind-key']);
    expect(state?.failureDetails).toBeUndefined();
    await expect(client.rewindInstance(id, 'again')).rejects.toThrow(/not allow|precondition/i);
    await expect(client.rewindInstance('no-such-instance', 'x')).rejects.toThrow();
  });

  it('rewinds a parent together with its failed sub-orchestration', async () => {
    const id = await client.scheduleNewOrchestration('rewindable_parent', 'rewind-child-key');
    const failed = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(failed?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
    expect((await client.getOrchestrationState(`${id}-child`))?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
    await client.rewindInstance(id, 'child can succeed now');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toEqual({ fromChild: ['before', 'recovered rewind-child-key'] });
    expect((await client.getOrchestrationState(`${id}-child`))?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
  });

  it('answers waits and reads for an unknown instance with undefined', async () => {
    expect(await client.getOrchestrationState('nope')).toBeUndefined();
    expect(await client.waitForOrchestrationStart('nope', false, 5)).toBeUndefined();
    expect(await client.waitForOrchestrationCompletion('nope', false, 5)).toBeUndefined();
    expect(await client.getOrchestrationHistory('nope')).toEqual([]);
  });

  it('rejects a duplicate start of a running instance with ALREADY_EXISTS, and replaces a finished one', async () => {
    const id = `dup-${Date.now()}`;
    await client.scheduleNewOrchestration('wait_forever', undefined, id);
    await expect(client.scheduleNewOrchestration('wait_forever', undefined, id)).rejects.toThrow(/already exists/);
    await client.terminateOrchestration(id, 'done');
    await client.waitForOrchestrationCompletion(id, true, 20);
    await client.scheduleNewOrchestration('quick', 'second life', id);
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toBe('second life');
  });
});
