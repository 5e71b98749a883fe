// The side panel that shows one step of an instance — a task (activity, sub-orchestration, timer, the
// orchestration itself) with its status, times, input and output, or an event with its payload — for
// the Timeline and the Flow alike.
import type { TimelineSpan } from '../api-client.js';
import { formatClock, formatDuration } from '../display-format.js';
import { append, h } from '../element-builder.js';
import { jsonView } from '../json-view.js';
import { instanceHref } from '../routes.js';
import { statusChip } from '../status-chip.js';

export const KIND_LABEL: Record<TimelineSpan['kind'], string> = {
  orchestration: 'Orchestration',
  activity: 'Activity',
  subOrchestration: 'Sub-orchestration',
  timer: 'Timer',
};

export const SPAN_STATUS: Record<TimelineSpan['status'], string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  terminated: 'Terminated',
  pending: 'Pending',
  canceled: 'Canceled',
};

/** What the inspector needs of a task: a timeline span, or a flow node of a task kind. */
export interface InspectedTask {
  kind: TimelineSpan['kind'];
  name: string;
  status?: TimelineSpan['status'];
  start: string;
  end?: string | null;
  taskId?: number;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  failure?: unknown;
  instanceId?: string;
  fireAt?: string;
  events: number[];
}

export interface InspectedEvent {
  label: string;
  time: string;
  index: number;
  /** The event's payload (EventRaised/EventSent input, entity operation input), when there is one. */
  payload?: unknown;
}

const at = (iso: string, origin: number): string => `${formatClock(iso)} (+${formatDuration(Date.parse(iso) - origin)})`;

function historyLinks(indexes: readonly number[], onShowEvent: (index: number) => void): HTMLElement {
  return h(
    'div',
    { class: 'inspector-events' },
    'History events: ',
    indexes.map((i) => h('button', { class: 'btn-link mono', attrs: { type: 'button', 'aria-label': `Show history event ${i}` }, on: { click: () => onShowEvent(i) } }, `#${i}`)),
  );
}

export function showTask(inspector: HTMLElement, hub: string, s: InspectedTask, origin: number, onShowEvent: (index: number) => void): void {
  const start = Date.parse(s.start);
  const end = s.end ? Date.parse(s.end) : undefined;
  const status = s.status ?? 'running';
  const facts: [string, Node | string][] = [
    ['Status', statusChip(SPAN_STATUS[status])],
    ['Started', at(s.start, origin)],
    ['Ended', s.end ? formatClock(s.end) : '—'],
    ['Duration', end !== undefined ? formatDuration(end - start) : `${formatDuration(Date.now() - start)} so far`],
  ];
  if (s.kind !== 'orchestration' && s.taskId !== undefined) facts.push(['Task id', String(s.taskId)]);
  if ((s.attempt ?? 1) > 1) facts.push(['Attempt', String(s.attempt)]);
  if (s.fireAt) facts.push(['Fires at', formatClock(s.fireAt)]);
  inspector.replaceChildren();
  append(
    inspector,
    h('div', { class: 'inspector-kind' }, KIND_LABEL[s.kind]),
    h('h3', { class: 'inspector-title' }, s.name || KIND_LABEL[s.kind]),
    h('dl', { class: 'facts compact' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
    s.instanceId
      ? h('a', { class: 'btn', attrs: { href: instanceHref(hub, s.instanceId) } }, 'Open child instance ', h('span', { class: 'mono' }, s.instanceId))
      : null,
    s.kind !== 'timer' ? [h('h4', null, 'Input'), jsonView(s.input, { emptyText: 'no input' })] : null,
    status === 'failed' ? [h('h4', null, 'Failure'), jsonView(s.failure)] : null,
    s.kind !== 'timer' && status !== 'failed' ? [h('h4', null, 'Output'), jsonView(s.output, { emptyText: s.end ? 'no output' : 'not finished yet' })] : null,
    historyLinks(s.events, onShowEvent),
  );
}

export function showEvent(inspector: HTMLElement, event: InspectedEvent, origin: number, onShowEvent: (index: number) => void): void {
  inspector.replaceChildren(
    h('div', { class: 'inspector-kind' }, 'Event'),
    h('h3', { class: 'inspector-title' }, event.label),
    h('dl', { class: 'facts compact' }, h('dt', null, 'At'), h('dd', null, at(event.time, origin))),
    ...(event.payload !== undefined ? [h('h4', null, 'Payload'), jsonView(event.payload, { emptyText: 'no payload' })] : []),
    h('button', { class: 'btn', attrs: { type: 'button' }, on: { click: () => onShowEvent(event.index) } }, 'Show in history'),
  );
}
