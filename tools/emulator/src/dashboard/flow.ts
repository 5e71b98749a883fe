// The Flow of one instance: its execution as the orchestrator lived it, one step per orchestrator episode
// (replay turn) that did something — what woke it (events raised, suspend, terminate...) and what it
// scheduled (activities, sub-orchestrations, timers, events sent, entity operations). Several tasks
// scheduled in one step are a fan-out; the step after them is where they are gathered (fan-in). Built from
// the history and the timeline's spans, so both views tell the same story.
import type { HistoryEventJson } from './history-json.js';
import type { SpanStatus, Timeline, TimelineSpan } from './timeline.js';

export type FlowNodeKind = TimelineSpan['kind'] | 'event';

export interface FlowNode {
  kind: FlowNodeKind;
  /** The history event type of an event node (EventRaised, EventSent, EntityOperationCalled, ...). */
  type?: string;
  name: string;
  status?: SpanStatus;
  start: string;
  end?: string | null;
  taskId?: number;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  failure?: unknown;
  instanceId?: string;
  fireAt?: string;
  /** An event node's fields as the history has them (payload, target, ...). */
  details?: Record<string, unknown>;
  /** History positions of the events that make up this node. */
  events: number[];
}

export interface FlowStep {
  /** 1 for the first episode. */
  episode: number;
  at: string;
  received: FlowNode[];
  scheduled: FlowNode[];
}

export interface Flow {
  /** The orchestration itself: name, input, start; its end, status and output once finished. */
  orchestration: TimelineSpan | null;
  steps: FlowStep[];
}

const RECEIVED = new Set(['EventRaised', 'ExecutionSuspended', 'ExecutionResumed', 'ExecutionTerminated', 'ExecutionRewound']);

export function buildFlow(history: readonly HistoryEventJson[], timeline: Timeline): Flow {
  // The episode each history position belongs to: an episode begins at its OrchestratorStarted.
  const episodeAt: number[] = [];
  const episodeStart = new Map<number, string>();
  let episode = 0;
  for (const e of history) {
    if (e.type === 'OrchestratorStarted') {
      episode++;
      if (e.timestamp) episodeStart.set(episode, e.timestamp);
    }
    episodeAt[e.index] = Math.max(episode, 1);
  }
  const steps = new Map<number, FlowStep>();
  const stepOf = (index: number, at: string): FlowStep => {
    const n = episodeAt[index] ?? 1;
    let step = steps.get(n);
    if (!step) steps.set(n, (step = { episode: n, at: episodeStart.get(n) ?? at, received: [], scheduled: [] }));
    return step;
  };

  let orchestration: TimelineSpan | null = null;
  for (const span of timeline.spans) {
    if (span.kind === 'orchestration') {
      orchestration = span;
      continue;
    }
    const { events, ...rest } = span;
    stepOf(events[0] ?? 0, span.start).scheduled.push({ ...rest, events });
  }
  for (const marker of timeline.markers) {
    const event = history[marker.index];
    const name = typeof event?.details.name === 'string' ? event.details.name : typeof event?.details.operation === 'string' ? event.details.operation : '';
    const node: FlowNode = { kind: 'event', type: marker.type, name, start: marker.time, details: event?.details ?? {}, events: [marker.index] };
    const step = stepOf(marker.index, marker.time);
    (RECEIVED.has(marker.type) ? step.received : step.scheduled).push(node);
  }
  const ordered = [...steps.values()].sort((a, b) => a.episode - b.episode);
  for (const step of ordered) step.scheduled.sort((a, b) => (a.events[0] ?? 0) - (b.events[0] ?? 0));
  return { orchestration, steps: ordered };
}
