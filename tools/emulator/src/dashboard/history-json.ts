// History events for people: the engine's protobuf view (`historyView`) with PascalCase event types,
// camelCase field names, plain strings instead of StringValue wrappers and ISO times instead of
// {seconds, nanos}.
import { historyView } from '../engine/instance-view.js';
import { runtimeStatusName } from '@durable-hosts/dts-protocol';

export interface HistoryEventJson {
  /** Position in the history, from 0. */
  index: number;
  eventId: number;
  timestamp: string | null;
  type: string;
  details: Record<string, unknown>;
}

const EVENT_TYPES = [
  'ExecutionStarted', 'ExecutionCompleted', 'ExecutionTerminated', 'TaskScheduled', 'TaskCompleted', 'TaskFailed',
  'SubOrchestrationInstanceCreated', 'SubOrchestrationInstanceCompleted', 'SubOrchestrationInstanceFailed',
  'TimerCreated', 'TimerFired', 'OrchestratorStarted', 'OrchestratorCompleted', 'EventSent', 'EventRaised',
  'GenericEvent', 'HistoryState', 'ContinueAsNew', 'ExecutionSuspended', 'ExecutionResumed',
  'EntityOperationSignaled', 'EntityOperationCalled', 'EntityOperationCompleted', 'EntityOperationFailed',
  'EntityLockRequested', 'EntityLockGranted', 'EntityUnlockSent', 'ExecutionRewound',
];
const TYPE_BY_UPPER = new Map(EVENT_TYPES.map((t) => [t.toUpperCase(), t]));

// protoc's JavaScript output lower-cases field names; these are the ones history events use.
const FIELD_NAMES = [
  'taskScheduledId', 'failureDetails', 'errorType', 'errorMessage', 'stackTrace', 'innerFailure', 'isNonRetriable',
  'fireAt', 'timerId', 'instanceId', 'executionId', 'orchestrationInstance', 'parentInstance',
  'scheduledStartTimestamp', 'orchestrationStatus', 'parentTraceContext', 'targetInstanceId', 'requestId',
  'orchestrationSpanId', 'scheduledTime', 'criticalSectionId', 'lockSet', 'parentInstanceId', 'parentExecutionId',
  'newVersion', 'traceParent', 'traceState', 'spanId', 'orchestrationTraceContext', 'spanStartTime',
  'targetInstance', 'taskScheduledTimestamp', 'customStatus', 'requestTime', 'operation',
];
const FIELD_BY_LOWER = new Map(FIELD_NAMES.map((f) => [f.toLowerCase(), f]));

function isTimestamp(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof value.seconds === 'number' && typeof value.nanos === 'number';
}

function plain(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    // google-protobuf renders map fields as [key, value] pairs under `<name>Map`.
    if (key.endsWith('Map')) return Object.fromEntries(value as [string, unknown][]);
    return value.map((v) => plain(v, ''));
  }
  if (value === null || typeof value !== 'object') {
    if (key === 'orchestrationstatus' && typeof value === 'number') return runtimeStatusName(value) ?? value;
    return value;
  }
  const obj = value as Record<string, unknown>;
  if (isTimestamp(obj)) return new Date((obj.seconds as number) * 1000 + (obj.nanos as number) / 1e6).toISOString();
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === 'value') return obj.value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0) || v === '') continue;
    const name = k.endsWith('Map') ? k.slice(0, -3) : (FIELD_BY_LOWER.get(k) ?? k);
    out[name] = plain(v, k);
  }
  return out;
}

export function historyJson(history: readonly Uint8Array[]): HistoryEventJson[] {
  return historyView(history).map((e, index) => ({
    index,
    eventId: e.eventId as number,
    timestamp: e.timestamp as string | null,
    type: TYPE_BY_UPPER.get(String(e.type)) ?? String(e.type),
    details: (plain(e.details ?? {}, '') as Record<string, unknown>) ?? {},
  }));
}
