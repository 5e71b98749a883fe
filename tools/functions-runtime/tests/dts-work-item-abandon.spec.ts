import * as grpc from '@grpc/grpc-js';
import { parseConnectionString } from '@durable-hosts/dts-connection';
import { waitFor } from '@durable-hosts/test-support';
import grpcStubs from '@microsoft/durabletask-js/dist/proto/orchestrator_service_grpc_pb.js';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DtsWorkItemLoop, type WorkItemHandlers } from '../src/durable/dts-work-item-loop.js';

/**
 * A sidecar that hands out one activity work item, refuses its completion and records abandons: the
 * smallest real gRPC peer that shows what the worker does when a completion fails.
 */
async function startRefusingSidecar(): Promise<{ port: number; abandoned: string[]; server: grpc.Server }> {
  const abandoned: string[] = [];
  const server = new grpc.Server();
  server.addService(grpcStubs.TaskHubSidecarServiceService, {
    hello: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, new emptyPb.Empty()),
    getWorkItems: (call: grpc.ServerWritableStream<pb.GetWorkItemsRequest, pb.WorkItem>) => {
      const request = new pb.ActivityRequest();
      request.setName('say_hello');
      const item = new pb.WorkItem();
      item.setActivityrequest(request);
      item.setCompletiontoken('token-1');
      call.write(item);
    },
    completeActivityTask: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
      callback({ code: grpc.status.INVALID_ARGUMENT, details: 'the result is over the payload limit' }),
    abandonTaskActivityWorkItem: (call: grpc.ServerUnaryCall<pb.AbandonActivityTaskRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      abandoned.push(call.request.getCompletiontoken());
      callback(null, new pb.AbandonActivityTaskResponse());
    },
    abandonTaskOrchestratorWorkItem: (call: grpc.ServerUnaryCall<pb.AbandonOrchestrationTaskRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      abandoned.push(call.request.getCompletiontoken());
      callback(null, new pb.AbandonOrchestrationTaskResponse());
    },
  } as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, abandoned, server };
}

describe('a work item that cannot be completed', () => {
  let loop: DtsWorkItemLoop | undefined;
  let server: grpc.Server | undefined;
  afterEach(async () => {
    await loop?.stop();
    server?.forceShutdown();
  });

  it('is abandoned at once with the reason logged, not left to wait out its lease', async () => {
    const sidecar = await startRefusingSidecar();
    server = sidecar.server;
    const lines: string[] = [];
    const handlers: WorkItemHandlers = {
      activity: async (_request, token) => {
        const response = new pb.ActivityResponse();
        response.setCompletiontoken(token);
        return response;
      },
      orchestrator: () => Promise.reject(new Error('not used')),
      entity: () => Promise.reject(new Error('not used')),
    };
    const settings = parseConnectionString(`Endpoint=http://127.0.0.1:${sidecar.port};TaskHub=default;Authentication=None`);
    loop = new DtsWorkItemLoop(settings, handlers, (level, message) => lines.push(`${level}: ${message}`));
    loop.start();

    // The line is written once the abandon call has been answered.
    const line = await waitFor(async () => lines.find((l) => l.includes("Activity work item 'say_hello'")), { timeoutMs: 5_000, intervalMs: 20 });
    expect(sidecar.abandoned).toEqual(['token-1']);
    expect(line).toMatch(/^error: Activity work item 'say_hello' for '' could not be completed; abandoned it so DTS offers it again\. Reason: .*the result is over the payload limit/s);
  });

  it('is abandoned when running it throws', async () => {
    const sidecar = await startRefusingSidecar();
    server = sidecar.server;
    const lines: string[] = [];
    const handlers: WorkItemHandlers = {
      activity: () => Promise.reject(new Error('the function app is broken')),
      orchestrator: () => Promise.reject(new Error('not used')),
      entity: () => Promise.reject(new Error('not used')),
    };
    const settings = parseConnectionString(`Endpoint=http://127.0.0.1:${sidecar.port};TaskHub=default;Authentication=None`);
    loop = new DtsWorkItemLoop(settings, handlers, (level, message) => lines.push(`${level}: ${message}`));
    loop.start();

    const line = await waitFor(async () => lines.find((l) => l.includes('could not be run')), { timeoutMs: 5_000, intervalMs: 20 });
    expect(sidecar.abandoned).toEqual(['token-1']);
    expect(line).toMatch(/abandoned it so DTS offers it again\. Reason: Error: the function app is broken/);
  });
});
