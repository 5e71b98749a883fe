// The one description of a gRPC channel to DTS: its address, its credentials and its options. Every
// channel is built from it — the durabletask-js client and worker, the readiness probe, the Functions
// runtime's work-item loop — so TLS set-up and channel options change here and nowhere else.
import * as grpc from '@grpc/grpc-js';
import grpcStubs from '@microsoft/durabletask-js/dist/proto/orchestrator_service_grpc_pb.js';
import type { DtsConnectionSettings } from './connection-string.js';

// Generated CommonJS stubs: default-import them (named imports fail under plain Node ESM).
const { TaskHubSidecarServiceClient } = grpcStubs;

/** A raw `TaskHubSidecarService` client (the generated stub), for code that speaks the protocol itself. */
export type SidecarClient = InstanceType<typeof grpcStubs.TaskHubSidecarServiceClient>;

export interface DtsChannel {
  /** `host:port` */
  readonly hostAddress: string;
  readonly credentials: grpc.ChannelCredentials;
  readonly options: grpc.ChannelOptions;
}

// Unlimited message sizes, as durabletask-js sets them (DTS enforces its own payload limits). Channelz off:
// grpc-js keeps statistics for every call unless told not to; nothing reads them, and they cost CPU on the
// hot path (one unary call per work item).
const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
  'grpc.enable_channelz': 0,
};

/** Plaintext h2c for http:// endpoints (the emulator), TLS with the system's trust store otherwise. */
function channelCredentials(settings: DtsConnectionSettings): grpc.ChannelCredentials {
  return settings.useTls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
}

/** The channel every connection to this endpoint uses. */
export function dtsChannel(settings: DtsConnectionSettings): DtsChannel {
  return { hostAddress: settings.hostAddress, credentials: channelCredentials(settings), options: { ...CHANNEL_OPTIONS } };
}

/** A `TaskHubSidecarService` client on the DTS channel; close() it when done. */
export function createSidecarClient(settings: DtsConnectionSettings): SidecarClient {
  const channel = dtsChannel(settings);
  return new TaskHubSidecarServiceClient(channel.hostAddress, channel.credentials, channel.options);
}
