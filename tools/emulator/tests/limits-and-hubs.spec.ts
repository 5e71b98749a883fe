import * as grpc from '@grpc/grpc-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import wrappers from 'google-protobuf/google/protobuf/wrappers_pb.js';
import { OrchestrationStatus, type OrchestrationContext, type TOrchestrator } from '@microsoft/durabletask-js';
import { newClient, newWorker, startEmulator, type EmulatorProcess } from './support/dts-fixture.js';
import { call, hubMetadata, rawSidecar, type RawSidecar } from './support/raw-sidecar.js';

function startRequest(instanceId: string, input?: string): InstanceType<typeof pb.CreateInstanceRequest> {
  const req = new pb.CreateInstanceRequest();
  req.setInstanceid(instanceId);
  req.setName('echo');
  if (input !== undefined) {
    const sv = new wrappers.StringValue();
    sv.setValue(input);
    req.setInput(sv);
  }
  return req;
}

const echo: TOrchestrator = async (ctx: OrchestrationContext, input: unknown) => ({ hub: input, instanceId: ctx.instanceId });

describe('DTS limits and task hubs', () => {
  let emulator: EmulatorProcess;
  let raw: RawSidecar;

  beforeAll(async () => {
    emulator = await startEmulator({ taskHubs: ['default', 'other'] });
    raw = rawSidecar(emulator.hostAddress);
  });

  afterAll(async () => {
    raw?.close();
    await emulator?.stop();
  });

  it('refuses an unknown task hub with NOT_FOUND and says how to add it', async () => {
    const { err } = await call(raw.getInstance.bind(raw), new pb.GetInstanceRequest(), hubMetadata('nope'));
    expect(err?.code).toBe(grpc.status.NOT_FOUND);
    expect(err?.details).toMatch(/^Task hub not found: nope\b/);
    expect(err?.details).toContain('DTS_TASK_HUB_NAMES');
  });

  it('treats a missing taskhub header as the default hub', async () => {
    const { res, err } = await call(raw.startInstance.bind(raw), startRequest('no-header'), new grpc.Metadata());
    expect(err).toBeUndefined();
    expect(res?.getInstanceid()).toBe('no-header');
    const client = newClient(emulator, 'default');
    expect((await client.getOrchestrationState('no-header'))?.name).toBe('echo');
    await client.stop();
  });

  it('keeps the data of different task hubs apart', async () => {
    const defaultClient = newClient(emulator, 'default');
    const otherClient = newClient(emulator, 'other');
    const worker = newWorker(emulator, 'other');
    worker.addNamedOrchestrator('echo', echo);
    await worker.start();
    try {
      await otherClient.scheduleNewOrchestration('echo', 'other', 'hub-isolation');
      const state = await otherClient.waitForOrchestrationCompletion('hub-isolation', true, 20);
      expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
      expect(await defaultClient.getOrchestrationState('hub-isolation')).toBeUndefined();
    } finally {
      await worker.stop();
      await defaultClient.stop();
      await otherClient.stop();
    }
  });

  it.each([
    ['an empty id', '', /must not be empty/],
    ['an id over 100 characters', 'x'.repeat(101), /101 characters long; the limit is 100/],
    ['a non-printable character', 'bad\u0001id', /only printable ASCII/],
    ['a non-ASCII character', 'caf\u00e9', /only printable ASCII/],
    ['a leading @ (reserved for entities)', '@counter@1', /reserved for entities/],
  ])('refuses to start an instance with %s (INVALID_ARGUMENT)', async (_what, id, message) => {
    const { err } = await call(raw.startInstance.bind(raw), startRequest(id));
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(message);
  });

  it('accepts an id of exactly 100 printable characters', async () => {
    const { err } = await call(raw.startInstance.bind(raw), startRequest('~'.repeat(100)));
    expect(err).toBeUndefined();
  });

  it('refuses payloads over 1 MB, naming the field', async () => {
    const big = JSON.stringify('x'.repeat(1024 * 1024));
    const start = await call(raw.startInstance.bind(raw), startRequest('too-big', big));
    expect(start.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(start.err?.details).toMatch(/orchestration input is 1048578 bytes; payloads are limited to 1048576 bytes/);

    await call(raw.startInstance.bind(raw), startRequest('small'));
    const raise = new pb.RaiseEventRequest();
    raise.setInstanceid('small');
    raise.setName('evt');
    const sv = new wrappers.StringValue();
    sv.setValue(big);
    raise.setInput(sv);
    const raised = await call(raw.raiseEvent.bind(raw), raise);
    expect(raised.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(raised.err?.details).toMatch(/event data is 1048578 bytes/);
  });

  it('fails an orchestration whose output or activity result is over 1 MB, saying which payload', async () => {
    const client = newClient(emulator, 'other');
    const worker = newWorker(emulator, 'other');
    const huge = 'x'.repeat(1024 * 1024);
    worker.addNamedOrchestrator('big_output', async () => huge);
    worker.addNamedActivity('big_result', async () => huge);
    worker.addNamedOrchestrator('big_activity', async function* (ctx: OrchestrationContext) {
      const result: unknown = yield ctx.callActivity('big_result');
      return result;
    });
    await worker.start();
    try {
      const output = await client.scheduleNewOrchestration('big_output');
      const outputState = await client.waitForOrchestrationCompletion(output, true, 20);
      expect(outputState?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
      expect(outputState?.failureDetails?.message).toMatch(/orchestration output is 1048578 bytes; payloads are limited to 1048576 bytes/);
      const activity = await client.scheduleNewOrchestration('big_activity');
      const activityState = await client.waitForOrchestrationCompletion(activity, true, 20);
      expect(activityState?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
      expect(activityState?.failureDetails?.message).toMatch(/output of activity 'big_result' is 1048578 bytes/);
    } finally {
      await worker.stop();
      await client.stop();
    }
  });

  it('terminates an instance by itself when no worker is connected', async () => {
    const client = newClient(emulator, 'default');
    try {
      const id = await client.scheduleNewOrchestration('nobody_runs_this');
      await client.terminateOrchestration(id, 'no worker needed');
      const state = await client.waitForOrchestrationCompletion(id, true, 10);
      expect(state?.runtimeStatus).toBe(OrchestrationStatus.TERMINATED);
      expect(state?.serializedOutput).toBe(JSON.stringify('no worker needed'));
      const history = await client.getOrchestrationHistory(id);
      expect(history.map((e) => e.type)).toEqual([
        'OrchestratorStarted',
        'ExecutionStarted',
        'ExecutionTerminated',
        'ExecutionCompleted',
      ]);
    } finally {
      await client.stop();
    }
  });

  it('follows the reuse policy: replaces only an instance whose status the caller listed', async () => {
    await call(raw.startInstance.bind(raw), startRequest('reused'));
    const refused = startRequest('reused');
    const onlyCompleted = new pb.OrchestrationIdReusePolicy();
    onlyCompleted.setReplaceablestatusList([pb.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED]);
    refused.setOrchestrationidreusepolicy(onlyCompleted);
    const first = await call(raw.startInstance.bind(raw), refused);
    expect(first.err?.code).toBe(grpc.status.ALREADY_EXISTS);
    expect(first.err?.details).toContain("'reused' already exists");

    const get = new pb.GetInstanceRequest();
    get.setInstanceid('reused');
    const before = (await call(raw.getInstance.bind(raw), get)).res?.getOrchestrationstate()?.getExecutionid()?.getValue();
    const replaced = startRequest('reused');
    const pending = new pb.OrchestrationIdReusePolicy();
    pending.setReplaceablestatusList([pb.OrchestrationStatus.ORCHESTRATION_STATUS_PENDING]);
    replaced.setOrchestrationidreusepolicy(pending);
    expect((await call(raw.startInstance.bind(raw), replaced)).err).toBeUndefined();
    const after = (await call(raw.getInstance.bind(raw), get)).res?.getOrchestrationstate()?.getExecutionid()?.getValue();
    expect(after).toMatch(/^[0-9a-f]{32}$/);
    expect(after).not.toBe(before);
  });

  it('answers RPCs it does not implement with UNIMPLEMENTED and a message', async () => {
    const { err } = await call(raw.createTaskHub.bind(raw), new pb.CreateTaskHubRequest());
    expect(err?.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(err?.details).toMatch(/CreateTaskHub is not implemented/);
  });

  it('never reports CANCELED and returns NOT_FOUND for management calls on unknown instances', async () => {
    const req = new pb.TerminateRequest();
    req.setInstanceid('missing');
    const { err } = await call(raw.terminateInstance.bind(raw), req);
    expect(err?.code).toBe(grpc.status.NOT_FOUND);
    expect(err?.details).toContain("'missing'");
  });
});
