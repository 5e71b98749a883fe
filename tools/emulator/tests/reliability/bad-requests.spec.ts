// Well-formed requests with bad content: oversized payloads, invalid or reserved ids, unknown task hubs,
// unknown instances, completions for work never given out. Each gets a clear status and changes nothing.
import * as grpc from '@grpc/grpc-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import wrappers from 'google-protobuf/google/protobuf/wrappers_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import {
  OrchestrationStatus,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
} from '@microsoft/durabletask-js';
import { newClient, newWorker, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { call, hubMetadata, rawSidecar, type RawSidecar } from '../support/raw-sidecar.js';
import { rawServerStream, rawClient, rawUnary } from './support/raw-grpc.js';

const MB = 1024 * 1024;

function sv(value: string): InstanceType<typeof wrappers.StringValue> {
  const v = new wrappers.StringValue();
  v.setValue(value);
  return v;
}

function startRequest(instanceId: string, name = 'echo', input?: string): InstanceType<typeof pb.CreateInstanceRequest> {
  const req = new pb.CreateInstanceRequest();
  req.setInstanceid(instanceId);
  req.setName(name);
  if (input !== undefined) req.setInput(sv(input));
  return req;
}

function withId<T extends { setInstanceid(id: string): void }>(msg: T, id: string): T {
  msg.setInstanceid(id);
  return msg;
}

describe('bad requests to the gRPC service', () => {
  let emulator: EmulatorProcess;
  let raw: RawSidecar;
  let client: TaskHubGrpcClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    raw = rawSidecar(emulator.hostAddress);
    client = newClient(emulator);
  });

  afterAll(async () => {
    raw?.close();
    await client?.stop();
    await emulator?.stop();
  });

  describe('oversized payloads', () => {
    it('refuses a 20 MB start request with INVALID_ARGUMENT and stays up', async () => {
      const { err } = await call(raw.startInstance.bind(raw), startRequest('huge-start', 'echo', JSON.stringify('x'.repeat(20 * MB))));
      expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err?.details).toMatch(/orchestration input is \d+ bytes; payloads are limited to 1048576 bytes/);
      expect((await client.getOrchestrationState('huge-start'))).toBeUndefined();
    });

    it('refuses oversized entity signals and termination outputs, naming the field', async () => {
      const signal = new pb.SignalEntityRequest();
      signal.setInstanceid('@counter@big');
      signal.setName('add');
      signal.setInput(sv(JSON.stringify('x'.repeat(MB))));
      const signaled = await call(raw.signalEntity.bind(raw), signal);
      expect(signaled.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(signaled.err?.details).toMatch(/entity operation input is \d+ bytes/);

      await call(raw.startInstance.bind(raw), startRequest('terminate-big'));
      const term = withId(new pb.TerminateRequest(), 'terminate-big');
      term.setOutput(sv(JSON.stringify('x'.repeat(MB))));
      const terminated = await call(raw.terminateInstance.bind(raw), term);
      expect(terminated.err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(terminated.err?.details).toMatch(/termination output is \d+ bytes/);
      expect((await client.getOrchestrationState('terminate-big'))?.runtimeStatus).toBe(OrchestrationStatus.PENDING);
    });

    it('fails an orchestration whose activity returns more than 1 MB, saying which payload', async () => {
      const worker: TaskHubGrpcWorker = newWorker(emulator);
      worker.addNamedActivity('big', async () => 'x'.repeat(MB + 10));
      worker.addNamedOrchestrator('calls_big', async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, unknown> {
        return yield ctx.callActivity('big');
      });
      worker.addNamedOrchestrator('returns_big', async () => 'y'.repeat(MB + 10));
      await worker.start();
      try {
        const a = await client.scheduleNewOrchestration('calls_big');
        const b = await client.scheduleNewOrchestration('returns_big');
        const sa = await client.waitForOrchestrationCompletion(a, true, 30);
        const sb = await client.waitForOrchestrationCompletion(b, true, 30);
        expect(sa?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
        expect(sa?.failureDetails?.message).toMatch(/output of activity 'big' is \d+ bytes; payloads are limited/);
        expect(sb?.runtimeStatus).toBe(OrchestrationStatus.FAILED);
        expect(sb?.failureDetails?.message).toMatch(/orchestration output is \d+ bytes/);
      } finally {
        await worker.stop();
      }
    });
  });

  describe('invalid and reserved ids', () => {
    it.each([
      ['empty', ''],
      ['no @name@ form', 'counter-1'],
      ['an empty name', '@@key'],
      ['over 100 characters', `@counter@${'k'.repeat(100)}`],
      ['a non-ASCII key', '@counter@k\u00e9y'],
    ])('refuses to signal an entity id that is %s (INVALID_ARGUMENT)', async (_what, id) => {
      const req = new pb.SignalEntityRequest();
      req.setInstanceid(id);
      req.setName('add');
      const { err } = await call(raw.signalEntity.bind(raw), req);
      expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err?.details).toContain('ntity instance ID');
    });

    it('refuses an instance id made of undecodable bytes with INVALID_ARGUMENT, not UNKNOWN', async () => {
      // Field 1 (instanceId) as bytes that are not UTF-8: google-protobuf decodes them to a lone surrogate,
      // which the refusal quotes; grpc-js answers UNKNOWN for a status message it cannot encode.
      const bytes = Buffer.concat([
        Buffer.from(startRequest('placeholder').serializeBinary()),
        Buffer.from([0x0a, 0x06, 0x08, 0xed, 0xfc, 0xbf, 0xd8, 0x06]),
      ]);
      const outcome = await rawUnary(rawClient(emulator.hostAddress), 'StartInstance', bytes);
      expect(outcome.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(outcome.details).toMatch(/only printable ASCII/);
    });

    it('refuses a start without an orchestration name', async () => {
      const { err } = await call(raw.startInstance.bind(raw), startRequest('no-name', ''));
      expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err?.details).toMatch(/name must not be empty/);
    });

    it('fails a sub-orchestration whose instance id DTS would refuse, and tells the parent why', async () => {
      const worker: TaskHubGrpcWorker = newWorker(emulator);
      worker.addNamedOrchestrator('child', async () => 'child ran');
      worker.addNamedOrchestrator('bad_child_id', async function* (ctx: OrchestrationContext, childId: string): AsyncGenerator<unknown, unknown, unknown> {
        try {
          return yield ctx.callSubOrchestrator('child', undefined, { instanceId: childId });
        } catch (err) {
          return `refused: ${(err as Error).message}`;
        }
      });
      await worker.start();
      try {
        for (const [childId, rule] of [
          ['@reserved@child', /reserved for entities/],
          ['c'.repeat(101), /the limit is 100/],
          ['caf\u00e9', /only printable ASCII/],
        ] as const) {
          const id = await client.scheduleNewOrchestration('bad_child_id', childId);
          const state = await client.waitForOrchestrationCompletion(id, true, 20);
          expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
          expect(JSON.parse(state!.serializedOutput!)).toMatch(rule);
          expect(await client.getOrchestrationState(childId)).toBeUndefined();
        }
      } finally {
        await worker.stop();
      }
    }, 60_000);
  });

  describe('unknown task hubs', () => {
    it('answers NOT_FOUND on unary and streaming RPCs alike', async () => {
      const md = hubMetadata('no-such-hub');
      const results = [
        await call(raw.hello.bind(raw), new emptyPb.Empty(), md),
        await call(raw.startInstance.bind(raw), startRequest('x'), md),
        await call(raw.raiseEvent.bind(raw), withId(new pb.RaiseEventRequest(), 'x'), md),
        await call(raw.completeActivityTask.bind(raw), new pb.ActivityResponse(), md),
      ];
      for (const { err } of results) {
        expect(err?.code).toBe(grpc.status.NOT_FOUND);
        expect(err?.details).toMatch(/^Task hub not found: no-such-hub/);
      }
      const bytes = rawClient(emulator.hostAddress);
      try {
        for (const rpc of ['GetWorkItems', 'StreamInstanceHistory']) {
          const outcome = await rawServerStream(bytes, rpc, new Uint8Array(), md, 2000);
          expect(`${rpc} ${grpc.status[outcome.code]}`).toBe(`${rpc} NOT_FOUND`);
        }
      } finally {
        bytes.close();
      }
    });
  });

  describe('unknown instances', () => {
    it('answers NOT_FOUND for management calls, exists=false for reads, 0 for purge', async () => {
      const id = 'never-created';
      const notFound = [
        await call(raw.raiseEvent.bind(raw), withId(new pb.RaiseEventRequest(), id)),
        await call(raw.terminateInstance.bind(raw), withId(new pb.TerminateRequest(), id)),
        await call(raw.suspendInstance.bind(raw), withId(new pb.SuspendRequest(), id)),
        await call(raw.resumeInstance.bind(raw), withId(new pb.ResumeRequest(), id)),
        await call(raw.rewindInstance.bind(raw), withId(new pb.RewindInstanceRequest(), id)),
        await call(raw.restartInstance.bind(raw), withId(new pb.RestartInstanceRequest(), id)),
      ];
      for (const { err } of notFound) {
        expect(err?.code).toBe(grpc.status.NOT_FOUND);
        expect(err?.details).toContain(`'${id}'`);
      }
      const read = await call(raw.getInstance.bind(raw), withId(new pb.GetInstanceRequest(), id));
      expect(read.res?.getExists()).toBe(false);
      const waited = await call(raw.waitForInstanceCompletion.bind(raw), withId(new pb.GetInstanceRequest(), id));
      expect(waited.res?.getExists()).toBe(false);
      const purged = await call(raw.purgeInstances.bind(raw), withId(new pb.PurgeInstancesRequest(), id));
      expect(purged.res?.getDeletedinstancecount()).toBe(0);
      expect(await client.getOrchestrationHistory(id)).toEqual([]);
    });
  });

  describe('completions for work never given out', () => {
    it('ignores them and leaves the named instance untouched', async () => {
      await call(raw.startInstance.bind(raw), startRequest('bystander'));
      const orchestration = new pb.OrchestratorResponse();
      orchestration.setInstanceid('bystander');
      orchestration.setCompletiontoken('never-issued');
      const complete = new pb.CompleteOrchestrationAction();
      complete.setOrchestrationstatus(pb.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
      complete.setResult(sv('"forged"'));
      const action = new pb.OrchestratorAction();
      action.setId(0);
      action.setCompleteorchestration(complete);
      orchestration.addActions(action);
      const activity = new pb.ActivityResponse();
      activity.setInstanceid('bystander');
      activity.setTaskid(0);
      activity.setResult(sv('"forged"'));
      activity.setCompletiontoken('');
      const entity = new pb.EntityBatchResult();
      entity.setCompletiontoken('never-issued');
      entity.setEntitystate(sv('"forged"'));
      const abandonments = [new pb.AbandonActivityTaskRequest(), new pb.AbandonOrchestrationTaskRequest(), new pb.AbandonEntityTaskRequest()];
      for (const a of abandonments) a.setCompletiontoken('never-issued');

      const outcomes = [
        await call(raw.completeOrchestratorTask.bind(raw), orchestration),
        await call(raw.completeActivityTask.bind(raw), activity),
        await call(raw.completeEntityTask.bind(raw), entity),
        await call(raw.abandonTaskActivityWorkItem.bind(raw), abandonments[0]!),
        await call(raw.abandonTaskOrchestratorWorkItem.bind(raw), abandonments[1]!),
        await call(raw.abandonTaskEntityWorkItem.bind(raw), abandonments[2]!),
      ];
      for (const { err } of outcomes) {
        // Ignoring is what DTS does with a stale token; an error would be fine too. Never INTERNAL/UNKNOWN.
        expect([undefined, grpc.status.NOT_FOUND, grpc.status.INVALID_ARGUMENT, grpc.status.FAILED_PRECONDITION]).toContain(err?.code);
      }
      const state = await client.getOrchestrationState('bystander');
      expect(state?.runtimeStatus).toBe(OrchestrationStatus.PENDING);
      expect(state?.serializedOutput).toBeUndefined();
      expect(await client.getOrchestrationHistory('bystander')).toEqual([]);
      const entityState = new pb.GetEntityRequest();
      entityState.setInstanceid('@counter@never');
      expect((await call(raw.getEntity.bind(raw), entityState)).res?.getExists()).toBe(false);

      // And the bystander still runs normally once a worker shows up.
      const worker = newWorker(emulator);
      worker.addNamedOrchestrator('echo', async (_ctx: OrchestrationContext) => 'real');
      worker.addNamedActivity('noop', async (_ctx: ActivityContext) => undefined);
      await worker.start();
      try {
        const done = await client.waitForOrchestrationCompletion('bystander', true, 20);
        expect(done?.serializedOutput).toBe('"real"');
      } finally {
        await worker.stop();
      }
    });
  });
});
