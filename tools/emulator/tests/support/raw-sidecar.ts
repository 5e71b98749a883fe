// The generated gRPC client, for tests that need exact status codes and raw fields.
import * as grpc from '@grpc/grpc-js';
import grpcPb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_grpc_pb.js';

export type RawSidecar = InstanceType<typeof grpcPb.TaskHubSidecarServiceClient>;

export function rawSidecar(hostAddress: string): RawSidecar {
  return new grpcPb.TaskHubSidecarServiceClient(hostAddress, grpc.credentials.createInsecure());
}

export function hubMetadata(taskHub?: string): grpc.Metadata {
  const md = new grpc.Metadata();
  if (taskHub !== undefined) md.set('taskhub', taskHub);
  return md;
}

/**
 * Calls a unary RPC and resolves with its response, or with the gRPC error. Typed against the stubs' last
 * overload (request, metadata, options, callback), which is the one TypeScript infers from.
 */
export function call<Req, Res>(
  fn: (
    req: Req,
    md: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    cb: (err: grpc.ServiceError | null, res: Res) => void,
  ) => unknown,
  req: Req,
  md = hubMetadata(),
): Promise<{ res?: Res; err?: grpc.ServiceError }> {
  return new Promise((resolve) => fn(req, md, {}, (err, res) => resolve(err ? { err } : { res })));
}
