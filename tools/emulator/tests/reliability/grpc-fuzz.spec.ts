// Random, truncated and bit-flipped bytes sent to every RPC of TaskHubSidecarService. Each call must end
// with a gRPC status (never a crash, a hang or an unexpected engine exception), and afterwards the
// emulator still runs Hello Cities. Seeded, so a failure reproduces: RELIABILITY_FUZZ_SEED, and
// RELIABILITY_FUZZ_ROUNDS for more cases per RPC.
import * as grpc from '@grpc/grpc-js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import grpcPb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_grpc_pb.js';
import wrappers from 'google-protobuf/google/protobuf/wrappers_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import {
  OrchestrationStatus,
  whenAll,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
} from '@microsoft/durabletask-js';
import { newClient, newWorker, startEmulator, type EmulatorProcess } from '../support/dts-fixture.js';
import { rawClient, rawServerStream, rawUnary, type RawOutcome } from './support/raw-grpc.js';

const SEED = Number(process.env['RELIABILITY_FUZZ_SEED'] ?? 20261128);
const ROUNDS = Number(process.env['RELIABILITY_FUZZ_ROUNDS'] ?? 12);

/** mulberry32: small, seeded, good enough to pick bytes. */
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

interface Rpc {
  name: string;
  path: string;
  responseStream: boolean;
  requestType: { new (): { serializeBinary(): Uint8Array } };
}

const RPCS: Rpc[] = Object.values(
  grpcPb.TaskHubSidecarServiceService as unknown as Record<string, { path: string; responseStream: boolean; requestType: Rpc['requestType'] }>,
).map((def) => ({ name: def.path.split('/').pop()!, path: def.path, responseStream: def.responseStream, requestType: def.requestType }));

function sv(value: string): InstanceType<typeof wrappers.StringValue> {
  const v = new wrappers.StringValue();
  v.setValue(value);
  return v;
}

/** A plausible, fully populated request for an RPC, whose bytes are then truncated and bit-flipped. */
function sampleRequest(rpc: Rpc): Uint8Array {
  const msg = new rpc.requestType() as unknown as Record<string, (v: unknown) => void> & { serializeBinary(): Uint8Array };
  const setIf = (setter: string, value: unknown): void => {
    if (typeof msg[setter] === 'function') msg[setter](value);
  };
  setIf('setInstanceid', 'fuzz-instance');
  setIf('setName', 'fuzz-name');
  setIf('setCompletiontoken', 'fuzz-token');
  setIf('setInput', sv('{"fuzz":true}'));
  setIf('setReason', sv('fuzz'));
  setIf('setRequestid', 'fuzz-request');
  setIf('setTaskid', 7);
  setIf('setResult', sv('"fuzz"'));
  const ts = new timestampPb.Timestamp();
  ts.setSeconds(4_102_444_800); // 2100-01-01: a fixed value, so a seed always gives the same bytes
  setIf('setScheduledstarttimestamp', ts);
  if (msg instanceof pb.OrchestratorResponse) {
    const task = new pb.ScheduleTaskAction();
    task.setName('fuzz-activity');
    task.setInput(sv('"x"'));
    const action = new pb.OrchestratorAction();
    action.setId(0);
    action.setScheduletask(task);
    msg.addActions(action);
  }
  if (msg instanceof pb.QueryInstancesRequest) {
    const q = new pb.InstanceQuery();
    q.setMaxinstancecount(5);
    q.setInstanceidprefix(sv('fuzz'));
    msg.setQuery(q);
  }
  if (msg instanceof pb.SignalEntityRequest) msg.setInstanceid('@counter@fuzz');
  return msg.serializeBinary();
}

function cases(rpc: Rpc, random: () => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const sample = sampleRequest(rpc);
  for (let i = 0; i < ROUNDS; i++) {
    const length = Math.floor(random() * 96);
    out.push(Uint8Array.from({ length }, () => Math.floor(random() * 256)));
    if (sample.length > 1) out.push(sample.slice(0, 1 + Math.floor(random() * (sample.length - 1))));
    const flipped = Uint8Array.from(sample);
    if (flipped.length > 0) flipped[Math.floor(random() * flipped.length)]! ^= 1 << Math.floor(random() * 8);
    out.push(flipped);
  }
  return out;
}

