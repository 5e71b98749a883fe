// Workers that answer garbage, answer twice, answer with a stale token, or never answer. The emulator
// refuses what it cannot read, applies a work item's first answer only, and hands held work to another
// worker once the holder goes away or the work item's timeout passes.
import * as grpc from '@grpc/grpc-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import wrappers from 'google-protobuf/google/protobuf/wrappers_pb.js';
import {
  OrchestrationStatus,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
} from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { newClient, newWorker, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { auditHistory } from './support/history-audit.js';
import { RawWorker, rawClient, rawUnary, type WorkItem } from './support/raw-grpc.js';

function sv(value: string): InstanceType<typeof wrappers.StringValue> {
  const v = new wrappers.StringValue();
  v.setValue(value);
  return v;
}

function scheduleWork(item: WorkItem, input: string): InstanceType<typeof pb.OrchestratorResponse> {
  const res = new pb.OrchestratorResponse();
  res.setInstanceid(item.getOrchestratorrequest()!.getInstanceid());
  res.setCompletiontoken(item.getCompletiontoken());
  const task = new pb.ScheduleTaskAction();
  task.setName('work');
  task.setInput(sv(JSON.stringify(input)));
  const action = new pb.OrchestratorAction();
  action.setId(0);
  action.setScheduletask(task);
  res.addActions(action);
  return res;
}

function completeWith(item: WorkItem, result: string): InstanceType<typeof pb.OrchestratorResponse> {
  const res = new pb.OrchestratorResponse();
  res.setInstanceid(item.getOrchestratorrequest()!.getInstanceid());
  res.setCompletiontoken(item.getCompletiontoken());
  const complete = new pb.CompleteOrchestrationAction();
  complete.setOrchestrationstatus(pb.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
  complete.setResult(sv(result));
  const action = new pb.OrchestratorAction();
  action.setId(1);
  action.setCompleteorchestration(complete);
  res.addActions(action);
  return res;
}

function activityResult(item: WorkItem, result: string, token = item.getCompletiontoken()): InstanceType<typeof pb.ActivityResponse> {
  const req = item.getActivityrequest()!;
  const res = new pb.ActivityResponse();
  res.setInstanceid(req.getOrchestrationinstance()!.getInstanceid());
  res.setTaskid(req.getTaskid());
  res.setResult(sv(result));
  res.setCompletiontoken(token);
  return res;
}

async function* single(ctx: OrchestrationContext, input: string): AsyncGenerator<unknown, unknown, unknown> {
  return yield ctx.callActivity('work', input);
}

describe('a misbehaving worker', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let sdkWorker: TaskHubGrpcWorker | undefined;
  let raw: RawWorker | undefined;

  const startSdkWorker = async (): Promise<void> => {
    sdkWorker = newWorker(emulator);
    sdkWorker.addNamedOrchestrator('single', single);
    sdkWorker.addNamedActivity('work', async (_ctx: ActivityContext, input: string) => `done ${input}`);
    await sdkWorker.start();
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    client = newClient(emulator);
  });

  afterEach(async () => {
    raw?.close();
    raw = undefined;
    await sdkWorker?.stop();
    sdkWorker = undefined;
  });

  afterAll(async () => {
    await client?.stop();
    await emulator?.stop();
  });

  it('refuses an unreadable or truncated completion, changes nothing, and hands the work on when the worker leaves', async () => {
    raw = new RawWorker(emulator.hostAddress, 'garbage-worker');
    const id = await client.scheduleNewOrchestration('single', 'Tokyo', 'garbage-1');
    const item = await raw.next();
    expect(item.getOrchestratorrequest()?.getInstanceid()).toBe(id);

    const bytes = rawClient(emulator.hostAddress);
    // A length-delimited field that claims 2^28 bytes, then the valid answer cut in half.
    const unreadable = await rawUnary(bytes, 'CompleteOrchestratorTask', Uint8Array.from([0x12, 0x80, 0x80, 0x80, 0x80, 0x01, 0x01]));
    const valid = completeWith(item, '"forged"').serializeBinary();
    const truncated = await rawUnary(bytes, 'CompleteOrchestratorTask', valid.slice(0, Math.floor(valid.length / 2)));
    bytes.close();
    for (const outcome of [unreadable, truncated]) {
      expect([grpc.status.INVALID_ARGUMENT, grpc.status.INTERNAL]).toContain(outcome.code);
    }
    const state = await client.getOrchestrationState(id);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.PENDING);
    expect(await client.getOrchestrationHistory(id)).toEqual([]);

    // The garbage worker goes away without answering; a healthy worker gets the work item.
    raw.close();
    raw = undefined;
    await startSdkWorker();
    const done = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(done?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(done!.serializedOutput!)).toBe('done Tokyo');
  });

  it('applies only the first of two answers to the same orchestration and activity work items', async () => {
    raw = new RawWorker(emulator.hostAddress, 'duplicating-worker');
    const id = await client.scheduleNewOrchestration('single', 'Seattle', 'duplicate-1');
    const first = await raw.next();
    expect(await raw.complete('completeOrchestratorTask', scheduleWork(first, 'Seattle'))).toBeNull();
    // The same token again, now claiming the orchestration completed: must not be applied.
    const again = await raw.complete('completeOrchestratorTask', completeWith(first, '"forged"'));
    expect(again === null || again.code !== grpc.status.OK).toBe(true);

    const activity = await raw.next();
    expect(activity.getActivityrequest()?.getName()).toBe('work');
    expect(await raw.complete('completeActivityTask', activityResult(activity, '"first answer"'))).toBeNull();
    await raw.complete('completeActivityTask', activityResult(activity, '"second answer"'));

    const replay = await raw.next();
    const newEvents = replay.getOrchestratorrequest()!.getNeweventsList();
    expect(newEvents.filter((e) => e.hasTaskcompleted()).map((e) => e.getTaskcompleted()!.getResult()?.getValue())).toEqual([
      '"first answer"',
    ]);
    expect(await raw.complete('completeOrchestratorTask', completeWith(replay, '"finished"'))).toBeNull();
    const state = await client.waitForOrchestrationCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe('"finished"');
    const history = await client.getOrchestrationHistory(id);
    expect(auditHistory(id, history).problems).toEqual([]);
    expect(history.filter((e) => e.type === 'TaskCompleted')).toHaveLength(1);
    expect(history.filter((e) => e.type === 'ExecutionCompleted')).toHaveLength(1);
    // Nothing else is dispatched for a finished instance.
    expect(await raw.receivesWithin(700)).toBe(false);
  });

  it('ignores an orchestration answer with a token it took back (abandoned), and applies the new one', async () => {
    raw = new RawWorker(emulator.hostAddress, 'abandoning-worker');
    const id = await client.scheduleNewOrchestration('single', 'London', 'stale-1');
    const first = await raw.next();
    const abandon = new pb.AbandonOrchestrationTaskRequest();
    abandon.setCompletiontoken(first.getCompletiontoken());
    await new Promise<void>((resolve, reject) =>
      raw!.client.abandonTaskOrchestratorWorkItem(abandon, (err) => (err ? reject(err) : resolve())),
    );
    const second = await raw.next();
    expect(second.getCompletiontoken()).not.toBe(first.getCompletiontoken());
    // The stale token's answer is dropped ...
    await raw.complete('completeOrchestratorTask', completeWith(first, '"stale"'));
    expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe(OrchestrationStatus.PENDING);
    // ... and the current one is applied.
    expect(await raw.complete('completeOrchestratorTask', completeWith(second, '"current"'))).toBeNull();
    const state = await client.waitForOrchestrationCompletion(id, true, 10);
    expect(state?.serializedOutput).toBe('"current"');
  });

  it('records one result when a worker that lost an activity answers late and its successor answers too', async () => {
    const holder = new RawWorker(emulator.hostAddress, 'late-worker');
    raw = holder;
    const id = await client.scheduleNewOrchestration('single', 'Paris', 'late-1');
    await holder.complete('completeOrchestratorTask', scheduleWork(await holder.next(), 'Paris'));
    const held = await holder.next();
    expect(held.hasActivityrequest()).toBe(true);
    // The holder's stream drops; after the grace period the activity goes to the successor.
    const successor = new RawWorker(emulator.hostAddress, 'successor-worker');
    holder.close();
    const handedOn = await successor.next();
    expect(handedOn.getActivityrequest()?.getTaskid()).toBe(held.getActivityrequest()!.getTaskid());
    // Late answer from the old holder (on a new connection), then the successor's answer.
    const late = new RawWorker(emulator.hostAddress, 'late-worker-again');
    await late.complete('completeActivityTask', activityResult(held, '"late"'));
    await successor.complete('completeActivityTask', activityResult(handedOn, '"successor"'));
    late.close();
    raw = successor;
    const replay = await successor.next();
    const results = replay.getOrchestratorrequest()!.getNeweventsList().filter((e) => e.hasTaskcompleted());
    expect(results).toHaveLength(1);
    await successor.complete('completeOrchestratorTask', completeWith(replay, results[0]!.getTaskcompleted()!.getResult()!.getValue()));
    const state = await client.waitForOrchestrationCompletion(id, true, 10);
    expect(['"late"', '"successor"']).toContain(state?.serializedOutput);
    expect(auditHistory(id, await client.getOrchestrationHistory(id)).problems).toEqual([]);
  });

  it('hands held work on once the silent worker disconnects', async () => {
    raw = new RawWorker(emulator.hostAddress, 'silent-worker');
    const id = await client.scheduleNewOrchestration('single', 'Berlin', 'silent-1');
    await raw.next(); // held, never answered
    await startSdkWorker();
    raw.close();
    raw = undefined;
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(emulator.output()).toMatch(/worker left task hub 'default' .*silent-worker/);
  });

  it('still serves clients and workers after all of the above', async () => {
    await startSdkWorker();
    const id = await client.scheduleNewOrchestration('single', 'Oslo');
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(JSON.parse(state!.serializedOutput!)).toBe('done Oslo');
    await waitFor(() => emulator.output().includes('Emulator ready'));
  });
});

