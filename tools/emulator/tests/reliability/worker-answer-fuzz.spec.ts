// A worker that answers real work items (valid tokens) with random, often invalid, but well-formed
// protobuf: actions with bad ids, bad instance ids, bad statuses, timers in the year 9999, entity
// messages to nobody, answers twice, abandons, silence. The emulator must keep running, keep its
// database loadable (restart on the same file) and still serve Hello Cities. Seeded:
// RELIABILITY_FUZZ_SEED; RELIABILITY_ANSWER_FUZZ_ITEMS = how many work items to answer.
import { isTerminalStatus } from '@durable-hosts/dts-protocol';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import wrappers from 'google-protobuf/google/protobuf/wrappers_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import {
  EntityInstanceId,
  whenAll,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
} from '@microsoft/durabletask-js';
import { newClient, newWorker, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { snapshotDatabase } from './support/database-snapshot.js';
import { RawWorker, type WorkItem } from './support/raw-grpc.js';

const SEED = Number(process.env['RELIABILITY_FUZZ_SEED'] ?? 20261128);
const ITEMS = Number(process.env['RELIABILITY_ANSWER_FUZZ_ITEMS'] ?? 400);
const INSTANCES = 30;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Garbage {
  constructor(private readonly random: () => number) {}

  pick<T>(options: readonly T[]): T {
    return options[Math.floor(this.random() * options.length)]!;
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  text(): string {
    return this.pick(['', 'x', '"json"', '{"a":1}', 'not json', '\u0000\u0001', 'caf\u00e9', 'y'.repeat(300)]);
  }

  sv(): InstanceType<typeof wrappers.StringValue> {
    const v = new wrappers.StringValue();
    v.setValue(this.text());
    return v;
  }

  timestamp(): InstanceType<typeof timestampPb.Timestamp> {
    const ts = new timestampPb.Timestamp();
    const now = Math.floor(Date.now() / 1000);
    ts.setSeconds(this.pick([now, now - 3600, now + 1, 253402300799, -62135596800, 0]));
    ts.setNanos(this.pick([0, 999_999_999]));
    return ts;
  }

  instanceId(own: string): string {
    return this.pick([own, `fuzz-${this.int(INSTANCES)}`, '', '@counter@1', 'z'.repeat(150), 'caf\u00e9', `child-${this.int(1000)}`]);
  }

  entityId(): string {
    return this.pick(['@counter@1', '@counter@', '', 'no-at-sign', '@@', `@e@${this.int(5)}`]);
  }

  orchestratorResponse(item: WorkItem): InstanceType<typeof pb.OrchestratorResponse> {
    const own = item.getOrchestratorrequest()!.getInstanceid();
    const res = new pb.OrchestratorResponse();
    res.setInstanceid(this.chance(0.9) ? own : this.instanceId(own));
    res.setCompletiontoken(item.getCompletiontoken());
    if (this.chance(0.3)) res.setCustomstatus(this.sv());
    const count = this.int(5);
    for (let i = 0; i < count; i++) {
      const action = new pb.OrchestratorAction();
      action.setId(this.pick([i, i, 0, -1, 2_147_483_647, this.int(100)]));
      switch (this.int(9)) {
        case 0: {
          const task = new pb.ScheduleTaskAction();
          task.setName(this.pick(['work', '', 'unknown-activity']));
          if (this.chance(0.8)) task.setInput(this.sv());
          action.setScheduletask(task);
          break;
        }
        case 1: {
          const timer = new pb.CreateTimerAction();
          if (this.chance(0.9)) timer.setFireat(this.timestamp());
          action.setCreatetimer(timer);
          break;
        }
        case 2: {
          const sub = new pb.CreateSubOrchestrationAction();
          sub.setInstanceid(this.instanceId(own));
          sub.setName(this.pick(['fuzzed', '', 'unregistered']));
          if (this.chance(0.5)) sub.setInput(this.sv());
          action.setCreatesuborchestration(sub);
          break;
        }
        case 3: {
          const send = new pb.SendEventAction();
          if (this.chance(0.9)) {
            const target = new pb.OrchestrationInstance();
            target.setInstanceid(this.instanceId(own));
            send.setInstance(target);
          }
          send.setName(this.text());
          if (this.chance(0.5)) send.setData(this.sv());
          action.setSendevent(send);
          break;
        }
        case 4: {
          const complete = new pb.CompleteOrchestrationAction();
          complete.setOrchestrationstatus(this.int(10));
          if (this.chance(0.7)) complete.setResult(this.sv());
          if (this.chance(0.3)) {
            const failure = new pb.TaskFailureDetails();
            failure.setErrortype(this.text());
            failure.setErrormessage(this.text());
            complete.setFailuredetails(failure);
          }
          if (this.chance(0.2)) {
            const carried = new pb.HistoryEvent();
            carried.setEventid(-1);
            const raised = new pb.EventRaisedEvent();
            raised.setName(this.text());
            if (this.chance(0.5)) carried.setEventraised(raised);
            complete.addCarryoverevents(carried);
          }
          action.setCompleteorchestration(complete);
          break;
        }
        case 5: {
          const term = new pb.TerminateOrchestrationAction();
          term.setInstanceid(this.instanceId(own));
          term.setRecurse(this.chance(0.5));
          action.setTerminateorchestration(term);
          break;
        }
        case 6: {
          const message = new pb.SendEntityMessageAction();
          const kind = this.int(4);
          if (kind === 0) {
            const signaled = new pb.EntityOperationSignaledEvent();
            signaled.setRequestid(`r${this.int(1000)}`);
            signaled.setOperation(this.text());
            const target = new wrappers.StringValue();
            target.setValue(this.entityId());
            if (this.chance(0.9)) signaled.setTargetinstanceid(target);
            if (this.chance(0.3)) signaled.setScheduledtime(this.timestamp());
            message.setEntityoperationsignaled(signaled);
          } else if (kind === 1) {
            const called = new pb.EntityOperationCalledEvent();
            called.setRequestid(`r${this.int(1000)}`);
            called.setOperation(this.text());
            const target = new wrappers.StringValue();
            target.setValue(this.entityId());
            called.setTargetinstanceid(target);
            message.setEntityoperationcalled(called);
          } else if (kind === 2) {
            const lock = new pb.EntityLockRequestedEvent();
            lock.setCriticalsectionid(`cs${this.int(10)}`);
            lock.setLocksetList([this.entityId(), this.entityId()]);
            message.setEntitylockrequested(lock);
          } else {
            const unlock = new pb.EntityUnlockSentEvent();
            unlock.setCriticalsectionid(`cs${this.int(10)}`);
            const target = new wrappers.StringValue();
            target.setValue(this.entityId());
            unlock.setTargetinstanceid(target);
            message.setEntityunlocksent(unlock);
          }
          action.setSendentitymessage(message);
          break;
        }
        case 7: {
          if (this.chance(0.3)) {
            const rewind = new pb.RewindOrchestrationAction();
            action.setRewindorchestration(rewind);
          }
          break; // otherwise: an action with no type at all
        }
        default:
          break;
      }
      res.addActions(action);
    }
    return res;
  }

  activityResponse(item: WorkItem): InstanceType<typeof pb.ActivityResponse> {
    const req = item.getActivityrequest()!;
    const res = new pb.ActivityResponse();
    res.setInstanceid(this.chance(0.9) ? (req.getOrchestrationinstance()?.getInstanceid() ?? '') : this.text());
    res.setTaskid(this.chance(0.9) ? req.getTaskid() : this.int(100));
    res.setCompletiontoken(item.getCompletiontoken());
    if (this.chance(0.7)) res.setResult(this.sv());
    if (this.chance(0.3)) {
      const failure = new pb.TaskFailureDetails();
      failure.setErrormessage(this.text());
      res.setFailuredetails(failure);
    }
    return res;
  }

  entityResult(item: WorkItem): InstanceType<typeof pb.EntityBatchResult> {
    const res = new pb.EntityBatchResult();
    res.setCompletiontoken(item.getCompletiontoken());
    const results = this.int(4);
    for (let i = 0; i < results; i++) {
      const result = new pb.OperationResult();
      if (this.chance(0.7)) {
        const ok = new pb.OperationResultSuccess();
        if (this.chance(0.5)) ok.setResult(this.sv());
        result.setSuccess(ok);
      } else if (this.chance(0.8)) {
        const failed = new pb.OperationResultFailure();
        result.setFailure(failed);
      }
      res.addResults(result);
    }
    if (this.chance(0.6)) res.setEntitystate(this.sv());
    if (this.chance(0.2)) {
      const failure = new pb.TaskFailureDetails();
      failure.setErrormessage('batch failed');
      res.setFailuredetails(failure);
    }
    if (this.chance(0.4)) {
      const action = new pb.OperationAction();
      action.setId(this.int(5));
      if (this.chance(0.5)) {
        const signal = new pb.SendSignalAction();
        signal.setInstanceid(this.entityId());
        signal.setName(this.text());
        action.setSendsignal(signal);
      } else {
        const start = new pb.StartNewOrchestrationAction();
        start.setInstanceid(this.instanceId('entity-started'));
        start.setName(this.pick(['fuzzed', '']));
        action.setStartneworchestration(start);
      }
      res.addActions(action);
    }
    return res;
  }
}

const say = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;
async function* fanOut(ctx: OrchestrationContext): AsyncGenerator<unknown, string[], string[]> {
  return yield whenAll(['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin'].map((c) => ctx.callActivity('say_hello', c)));
}

describe('a worker answering real work items with random, well-formed nonsense', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = newClient(emulator);
  });

  afterAll(async () => {
    await client?.stop();
    await emulator?.stop();
  });

  it('survives every answer, restarts on its database, and still runs Hello Cities', async () => {
    const g = new Garbage(prng(SEED));
    const raw = new RawWorker(emulator.hostAddress, 'nonsense-worker');
    const ids = Array.from({ length: INSTANCES }, (_, i) => `fuzz-${i}`);
    await Promise.all(ids.map((id) => client.scheduleNewOrchestration('fuzzed', g.text(), id)));
    await client.signalEntity(new EntityInstanceId('counter', '1'), 'add', 1);
    const kinds = { orchestration: 0, activity: 0, entity: 0, silent: 0, twice: 0, abandoned: 0, refused: 0 };
    try {
      for (let handled = 0; handled < ITEMS; handled++) {
        let item: WorkItem;
        try {
          item = await raw.next(1500);
        } catch {
          break; // nothing more to do
        }
        const mode = g.int(20);
        if (mode === 0) {
          kinds.silent++;
          continue;
        }
        if (mode === 1) {
          kinds.abandoned++;
          const abandon = new pb.AbandonOrchestrationTaskRequest();
          abandon.setCompletiontoken(item.getCompletiontoken());
          await new Promise((r) => raw.client.abandonTaskOrchestratorWorkItem(abandon, () => r(undefined)));
          continue;
        }
        const times = mode === 2 ? 2 : 1;
        if (times === 2) kinds.twice++;
        for (let t = 0; t < times; t++) {
          let err;
          if (item.hasOrchestratorrequest()) {
            kinds.orchestration++;
            err = await raw.complete('completeOrchestratorTask', g.orchestratorResponse(item));
          } else if (item.hasActivityrequest()) {
            kinds.activity++;
            err = await raw.complete('completeActivityTask', g.activityResponse(item));
          } else {
            kinds.entity++;
            err = await raw.complete('completeEntityTask', g.entityResult(item));
          }
          if (err) {
            kinds.refused++;
            expect(err.details, 'an engine exception escaped').not.toMatch(/internal error/i);
          }
        }
      }
    } finally {
      raw.close();
    }
    console.log(`[reliability] answered work items: ${JSON.stringify(kinds)}`);
    expect(kinds.orchestration).toBeGreaterThan(INSTANCES);
    expect(emulator.output()).not.toMatch(/internal error|callback failed|Uncaught|TypeError/);

    // The database is intact and loads again.
    await emulator.stop();
    expect(snapshotDatabase(emulator.dbPath).integrity).toBe('ok');
    await emulator.restart();

    // Whatever state the nonsense left, a healthy worker runs new work and terminate ends the rest.
    const worker = newWorker(emulator);
    worker.addNamedActivity('say_hello', say);
    worker.addNamedOrchestrator('fan_out_fan_in_orchestration', fanOut);
    worker.addNamedOrchestrator('fuzzed', async () => 'healthy');
    await worker.start();
    try {
      const id = await client.scheduleNewOrchestration('fan_out_fan_in_orchestration');
      const state = await client.waitForOrchestrationCompletion(id, true, 30);
      expect(JSON.parse(state!.serializedOutput!)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!']);
      for (const fuzzId of ids) {
        const current = await client.getOrchestrationState(fuzzId);
        if (current && !isTerminalStatus(current.runtimeStatus)) {
          await client.terminateOrchestration(fuzzId, 'cleanup');
        }
      }
      for (const fuzzId of ids) {
        const final = await client.waitForOrchestrationCompletion(fuzzId, false, 30);
        expect(isTerminalStatus(final?.runtimeStatus ?? -1), `${fuzzId} stuck in ${final?.runtimeStatus}`).toBe(true);
      }
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