const say = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;
async function* chaining(ctx: OrchestrationContext): AsyncGenerator<unknown, string[], string> {
  const out: string[] = [];
  for (const city of ['Tokyo', 'Seattle', 'London']) out.push(yield ctx.callActivity('say_hello', city));
  return out;
}
async function* fanOut(ctx: OrchestrationContext): AsyncGenerator<unknown, string[], string[]> {
  return yield whenAll(['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin'].map((c) => ctx.callActivity('say_hello', c)));
}

describe('fuzzing every TaskHubSidecarService RPC with malformed bytes', () => {
  let emulator: EmulatorProcess;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('covers all 29 RPCs of the service', () => {
    expect(RPCS.map((r) => r.name)).toHaveLength(29);
  });

  it('answers every malformed call with a status and keeps running', async () => {
    const random = prng(SEED);
    const client = rawClient(emulator.hostAddress);
    const unexpected: string[] = [];
    const seen = new Map<string, number>();
    let calls = 0;
    try {
      for (const rpc of RPCS) {
        for (const bytes of cases(rpc, random)) {
          calls++;
          const outcome: RawOutcome = rpc.responseStream
            ? await rawServerStream(client, rpc.name, bytes, undefined, 300)
            : await rawUnary(client, rpc.name, bytes, undefined, rpc.name.startsWith('WaitFor') ? 1500 : 10_000);
          const label = `${rpc.name} ${grpc.status[outcome.code]}`;
          seen.set(label, (seen.get(label) ?? 0) + 1);
          const waited = outcome.code === grpc.status.DEADLINE_EXCEEDED && rpc.name.startsWith('WaitFor');
          // UNKNOWN = an exception escaped a handler; "Emulator internal error" = the engine threw on input
          // it should have refused; DEADLINE_EXCEEDED on a non-waiting RPC = a hang; UNAVAILABLE = a crash.
          if (
            outcome.code === grpc.status.UNKNOWN ||
            outcome.code === grpc.status.UNAVAILABLE ||
            (outcome.code === grpc.status.DEADLINE_EXCEEDED && !waited) ||
            outcome.details.startsWith('Emulator internal error')
          ) {
            unexpected.push(`${rpc.name} <${Buffer.from(bytes).toString('hex')}>: ${grpc.status[outcome.code]} ${outcome.details}`);
          }
        }
      }
    } finally {
      client.close();
    }
    console.log(`[reliability] fuzz seed ${SEED}: ${calls} calls; outcomes: ${JSON.stringify(Object.fromEntries(seen))}`);
    expect(unexpected).toEqual([]);
    expect(emulator.output()).not.toMatch(/internal error|after-commit callback failed|timer callback failed/);
  }, 120_000);

  it('refuses bytes that are not a protobuf message with INTERNAL on every RPC', async () => {
    const client = rawClient(emulator.hostAddress);
    // A field-1 string whose length runs past the end: unreadable for every request type.
    const unreadable = Uint8Array.from([0x0a, 0x7f, 0x41]);
    try {
      for (const rpc of RPCS) {
        const outcome = rpc.responseStream
          ? await rawServerStream(client, rpc.name, unreadable, undefined, 500)
          : await rawUnary(client, rpc.name, unreadable);
        expect(`${rpc.name}: ${grpc.status[outcome.code]}`).toBe(`${rpc.name}: INTERNAL`);
        expect(outcome.details).toMatch(/deserializ/i);
      }
    } finally {
      client.close();
    }
  });

  it('still runs Hello Cities afterwards', async () => {
    const client: TaskHubGrpcClient = newClient(emulator);
    const worker: TaskHubGrpcWorker = newWorker(emulator);
    worker.addNamedActivity('say_hello', say);
    worker.addNamedOrchestrator('chaining_orchestration', chaining);
    worker.addNamedOrchestrator('fan_out_fan_in_orchestration', fanOut);
    await worker.start();
    try {
      const a = await client.scheduleNewOrchestration('chaining_orchestration');
      const b = await client.scheduleNewOrchestration('fan_out_fan_in_orchestration');
      const [sa, sb] = await Promise.all([client.waitForOrchestrationCompletion(a, true, 30), client.waitForOrchestrationCompletion(b, true, 30)]);
      expect(sa?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
      expect(JSON.parse(sa!.serializedOutput!)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
      expect(JSON.parse(sb!.serializedOutput!)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!']);
    } finally {
      await worker.stop();
      await client.stop();
    }
  });
});
