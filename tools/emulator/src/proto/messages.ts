// The generated message classes and well-known types, loaded from the very module copies that
// durabletask-js' service definition uses: its serializers check `instanceof` against these classes.
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import grpcPb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_grpc_pb.js';
import wrappers from 'google-protobuf/google/protobuf/wrappers_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';

export { pb };
/**
 * The generated service definition, except that a response whose serializeBinary() already returns a
 * Buffer (the hand-encoded work items and history chunks) goes out as is instead of being copied.
 */
export const TaskHubSidecarService = Object.fromEntries(
  Object.entries(grpcPb.TaskHubSidecarServiceService).map(([name, method]) => [
    name,
    {
      ...method,
      responseSerialize: (message: { serializeBinary(): Uint8Array }): Buffer => {
        const bytes = message.serializeBinary();
        return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      },
    },
  ]),
) as typeof grpcPb.TaskHubSidecarServiceService;
export const { StringValue, Int32Value, BoolValue } = wrappers;
export const { Timestamp } = timestampPb;
export const { Empty } = emptyPb;

export type HistoryEvent = InstanceType<typeof pb.HistoryEvent>;
export type TimestampMessage = InstanceType<typeof Timestamp>;
export type StringValueMessage = InstanceType<typeof StringValue>;
export const EventCase = pb.HistoryEvent.EventtypeCase;

export function toTimestamp(ms: number): TimestampMessage {
  const ts = new Timestamp();
  const seconds = Math.floor(ms / 1000);
  ts.setSeconds(seconds);
  ts.setNanos(Math.round((ms - seconds * 1000) * 1e6));
  return ts;
}

/** Milliseconds of a Timestamp, rounded up so that a deadline derived from it is never early. */
export function timestampMs(ts: TimestampMessage | undefined): number | undefined {
  if (!ts) return undefined;
  return ts.getSeconds() * 1000 + Math.ceil(ts.getNanos() / 1e6);
}

export function stringValue(value: string): StringValueMessage {
  const sv = new StringValue();
  sv.setValue(value);
  return sv;
}

/** DTS treats an empty StringValue like an absent one (the JS client always sends `input`). */
export function optionalString(sv: StringValueMessage | undefined): string | undefined {
  if (!sv) return undefined;
  const value = sv.getValue();
  return value === '' ? undefined : value;
}
