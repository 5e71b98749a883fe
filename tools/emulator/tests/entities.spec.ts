import {
  EntityInstanceId,
  OrchestrationStatus,
  TaskEntity,
  type LockHandle,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
  type TOrchestrator,
} from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { startConnected, stopConnected, type EmulatorProcess } from './support/dts-fixture.js';

class Counter extends TaskEntity<number> {
  add(amount: number): number {
    this.state += amount;
    return this.state;
  }

  get(): number {
    return this.state;
  }

  protected override initializeState(): number {
    return 0;
  }
}

/** An entity that fans work out: it signals a counter and starts an orchestration. */
class Dispatcher extends TaskEntity<number> {
  fanOut(n: number): string {
    const key = `from-entity-${n}`;
    this.context!.signalEntity(new EntityInstanceId('counter', key), 'add', 5);
    this.state += 1;
    return this.context!.scheduleNewOrchestration('use_counter', `${key}-orch`, { instanceId: `started-by-${key}` });
  }

  protected override initializeState(): number {
    return 0;
  }
}

const useCounter: TOrchestrator = async function* (ctx: OrchestrationContext, key: string) {
  const id = new EntityInstanceId('counter', key);
  yield ctx.entities.callEntity(id, 'add', 3);
  ctx.entities.signalEntity(id, 'add', 4);
  const after: unknown = yield ctx.entities.callEntity(id, 'add', 10);
  return after;
};

const criticalSection: TOrchestrator = async function* (ctx: OrchestrationContext, keys: string[]) {
  const ids = keys.map((k) => new EntityInstanceId('counter', k));
  const lock = (yield ctx.entities.lockEntities(...ids)) as LockHandle;
  const inside: unknown = yield ctx.entities.callEntity(ids[0]!, 'add', 1);
  yield ctx.waitForExternalEvent('release');
  lock.release();
  return inside;
};

describe('durable entities through the emulator process', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;

  beforeAll(async () => {
    ({ emulator, client, worker } = await startConnected((worker) => {
      worker.addNamedEntity('counter', () => new Counter());
      worker.addNamedEntity('dispatcher', () => new Dispatcher());
      worker.addNamedOrchestrator('use_counter', useCounter);
      worker.addNamedOrchestrator('critical_section', criticalSection);
    }));
  });

  afterAll(() => stopConnected({ worker, client, emulator }));

  const stateOf = async (key: string): Promise<number | undefined> =>
    (await client.getEntity<number>(new EntityInstanceId('counter', key)))?.state;

  it('applies client signals in order and reports the state', async () => {
    const id = new EntityInstanceId('counter', 'signals');
    await client.signalEntity(id, 'add', 2);
    await client.signalEntity(id, 'add', 3);
    expect(await waitFor(async () => ((await stateOf('signals')) === 5 ? 5 : undefined))).toBe(5);
    const meta = await client.getEntity(id);
    expect(meta?.id.toString()).toBe('@counter@signals');
    expect(meta?.lockedBy).toBeUndefined();
  });

  it('holds a scheduled signal until its time', async () => {
    const id = new EntityInstanceId('counter', 'scheduled');
    const at = new Date(Date.now() + 1200);
    await client.signalEntity(id, 'add', 1, { signalTime: at });
    await new Promise((r) => setTimeout(r, 400));
    expect(await stateOf('scheduled')).toBeUndefined();
    await waitFor(async () => (await stateOf('scheduled')) === 1, { timeoutMs: 10_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
  });

  it('answers entity calls from an orchestration and applies its signals', async () => {
    const id = await client.scheduleNewOrchestration('use_counter', 'calls');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toBe(17);
    expect(await stateOf('calls')).toBe(17);
  });

  it('locks entities for a critical section, shows the holder, and queues others until release', async () => {
    const first = await client.scheduleNewOrchestration('critical_section', ['lock-a', 'lock-b']);
    await waitFor(async () => (await client.getEntity(new EntityInstanceId('counter', 'lock-a')))?.lockedBy === first);
    expect((await client.getEntity(new EntityInstanceId('counter', 'lock-b')))?.lockedBy).toBe(first);

    // A client signal must wait while the lock is held.
    await client.signalEntity(new EntityInstanceId('counter', 'lock-a'), 'add', 100);
    const second = await client.scheduleNewOrchestration('critical_section', ['lock-a']);
    await new Promise((r) => setTimeout(r, 500));
    expect(await stateOf('lock-a')).toBe(1);
    expect((await client.getEntity(new EntityInstanceId('counter', 'lock-a')))?.lockedBy).toBe(first);

    await client.raiseOrchestrationEvent(first, 'release');
    expect(JSON.parse((await client.waitForOrchestrationCompletion(first, true, 20))!.serializedOutput!)).toBe(1);
    await waitFor(async () => (await client.getEntity(new EntityInstanceId('counter', 'lock-a')))?.lockedBy === second);
    await client.raiseOrchestrationEvent(second, 'release');
    await client.waitForOrchestrationCompletion(second, true, 20);
    await waitFor(async () => (await stateOf('lock-a')) === 102);
    expect((await client.getEntity(new EntityInstanceId('counter', 'lock-a')))?.lockedBy).toBeUndefined();
  });

  it('queries entities by name and key prefix, page by page', async () => {
    for (const key of ['q-1', 'q-2', 'q-3']) await client.signalEntity(new EntityInstanceId('counter', key), 'add', 1);
    await waitFor(async () => (await stateOf('q-3')) === 1 && (await stateOf('q-1')) === 1 && (await stateOf('q-2')) === 1);
    const pages: string[][] = [];
    for await (const page of client.getEntities({ instanceIdStartsWith: '@counter@q-', pageSize: 2, includeState: true }).asPages()) {
      pages.push(page.values.map((e) => e.id.toString()));
    }
    expect(pages).toEqual([['@counter@q-1', '@counter@q-2'], ['@counter@q-3']]);
  });

  it('deletes an entity whose state is removed, and cleans storage', async () => {
    const id = new EntityInstanceId('counter', 'deleted');
    await client.signalEntity(id, 'add', 1);
    await waitFor(async () => (await stateOf('deleted')) === 1);
    await client.signalEntity(id, 'delete');
    await waitFor(async () => (await client.getEntity(id)) === undefined);
    const result = await client.cleanEntityStorage();
    expect(result.orphanedLocksReleased).toBe(0);
    expect(await client.getEntity(id)).toBeUndefined();
  });

  it('delivers signals sent by an entity and starts the orchestrations it schedules', async () => {
    await client.signalEntity(new EntityInstanceId('dispatcher', 'd1'), 'fanOut', 7);
    await waitFor(async () => (await stateOf('from-entity-7')) === 5);
    const state = await waitFor(async () => {
      const s = await client.getOrchestrationState('started-by-from-entity-7');
      return s?.runtimeStatus === OrchestrationStatus.COMPLETED ? s : undefined;
    });
    expect(JSON.parse(state.serializedOutput!)).toBe(17);
  });

  it('refuses an entity id that is not @name@key', async () => {
    await expect(client.signalEntity(EntityInstanceId.fromString('@counter@ok'), 'add', 1)).resolves.toBeUndefined();
    await expect(client.signalEntity({ toString: () => 'plain-id' } as unknown as EntityInstanceId, 'add', 1)).rejects.toThrow(
      /@<name>@<key>/,
    );
  });
});
