// A minimal TaskHubSidecarService for unit tests: it answers Hello and GetInstance, keeps GetWorkItems
// streams open, and records the metadata of every call. Hello can be told to fail to simulate an outage.
import * as grpc from '@grpc/grpc-js';
import grpcPb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_grpc_pb.js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import wrappersPb from 'google-protobuf/google/protobuf/wrappers_pb.js';

export interface RecordedCall {
  method: string;
  metadata: Record<string, string>;
}

export interface FakeSidecar {
  readonly port: number;
  readonly calls: RecordedCall[];
  /** Open GetWorkItems streams. */
  openStreams(): number;
  /** Activity results the worker reported (CompleteActivityTask). */
  readonly completedActivities: Array<{ taskId: number; result?: string }>;
  /** Sends an activity work item down every open GetWorkItems stream. */
  dispatchActivity(name: string, input: unknown, taskId: number): void;
  /** Fails the Hello calls with these 1-based sequence numbers with UNAVAILABLE. */
  failHellos(...numbers: number[]): void;
  stop(): Promise<void>;
}

function plain(metadata: grpc.Metadata): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) result[key] = String(value);
  return result;
}

/** Listens on 127.0.0.1:`port` (0 = ephemeral). */
export async function startFakeSidecar(port = 0): Promise<FakeSidecar> {
  const server = new grpc.Server();
  const calls: RecordedCall[] = [];
  const streams = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  const completedActivities: FakeSidecar['completedActivities'] = [];
  const hellosToFail = new Set<number>();
  let hellos = 0;

  server.addService(grpcPb.TaskHubSidecarServiceService, {
    hello(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      calls.push({ method: 'Hello', metadata: plain(call.metadata) });
      if (hellosToFail.has(++hellos)) {
        callback({ code: grpc.status.UNAVAILABLE, details: 'simulated outage' });
        return;
      }
      callback(null, new emptyPb.Empty());
    },
    getWorkItems(call: grpc.ServerWritableStream<unknown, unknown>) {
      calls.push({ method: 'GetWorkItems', metadata: plain(call.metadata) });
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
      call.on('close', () => streams.delete(call));
    },
    completeActivityTask(call: grpc.ServerUnaryCall<pb.ActivityResponse, unknown>, callback: grpc.sendUnaryData<unknown>) {
      calls.push({ method: 'CompleteActivityTask', metadata: plain(call.metadata) });
      completedActivities.push({ taskId: call.request.getTaskid(), result: call.request.getResult()?.getValue() });
      callback(null, new pb.CompleteTaskResponse());
    },
    getInstance(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      calls.push({ method: 'GetInstance', metadata: plain(call.metadata) });
      callback(null, new pb.GetInstanceResponse().setExists(false));
    },
  });

  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    port: boundPort,
    calls,
    completedActivities,
    dispatchActivity(name, input, taskId) {
      const request = new pb.ActivityRequest()
        .setName(name)
        .setTaskid(taskId)
        .setInput(new wrappersPb.StringValue().setValue(JSON.stringify(input)))
        .setOrchestrationinstance(new pb.OrchestrationInstance().setInstanceid('fake-instance'));
      for (const stream of streams) stream.write(new pb.WorkItem().setActivityrequest(request).setCompletiontoken(String(taskId)));
    },
    openStreams: () => streams.size,
    failHellos(...numbers) {
      for (const number of numbers) hellosToFail.add(number);
    },
    async stop() {
      for (const stream of streams) stream.destroy();
      streams.clear();
      server.forceShutdown();
    },
  };
}

/** A port that was free a moment ago, for "the endpoint is not there yet" tests. */
export async function freePort(): Promise<number> {
  const probe = await startFakeSidecar(0);
  const { port } = probe;
  await probe.stop();
  return port;
}
