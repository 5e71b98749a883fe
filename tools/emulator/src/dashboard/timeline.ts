// The timeline (Gantt) of one instance, derived from its history: the orchestration itself, each
// activity, timer and sub-orchestration as a span from scheduling to its result, retries numbered, and
// events (raised, suspended, terminated...) as points in time.
import type { HistoryEventJson } from './history-json.js';

export type SpanKind = 'orchestration' | 'activity' | 'timer' | 'subOrchestration';
/** `canceled`: a timer that never fired because the instance ended first. */
export type SpanStatus = 'running' | 'completed' | 'failed' | 'terminated' | 'pending' | 'canceled';

export interface TimelineSpan {
  kind: SpanKind;
  name: string;
  /** The action id (eventId of the scheduling event); -1 for the orchestration. */
  taskId: number;
  start: string;
  /** Undefined while it runs. */
  end: string | null;
  status: SpanStatus;
  /** 1 for the first call of a name; 2, 3... for calls that follow a failed call of the same name. */
  attempt: number;
  input?: unknown;
  output?: unknown;
  failure?: unknown;
  /** Sub-orchestrations: the child's instance id. Timers: when it was due. */
  instanceId?: string;
  fireAt?: string;
  /** History positions of the events that make up this span. */
  events: number[];
}

export interface TimelineMarker {
  type: string;
  time: string;
  label: string;
  index: number;
}

export interface Timeline {
  start: string | null;
  end: string | null;
  spans: TimelineSpan[];
  markers: TimelineMarker[];
}

const MARKER_TYPES = new Set([
  'EventRaised', 'EventSent', 'ExecutionSuspended', 'ExecutionResumed', 'ExecutionTerminated', 'ContinueAsNew',
  'ExecutionRewound', 'EntityOperationSignaled', 'EntityOperationCalled', 'EntityLockRequested',
]);

function markerLabel(e: HistoryEventJson): string {
  const d = e.details;
  const name = typeof d.name === 'string' ? d.name : typeof d.operation === 'string' ? d.operation : '';
  return name ? `${e.type}: ${name}` : e.type;
}

/**
 * `completedAt` is the instance's end as the store has it: an instance terminated with no worker connected
 * ends without an ExecutionCompleted event.
 */
export function buildTimeline(
  history: readonly HistoryEventJson[],
  runtimeStatus: string,
  completedAt?: string | null,
): Timeline {
  const spans: TimelineSpan[] = [];
  const markers: TimelineMarker[] = [];
  const open = new Map<number, TimelineSpan>();
  const lastByName = new Map<string, TimelineSpan>();
  let orchestration: TimelineSpan | undefined;
  let last: string | null = null;

  const openSpan = (span: TimelineSpan): void => {
    const key = `${span.kind}:${span.name}`;
    const previous = lastByName.get(key);
    if (previous && previous.status === 'failed') span.attempt = previous.attempt + 1;
    lastByName.set(key, span);
    spans.push(span);
    open.set(span.taskId, span);
  };
  const close = (e: HistoryEventJson, id: unknown, status: SpanStatus, output?: unknown, failure?: unknown): void => {
    const span = typeof id === 'number' ? open.get(id) : undefined;
    if (!span) return;
    open.delete(span.taskId);
    span.end = e.timestamp;
    span.status = status;
    if (output !== undefined) span.output = output;
    if (failure !== undefined) span.failure = failure;
    span.events.push(e.index);
  };

  for (const e of history) {
    const d = e.details;
    const at: string = e.timestamp ?? last ?? new Date(0).toISOString();
    last = at;
    switch (e.type) {
      case 'ExecutionStarted':
        orchestration = {
          kind: 'orchestration', name: String(d.name ?? ''), taskId: -1, start: at, end: null, status: 'running',
          attempt: 1, input: d.input, events: [e.index],
        };
        spans.unshift(orchestration);
        break;
      case 'ExecutionCompleted':
        if (orchestration) {
          orchestration.end = at;
          const status = String(d.orchestrationStatus ?? 'Completed');
          orchestration.status = status === 'Failed' ? 'failed' : status === 'Terminated' ? 'terminated' : 'completed';
          orchestration.output = d.result;
          if (d.failureDetails !== undefined) orchestration.failure = d.failureDetails;
          orchestration.events.push(e.index);
        }
        break;
      case 'TaskScheduled':
        openSpan({
          kind: 'activity', name: String(d.name ?? ''), taskId: e.eventId, start: at, end: null, status: 'running',
          attempt: 1, input: d.input, events: [e.index],
        });
        break;
      case 'TaskCompleted':
        close(e, d.taskScheduledId, 'completed', d.result);
        break;
      case 'TaskFailed':
        close(e, d.taskScheduledId, 'failed', undefined, d.failureDetails);
        break;
      case 'SubOrchestrationInstanceCreated':
        openSpan({
          kind: 'subOrchestration', name: String(d.name ?? ''), taskId: e.eventId, start: at, end: null,
          status: 'running', attempt: 1, input: d.input, instanceId: typeof d.instanceId === 'string' ? d.instanceId : undefined,
          events: [e.index],
        });
        break;
      case 'SubOrchestrationInstanceCompleted':
        close(e, d.taskScheduledId, 'completed', d.result);
        break;
      case 'SubOrchestrationInstanceFailed':
        close(e, d.taskScheduledId, 'failed', undefined, d.failureDetails);
        break;
      case 'TimerCreated': {
        const span: TimelineSpan = {
          kind: 'timer', name: 'timer', taskId: e.eventId, start: at, end: null, status: 'pending', attempt: 1,
          fireAt: typeof d.fireAt === 'string' ? d.fireAt : undefined, events: [e.index],
        };
        spans.push(span);
        open.set(span.taskId, span);
        break;
      }
      case 'TimerFired':
        close(e, d.timerId, 'completed');
        break;
      default:
        if (MARKER_TYPES.has(e.type)) markers.push({ type: e.type, time: at, label: markerLabel(e), index: e.index });
    }
  }
  // A finished instance leaves nothing running: whatever is still open was abandoned at its end, so the
  // chart ends there too (a timer due in an hour must not stretch it).
  const finished = ['Completed', 'Failed', 'Terminated', 'ContinuedAsNew'].includes(runtimeStatus);
  const end = orchestration?.end ?? (finished ? (completedAt ?? last) : null);
  if (finished) {
    for (const span of open.values()) {
      span.status = span.kind === 'timer' ? 'canceled' : 'terminated';
      span.end = end;
    }
    if (orchestration && orchestration.end === null) {
      orchestration.end = end;
      orchestration.status = runtimeStatus === 'Failed' ? 'failed' : runtimeStatus === 'Terminated' ? 'terminated' : 'completed';
    }
  }
  const first = spans[0]?.start ?? null;
  return { start: first, end, spans, markers };
}
