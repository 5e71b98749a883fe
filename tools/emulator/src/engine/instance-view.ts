// Plain-JSON views of instances and history events, for the dashboard API and scripts.
import { OrchestrationStatusCode, runtimeStatusName } from '@durable-hosts/dts-protocol';
import { pb } from '../proto/messages.js';
import type { InstanceRow } from '../store/sqlite-store.js';

export interface InstanceView {
  instanceId: string;
  executionId: string;
  name: string;
  version: string | null;
  runtimeStatus: string;
  createdAt: string;
  lastUpdatedAt: string;
  completedAt: string | null;
  scheduledStartAt: string | null;
  parentInstanceId: string | null;
  tags: Record<string, string>;
  input?: string | null;
  output?: string | null;
  customStatus?: string | null;
  failureDetails?: { errorType: string; errorMessage: string; stackTrace: string | null } | null;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function instanceView(row: InstanceRow, withPayloads: boolean): InstanceView {
  const view: InstanceView = {
    instanceId: row.instanceId,
    executionId: row.executionId,
    name: row.name,
    version: row.version ?? null,
    runtimeStatus: runtimeStatusName(row.status) ?? String(row.status),
    createdAt: iso(row.createdAt)!,
    lastUpdatedAt: iso(row.lastUpdatedAt)!,
    completedAt: iso(row.completedAt),
    scheduledStartAt: iso(row.scheduledStartAt),
    parentInstanceId: row.parentInstanceId ?? null,
    tags: row.tags,
  };
  if (withPayloads) {
    view.input = row.input ?? null;
    view.output = row.output ?? null;
    view.customStatus = row.customStatus ?? null;
    const failure =
      row.failureDetails && row.status === OrchestrationStatusCode.Failed
        ? pb.TaskFailureDetails.deserializeBinary(row.failureDetails)
        : undefined;
    view.failureDetails = failure
      ? {
          errorType: failure.getErrortype(),
          errorMessage: failure.getErrormessage(),
          stackTrace: failure.getStacktrace()?.getValue() ?? null,
        }
      : null;
  }
  return view;
}

const EVENT_TYPE_NAMES = Object.fromEntries(
  Object.entries(pb.HistoryEvent.EventtypeCase).map(([name, value]) => [value as number, name]),
);

/** History events as `{ eventId, timestamp, type, ...fields }` using the protobuf field names. */
export function historyView(history: readonly Uint8Array[]): Record<string, unknown>[] {
  return history.map((bytes) => {
    const event = pb.HistoryEvent.deserializeBinary(bytes);
    const obj = event.toObject() as Record<string, unknown>;
    const kind = event.getEventtypeCase();
    const typeKey = Object.keys(obj).find((k) => k !== 'eventid' && k !== 'timestamp' && obj[k] !== undefined);
    const ts = event.getTimestamp();
    return {
      eventId: event.getEventid(),
      timestamp: ts ? new Date(ts.getSeconds() * 1000 + ts.getNanos() / 1e6).toISOString() : null,
      type: EVENT_TYPE_NAMES[kind] ?? String(kind),
      ...(typeKey ? { details: obj[typeKey] } : {}),
    };
  });
}