describe('work-item timeouts (a worker that stays connected but never answers)', () => {
  const ORCHESTRATION_TIMEOUT_MS = 1000;
  const ACTIVITY_TIMEOUT_MS = 2500;
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let sdkWorker: TaskHubGrpcWorker | undefined;
  const rawWorkers: RawWorker[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      env: {
        DTS_EMULATOR_ORCHESTRATION_WORK_ITEM_TIMEOUT_MS: String(ORCHESTRATION_TIMEOUT_MS),
        DTS_EMULATOR_ACTIVITY_WORK_ITEM_TIMEOUT_MS: String(ACTIVITY_TIMEOUT_MS),
      },
    });
    client = newClient(emulator);
  });

  afterEach(async () => {
    for (const w of rawWorkers.splice(0)) w.close();
    await sdkWorker?.stop();
    sdkWorker = undefined;
  });

  afterAll(async () => {
    await client?.stop();
    await emulator?.stop();
  });

  it('offers a held orchestration work item to another worker after its timeout, and ignores the late answer', async () => {
    const hung = new RawWorker(emulator.hostAddress, 'hung-worker');
    rawWorkers.push(hung);
    const id = await client.scheduleNewOrchestration('single', 'Rome', 'hung-1');
    const held = await hung.next(); // held; the stream stays open
    sdkWorker = newWorker(emulator);
    sdkWorker.addNamedOrchestrator('single', single);
    sdkWorker.addNamedActivity('work', async (_ctx: ActivityContext, input: string) => `done ${input}`);
    await sdkWorker.start();
    const state = await client.waitForOrchestrationCompletion(id, true, 20);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).toBe('done Rome');
    expect(emulator.output()).toMatch(
      new RegExp(`orchestration work item of 'hung-1' in task hub 'default' was not completed within ${ORCHESTRATION_TIMEOUT_MS} ms by worker hung-worker`),
    );
    // The hung worker wakes up and answers with the token it was given: too late, nothing changes.
    await hung.complete('completeOrchestratorTask', completeWith(held, '"late"'));
    expect((await client.getOrchestrationState(id))?.serializedOutput).toBe(state!.serializedOutput);
    const history = await client.getOrchestrationHistory(id);
    expect(auditHistory(id, history).problems).toEqual([]);
    expect(history.filter((e) => e.type === 'ExecutionCompleted')).toHaveLength(1);
  }, 30_000);

  it('gives an activity its own, longer timeout before offering it to another worker', async () => {
    const holder = new RawWorker(emulator.hostAddress, 'slow-activity-worker');
    rawWorkers.push(holder);
    const id = await client.scheduleNewOrchestration('single', 'Lima', 'slow-1');
    expect(await holder.complete('completeOrchestratorTask', scheduleWork(await holder.next(), 'Lima'))).toBeNull();
    const held = await holder.next();
    expect(held.hasActivityrequest()).toBe(true);
    const successor = new RawWorker(emulator.hostAddress, 'successor-worker');
    rawWorkers.push(successor);
    // Past the orchestration timeout the activity still belongs to its holder ...
    expect(await successor.receivesWithin(ORCHESTRATION_TIMEOUT_MS + 500)).toBe(false);
    // ... and once the activity timeout has passed it goes to the other worker, under a new token.
    const handedOn = await successor.next(15_000);
    expect(handedOn.getActivityrequest()?.getTaskid()).toBe(held.getActivityrequest()!.getTaskid());
    expect(handedOn.getCompletiontoken()).not.toBe(held.getCompletiontoken());
    expect(emulator.output()).toMatch(
      new RegExp(`activity 'work' \\(task 0\\) of 'slow-1' in task hub 'default' was not completed within ${ACTIVITY_TIMEOUT_MS} ms by worker slow-activity-worker`),
    );
    holder.close();
    expect(await successor.complete('completeActivityTask', activityResult(handedOn, '"from the successor"'))).toBeNull();
    const replay = await successor.next();
    const results = replay.getOrchestratorrequest()!.getNeweventsList().filter((e) => e.hasTaskcompleted());
    expect(results.map((e) => e.getTaskcompleted()!.getResult()?.getValue())).toEqual(['"from the successor"']);
    expect(await successor.complete('completeOrchestratorTask', completeWith(replay, '"finished"'))).toBeNull();
    expect((await client.waitForOrchestrationCompletion(id, true, 20))?.serializedOutput).toBe('"finished"');
  }, 30_000);
});
